import type {Store} from '../store.js';
import type {Job} from '../types.js';
import {flowStore, type FlowRow} from './flow-store.js';
import {flowOutcome, type FlowOutcome} from './flow-state.js';
import {flowStatusPart} from './flow-line.js';

/** A flow with its jobs and where it stands. */
export interface FlowView {
	flow: FlowRow;
	jobs: Map<number, Job>;
	outcome: FlowOutcome;
}

export function flowView(store: Store, id: number): FlowView | undefined {
	const flow = flowStore.get(store, id);
	if (!flow) return undefined;
	const jobs = flowStore.jobs(store, id);
	return {flow, jobs, outcome: flowOutcome(flow, jobs)};
}

/** The flows these jobs belong to, by flow id. */
export function flowViews(store: Store, jobs: Job[]): Map<number, FlowView> {
	const out = new Map<number, FlowView>();
	for (const id of new Set(jobs.flatMap(j => (j.flowId === undefined ? [] : [j.flowId])))) {
		const v = flowView(store, id);
		if (v) out.set(id, v);
	}
	return out;
}

/** The status line's part for each running job that is a step of a flow, by job id. */
export function flowStatusParts(store: Store, running: Job[], now: number): Record<number, string> {
	const out: Record<number, string> = {};
	for (const job of running) {
		const v = job.flowId === undefined ? undefined : flowView(store, job.flowId);
		if (v) out[job.id] = flowStatusPart(v.flow, v.outcome, now);
	}
	return out;
}
