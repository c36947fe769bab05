import {ensureRunner, retryJobs} from '../../core/queue.js';
import {idsFrom, print, queueFrom} from '../context.js';
import type {Parsed} from '../flags.js';

/** `queue-tui retry ID…`: queues jobs that ended badly again, at the back, with fresh retries. */
export async function run(p: Parsed): Promise<number> {
	const ids = idsFrom(p, 'retry');
	const q = queueFrom(p);
	for (const job of retryJobs(q, ids)) print(`#${job.id} queued again`);
	if (p.flags['no-start'] !== true) ensureRunner(q);
	q.store.close();
	return 0;
}
