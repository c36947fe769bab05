import {CommitSignal} from '../core/commit-signal.js';
import {loadConfig} from '../core/config.js';
import {ensureRunner, mustGet, type Queue} from '../core/queue.js';
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

/** Waits until the job ends. */
export function waitForJob(q: Queue, id: number, fallbackMs = 1000): Promise<Job> {
	return waitUntil(q, () => {
		const job = mustGet(q, id);
		return isFinal(job.state) ? job : undefined;
	}, fallbackMs);
}
