import fs from 'node:fs';
import {logPath, reportPath} from './home.js';
import {change, type Queue} from './queue.js';
import {FINAL_STATES} from './types.js';

/** Which finished jobs to remove. Every field narrows the choice; none of them touches an unfinished job. */
export interface CleanFilter {
	/** Only jobs that finished before now minus this many ms. */
	olderThanMs?: number;
	/** Only jobs with this label. */
	label?: string;
	/** Keep this many of the newest finished jobs (among those the label selects). */
	keep?: number;
}

/** Rows removed per transaction: short write locks, so `add` never waits long behind a big clean. */
const BATCH = 500;

/**
 * The finished jobs a clean would remove, oldest first. A finished job that an unfinished one
 * still depends on (`--after 5` waiting for its turn) is kept, so the dependency keeps its answer.
 */
export function selectForClean(q: Queue, filter: CleanFilter): number[] {
	const finals = FINAL_STATES.map(s => `'${s}'`).join(',');
	const where = [`state IN (${finals})`, 'finished_at IS NOT NULL'];
	const args: unknown[] = [];
	if (filter.label !== undefined) {
		where.push('label = ?');
		args.push(filter.label);
	}
	if (filter.olderThanMs !== undefined) {
		where.push('finished_at < ?');
		args.push(q.now() - filter.olderThanMs);
	}
	where.push(`NOT EXISTS (SELECT 1 FROM deps d JOIN jobs w ON w.id = d.job_id WHERE d.dep_id = jobs.id AND w.state NOT IN (${finals}))`);
	const sql = `SELECT id FROM jobs WHERE ${where.join(' AND ')} ORDER BY finished_at DESC, id DESC LIMIT -1 OFFSET ?`;
	const ids = q.store.db.prepare(sql).pluck().all(...args, filter.keep ?? 0) as number[];
	return ids.reverse();
}

/** Removes the chosen finished jobs with their attempts, logs and reports. Returns how many went. */
export function cleanHistory(q: Queue, filter: CleanFilter): number {
	const ids = selectForClean(q, filter);
	const remove = q.store.db.prepare(`DELETE FROM jobs WHERE id = ? AND state IN (${FINAL_STATES.map(s => `'${s}'`).join(',')})`);
	let removed = 0;
	for (let i = 0; i < ids.length; i += BATCH) {
		const batch = ids.slice(i, i + BATCH);
		const gone = change(q, () => batch.filter(id => remove.run(id).changes > 0));
		// Files after the commit: a crash in between leaves an orphan file, never a row without its log.
		for (const id of gone) {
			for (const file of [logPath(q.paths, id), reportPath(q.paths, id)]) fs.rmSync(file, {force: true});
		}
		removed += gone.length;
	}
	return removed;
}
