import fs from 'node:fs';
import {logPath, reportPath} from './home.js';
import {change, type Queue} from './queue.js';
import {finishedBeyond} from './store-history.js';
import {isFinal} from './types.js';

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

/** The finished jobs a clean would remove, oldest first (never one an unfinished job still waits on). */
export function selectForClean(q: Queue, filter: CleanFilter): number[] {
	const before = filter.olderThanMs === undefined ? undefined : q.now() - filter.olderThanMs;
	return finishedBeyond(q.store, {label: filter.label, before, keep: filter.keep ?? 0}).reverse();
}

/** Removes the chosen finished jobs with their attempts, logs and reports. Returns how many went. */
export function cleanHistory(q: Queue, filter: CleanFilter): number {
	const ids = selectForClean(q, filter);
	let removed = 0;
	for (let i = 0; i < ids.length; i += BATCH) {
		const batch = ids.slice(i, i + BATCH);
		// Checked again under the write lock: a job retried since the selection is no longer finished.
		const gone = change(q, () => batch.filter(id => {
			const job = q.store.job(id);
			if (!job || !isFinal(job.state)) return false;
			q.store.deleteJob(id);
			return true;
		}));
		// Files after the commit: a crash in between leaves an orphan file, never a row without its log.
		for (const id of gone) {
			for (const file of [logPath(q.paths, id), reportPath(q.paths, id)]) fs.rmSync(file, {force: true});
		}
		removed += gone.length;
	}
	return removed;
}
