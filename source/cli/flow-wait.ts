import {flowExitCode} from '../core/flows/flow-state.js';
import {flowRef} from '../core/flows/flow-line.js';
import {flowLine, mustGetFlow, type FlowView} from '../core/flows/queue-flow.js';
import type {Queue} from '../core/queue.js';
import {waitUntil} from './wait-for.js';

/** Waits until every step and check of the flow has ended. */
export function waitForFlow(q: Queue, id: number): Promise<FlowView> {
	return waitUntil(q, () => {
		const v = mustGetFlow(q, id);
		return v.outcome.ended ? v : undefined;
	});
}

/** The one result line (or its JSON) of an ended flow, and the exit code it gives. */
export function flowResult(q: Queue, v: FlowView, json: boolean): {text: string; code: number} {
	const line = flowLine(q.paths, v);
	const code = flowExitCode(v.outcome);
	const failedCheck = v.outcome.failedChecks[0]?.entry.name ?? null;
	const text = json
		? JSON.stringify({flow: flowRef(v.flow.id), state: v.outcome.state, exitCode: code, failedStep: v.outcome.failedStep?.entry.name ?? null, failedCheck, line})
		: line;
	return {text, code};
}
