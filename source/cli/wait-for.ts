import {CommitSignal} from '../core/commit-signal.js';
import {loadConfig} from '../core/config.js';
import {ensureRunner, mustGet, type Queue} from '../core/queue.js';
import {jobEndAfter, lastEventSeq, removedSeq} from '../core/store-events.js';
import {isFinal, type Job} from '../core/types.js';

/**
 * Waits until `done` returns a value, waking within milliseconds of each commit (a watch on the
 * queue's WAL) and costing nothing meanwhile; a slow poll of SQLite's data_version backs the watch
 * up. Makes sure a runner is alive every few seconds, so a waiter never waits on a queue nobody runs.
 */
export async function waitUntil<T>(q: Queue, done: () => T | undefined, fallbackMs = 1000): Promise<T> {
	const signal = new CommitSignal(q.paths);
	try {
		let version = -1;
		let lastCheck = 0;
		for (;;) {
			const v = q.store.dataVersion();
			if (v !== version) {
				version = v;
				const result = done();
				if (result !== undefined) return result;
			}
			if (Date.now() - lastCheck > 3000) {
				lastCheck = Date.now();
				// A runner refuses a broken config: say so rather than wait for a job nothing will run.
				if (q.store.meta('paused') !== '1') {
					loadConfig(q.paths.root);
					ensureRunner(q);
				}
			}
			await signal.next(fallbackMs);
		}
	} finally {
		signal.close();
	}
}

/**
 * Waits until the job ends: one lookup by id at first (a finished job answers at once), then it
 * follows the event log from a cursor and reads the job again only when the log says it ended
 * (or a job was removed: if it was this one, mustGet says so).
 */
export function waitForJob(q: Queue, id: number, fallbackMs = 1000): Promise<Job> {
	// Taken before the first look, so an end committed in between is in the log after it.
	let cursor = lastEventSeq(q.store);
	let removed = removedSeq(q.store);
	let first = true;
	return waitUntil(q, () => {
		if (!first) {
			const seen = jobEndAfter(q.store, cursor, id);
			cursor = seen.last;
			const gone = removedSeq(q.store);
			if (!seen.ended && gone === removed) return undefined;
			removed = gone;
		}
		first = false;
		const job = mustGet(q, id);
		return isFinal(job.state) ? job : undefined;
	}, fallbackMs);
}
