import {loadConfig} from '../core/config.js';
import {ensureRunner, mustGet, type Queue} from '../core/queue.js';
import {isFinal, type Job} from '../core/types.js';

const sleep = (ms: number) => new Promise(r => setTimeout(r, ms));

/**
 * Waits until the job ends, costing nothing meanwhile but a cheap poll of SQLite's data_version.
 * Makes sure a runner is alive every few seconds, so a waiter never waits on a queue nobody runs.
 */
export async function waitForJob(q: Queue, id: number, pollMs = 100): Promise<Job> {
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
		await sleep(pollMs);
	}
}
