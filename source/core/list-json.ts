import {flowRef} from './flows/flow-line.js';
import {jobJson} from './job-view.js';
import type {Job} from './types.js';

/** One job as `list --json` (and the dashboard's `/api/jobs`) print it: its facts and its flow. */
export function listJobJson(j: Job): object {
	return {...jobJson(j), flow: j.flowId === undefined ? null : flowRef(j.flowId), flowStep: j.flowStep ?? null};
}
