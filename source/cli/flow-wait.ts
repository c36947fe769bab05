import fs from 'node:fs';
import {writeAtomic} from '../core/atomic-file.js';
import {flowExitCode} from '../core/flows/flow-state.js';
import {flowJson} from '../core/flows/flow-json.js';
import {flowLine, flowReportPath, mustGetFlow, type FlowView} from '../core/flows/queue-flow.js';
import {isAlive} from '../core/processes.js';
import type {Queue} from '../core/queue.js';
import {waitUntil} from './wait-for.js';

/**
 * Waits until every step and check of the flow has ended and the runner has recorded the flow's
 * end (it does so just after the last job's end commits; a dead runner's successor does it when it
 * starts), and until its report is there: the result line names it. The report's module (with the
 * notifiers beside it) loads only when it is missing.
 */
export async function waitForFlow(q: Queue, id: number): Promise<FlowView> {
	const view = await waitUntil(q, () => {
		const v = mustGetFlow(q, id);
		return v.outcome.ended && (v.flow.finishedAt !== undefined || !isAlive(q.store.runner())) ? v : undefined;
	});
	const file = flowReportPath(q.paths, id);
	if (!fs.existsSync(file)) {
		const {flowReport} = await import('../core/flows/flow-end.js');
		try {
			writeAtomic(file, flowReport(q, view));
		} catch {} // the line still says where it goes; `queue-tui report f12` renders it anyway
	}
	return view;
}

/** The one result line (or its JSON) of an ended flow, and the exit code it gives. */
export function flowResult(q: Queue, v: FlowView, json: boolean): {text: string; code: number} {
	const text = json ? JSON.stringify(flowJson(q.paths, v)) : flowLine(q.paths, v);
	return {text, code: flowExitCode(v.outcome)};
}
