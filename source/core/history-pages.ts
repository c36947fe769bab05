import type {Store} from './store.js';
import {toJob, type Row} from './store-rows.js';
import {FINAL_STATES, type Job} from './types.js';

/** A place in queue order: finished jobs are paged by it, on the (position, id) indexes. */
export interface Key {
	position: number;
	id: number;
}

export const compareKeys = (a: Key, b: Key): number => a.position - b.position || a.id - b.id;

const FINALS = FINAL_STATES.map(s => `'${s}'`).join(',');

/**
 * `+state`: the planner must walk the (label,) position index in order and stop at the LIMIT, not
 * gather every finished job from the state index and sort them (a cost that grows with history).
 */
function finishedWhere(label: string | undefined, bounds: Array<[string, Key | undefined]>): {where: string; args: unknown[]} {
	const where = [`+state IN (${FINALS})`];
	const args: unknown[] = [];
	if (label !== undefined) {
		where.push('label = ?');
		args.push(label);
	}
	for (const [op, key] of bounds) {
		if (!key) continue;
		where.push(`(position, id) ${op} (?, ?)`);
		args.push(key.position, key.id);
	}
	return {where: where.join(' AND '), args};
}

/**
 * The key of the `n`th finished job (1: the first) walking queue order down from just before
 * `before` (the end of the queue when not given), or up from `from` (inclusive; the start when not
 * given). undefined when fewer than `n` are there. An index walk of `n` entries, whatever the history.
 */
export function nthFinished(store: Store, opts: {label?: string; n: number} & ({down: true; before?: Key} | {down: false; from?: Key})): Key | undefined {
	const {where, args} = opts.down ? finishedWhere(opts.label, [['<', opts.before]]) : finishedWhere(opts.label, [['>=', opts.from]]);
	const order = opts.down ? 'position DESC, id DESC' : 'position, id';
	const sql = `SELECT position, id FROM jobs WHERE ${where} ORDER BY ${order} LIMIT 1 OFFSET ?`;
	return store.sql(sql).get(...args, Math.max(0, opts.n - 1)) as Key | undefined;
}

/** The finished jobs from `from` (inclusive) up to `to` (exclusive), in queue order; an open end when not given. */
export function finishedBetween(store: Store, opts: {label?: string; from?: Key; to?: Key}): Job[] {
	const {where, args} = finishedWhere(opts.label, [['>=', opts.from], ['<', opts.to]]);
	return (store.sql(`SELECT * FROM jobs WHERE ${where} ORDER BY position, id`).all(...args) as Row[]).map(toJob);
}
