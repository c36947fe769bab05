import type {QueuePaths} from '../home.js';
import {progressText} from '../job-view.js';
import {flowRef, stepDetail} from './flow-line.js';
import type {When} from './definition.js';
import {flowExitCode, plannedJobs, type FlowState} from './flow-state.js';
import {flowLine, type FlowView} from './queue-flow.js';

/**
 * A flow as the JSON forms print it (`wait fN --json`, `flow run --wait --json`, the dashboard's
 * `/api/flows`): where it stands, its one line, and each step and check with its job and result.
 * Facts only: never the jobs' environment values.
 */
export interface FlowJson {
	flow: string;
	workflow: string;
	label: string | null;
	state: FlowState;
	ended: boolean;
	exitCode: number | null;
	current: {role: 'step' | 'check'; index: number; of: number; name: string; job: number} | null;
	failedStep: string | null;
	failedCheck: string | null;
	line: string;
	createdAt: number;
	finishedAt: number | null;
	steps: Array<{name: string; role: 'step' | 'check'; when: When; job: number; state: string; result: string | null}>;
}

export function flowJson(paths: QueuePaths, v: FlowView): FlowJson {
	const {flow, outcome: o} = v;
	const c = o.current;
	return {
		flow: flowRef(flow.id),
		workflow: flow.name,
		label: flow.label ?? null,
		state: o.state,
		ended: o.ended,
		exitCode: o.ended ? flowExitCode(o) : null,
		current: c ? {role: c.entry.role, index: c.index, of: c.of, name: c.entry.name, job: c.entry.jobId} : null,
		failedStep: o.failedStep?.entry.name ?? null,
		failedCheck: o.failedChecks[0]?.entry.name ?? null,
		line: flowLine(paths, v),
		createdAt: flow.createdAt,
		finishedAt: flow.finishedAt ?? null,
		steps: plannedJobs(flow, v.jobs).map(p => ({
			name: p.entry.name,
			role: p.entry.role,
			when: p.entry.when,
			job: p.entry.jobId,
			state: p.job?.state ?? 'deleted',
			// How it ended (`3 tests failed`, `exit 1`), or how far it got while it runs.
			result: !p.job ? 'deleted' : p.job.state === 'running' ? progressText(p.job) || null : p.job.state === 'succeeded' || p.job.state === 'queued' ? null : stepDetail(p),
		})),
	};
}
