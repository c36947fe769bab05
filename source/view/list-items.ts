/**
 * The job list as items (pure): a flow is one row standing where its first job stands in queue
 * order, its steps and checks hidden under it unless it is expanded; every other job is a row
 * of its own. Selection is kept as a job id (what the detail and the log show) plus, when the
 * flow's own row is selected, the flow's id: `selectedId` then follows the flow's current job.
 */
import type {FlowView} from '../core/flows/queue-flow.js';
import type {Job} from '../core/types.js';

export type ListItem =
	| {type: 'job'; job: Job; /** A step or check shown under its expanded flow: `├` or `└` (the last). */ tree?: string}
	| {type: 'flow'; view: FlowView; isExpanded: boolean};

/** Jobs in queue order, flows folded: each flow at its first job's place, its jobs (in plan order) under it when expanded. */
export function listItems(jobs: readonly Job[], flows: readonly FlowView[] | undefined, expanded: readonly number[] = []): ListItem[] {
	if (!flows || flows.length === 0) return jobs.map(job => ({type: 'job', job}));
	const byId = new Map(flows.map(v => [v.flow.id, v]));
	const shown = new Map(jobs.map(j => [j.id, j]));
	const placed = new Set<number>();
	const items: ListItem[] = [];
	for (const job of jobs) {
		const view = job.flowId === undefined ? undefined : byId.get(job.flowId);
		if (!view) {
			items.push({type: 'job', job});
			continue;
		}
		if (placed.has(view.flow.id)) continue;
		placed.add(view.flow.id);
		const isExpanded = expanded.includes(view.flow.id);
		items.push({type: 'flow', view, isExpanded});
		if (!isExpanded) continue;
		const steps = view.flow.plan.map(e => shown.get(e.jobId)).filter((j): j is Job => j !== undefined);
		steps.forEach((step, i) => items.push({type: 'job', job: step, tree: i === steps.length - 1 ? '└' : '├'}));
	}
	return items;
}

/**
 * The job a flow's row stands for (its detail and log): the step or check running or next to
 * run; once ended, the step or check that failed, else its last job.
 */
export function flowJob(view: FlowView): Job | undefined {
	const o = view.outcome;
	const pick = o.current ?? o.failedStep ?? o.failedChecks[0];
	return pick?.job ?? [...view.flow.plan].reverse().map(e => view.jobs.get(e.jobId)).find(j => j !== undefined);
}

/** Where the selection is among the items (-1: none): the flow's row, the job's row, or the collapsed flow hiding that job. */
export function selectedIndex(sel: {selectedId?: number; flowId?: number}, items: readonly ListItem[]): number {
	if (sel.flowId !== undefined) {
		const i = items.findIndex(it => it.type === 'flow' && it.view.flow.id === sel.flowId);
		if (i >= 0) return i;
	}
	const own = items.findIndex(it => it.type === 'job' && it.job.id === sel.selectedId);
	if (own >= 0) return own;
	return items.findIndex(it => it.type === 'flow' && it.view.jobs.has(sel.selectedId ?? -1));
}

/** The selection that points at an item: a flow's row (with its current job) or a job. */
export function selectionOf(item: ListItem | undefined): {selectedId?: number; flowId?: number} {
	if (!item) return {};
	if (item.type === 'job') return {selectedId: item.job.id, flowId: undefined};
	return {selectedId: flowJob(item.view)?.id, flowId: item.view.flow.id};
}
