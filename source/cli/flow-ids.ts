import {UsageError} from '../core/errors.js';
import {flowRef, parseFlowRef} from '../core/flows/flow-line.js';
import type {Queue} from '../core/queue.js';
import {existingQueueFrom, pathsFrom} from './context.js';
import type {Parsed} from './flags.js';

/** A job id (`12`, `#12`) or a flow id (`f12`): `wait`, `cancel`, `retry` and `report` take both. */
export type Target = {type: 'job'; id: number} | {type: 'flow'; id: number};

/** The targets named by the positionals; at least one, each a job id or a flow id. */
export function targetsFrom(words: string[], command: string): Target[] {
	if (words.length === 0) throw new UsageError(`queue-tui ${command}: give a job id (or a flow id, f12)`);
	return words.map(word => {
		const flow = parseFlowRef(word);
		if (flow !== undefined) return {type: 'flow', id: flow};
		const id = Number(word.replace(/^#/, ''));
		if (!Number.isInteger(id) || id <= 0) throw new UsageError(`not a job id: ${word} (a flow id is written f12)`);
		return {type: 'job', id};
	});
}

/** The jobs among the targets. */
export const jobIds = (targets: Target[]): number[] => targets.filter(t => t.type === 'job').map(t => t.id);

/** The queue a read-only command needs these from; with no queue yet, they are not there either (nothing is created). */
export function queueWithTargets(p: Parsed, targets: Target[]): Queue {
	const q = existingQueueFrom(p);
	if (!q) throw new UsageError(`no ${targets[0].type === 'flow' ? `flow ${flowRef(targets[0].id)}` : `job #${targets[0].id}`} in ${pathsFrom(p).home}`);
	return q;
}
