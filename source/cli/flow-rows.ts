import {formatDuration} from '../core/duration.js';
import {flowRef, flowTitle} from '../core/flows/flow-line.js';
import type {FlowView} from '../core/flows/flow-view.js';
import type {Job} from '../core/types.js';

export {flowViews} from '../core/flows/flow-view.js';

/**
 * Rewrites `list`'s table rows (one per job, same order) so each flow's jobs sit together under a
 * row for the flow: `f3  running  -  quality QUAL-044  step 2/3 extract`, its jobs indented.
 */
export function groupFlows(rows: string[][], jobs: Job[], flows: Map<number, FlowView>, now: number): void {
	const grouped: string[][] = [];
	const done = new Set<number>();
	jobs.forEach((job, i) => {
		const v = job.flowId === undefined ? undefined : flows.get(job.flowId);
		if (!v) {
			grouped.push(rows[i]);
			return;
		}
		if (done.has(v.flow.id)) return;
		done.add(v.flow.id);
		const c = v.outcome.current;
		const end = v.flow.finishedAt ?? v.outcome.endedAt ?? now;
		grouped.push([flowRef(v.flow.id), v.outcome.state, '', flowTitle(v.flow).replace(/^f\d+ /, ''), c ? `${c.entry.role} ${c.index}/${c.of} ${c.entry.name}` : '', formatDuration(end - v.flow.createdAt), '', `flow run ${v.flow.name}`]);
		jobs.forEach((other, k) => {
			if (other.flowId === v.flow.id) grouped.push([`  ${rows[k][0]}`, ...rows[k].slice(1)]);
		});
	});
	rows.splice(0, rows.length, ...grouped);
}
