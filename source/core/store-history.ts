import type {Store} from './store.js';
import {FINAL_STATES} from './types.js';

const FINALS = FINAL_STATES.map(s => `'${s}'`).join(',');

/**
 * Finished jobs, newest first, past the newest `keep`, optionally of one label and finished before
 * `before`. A finished job that an unfinished one still depends on (`--after 5` waiting for its
 * turn) is never chosen, so the dependency keeps its answer.
 */
export function finishedBeyond(store: Store, filter: {label?: string; before?: number; keep: number}): number[] {
	const where = [`state IN (${FINALS})`, 'finished_at IS NOT NULL'];
	const args: unknown[] = [];
	if (filter.label !== undefined) {
		where.push('label = ?');
		args.push(filter.label);
	}
	if (filter.before !== undefined) {
		where.push('finished_at < ?');
		args.push(filter.before);
	}
	where.push(`NOT EXISTS (SELECT 1 FROM deps d JOIN jobs w ON w.id = d.job_id WHERE d.dep_id = jobs.id AND w.state NOT IN (${FINALS}))`);
	const sql = `SELECT id FROM jobs WHERE ${where.join(' AND ')} ORDER BY finished_at DESC, id DESC LIMIT -1 OFFSET ?`;
	return store.db.prepare(sql).pluck().all(...args, filter.keep) as number[];
}

/**
 * Every label in the queue, sorted. A skip scan: one index search per label, each for the first
 * label after the last (DISTINCT would walk every job's entry in the label index: 3 ms at 50k jobs).
 */
export function labelsIn(store: Store): string[] {
	return store.sql(`WITH RECURSIVE l(label) AS (
		SELECT (SELECT label FROM jobs WHERE label IS NOT NULL ORDER BY label LIMIT 1)
		UNION ALL SELECT (SELECT label FROM jobs WHERE label > l.label ORDER BY label LIMIT 1) FROM l WHERE l.label IS NOT NULL
	) SELECT label FROM l WHERE label IS NOT NULL`).pluck().all() as string[];
}

/** The ids of the jobs not over yet (queued, running, interrupted), from the state index. */
export function unfinishedIds(store: Store): number[] {
	return store.db.prepare(`SELECT id FROM jobs WHERE state IN ('queued','running','interrupted')`).pluck().all() as number[];
}
