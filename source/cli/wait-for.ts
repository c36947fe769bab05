import {CommitSignal} from '../core/commit-signal.js';
import {loadConfig} from '../core/config.js';
import {ensureRunner, mustGet, type Queue} from '../core/queue.js';
import {isFinal, type Job} from '../core/types.js';

/**
 * Waits until the job ends, waking within milliseconds of the commit that ends it (a watch on the
 * queue's WAL) and costing nothing meanwhile; a slow poll of SQLite's data_version backs the watch
 * up. Makes sure a runner is alive every few seconds, so a waiter never waits on a queue nobody runs.
 */
export async function waitForJob(q: Queue, id: number, fallbackMs = 1000): Promise<Job> {
	const signal = new CommitSignal(q.paths);
	try {
		return await waitLoop(q, id, signal, fallbackMs);
	} finally {
		signal.close();
	}
}

async function waitLoop(q: Queue, id: number, signal: CommitSignal, fallbackMs: number): Promise<Job> {
	let version = -1;
	let lastCheck = 0;
	for (;;) {
		const v = q.store.dataVersion();
		if (v !== version) {
			version = v;
			const job = mustGet(q, id);
			if (isFinal(job.state)) return job;
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
}
