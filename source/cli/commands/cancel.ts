import {cancelJobs, ensureRunner} from '../../core/queue.js';
import {idsFrom, print, queueFrom} from '../context.js';
import type {Parsed} from '../flags.js';

/** `queue-tui cancel ID…`: a waiting job ends at once; a running one gets SIGTERM, then SIGKILL from the runner. */
export async function run(p: Parsed): Promise<number> {
	const ids = idsFrom(p, 'cancel');
	const q = queueFrom(p);
	const jobs = cancelJobs(q, ids);
	// The runner finishes a cancel (SIGKILL after the grace period) and records it; make sure one is there.
	if (jobs.some(j => j.state === 'running')) ensureRunner(q);
	for (const job of jobs) print(job.state === 'running' ? `#${job.id} cancelling (SIGTERM sent to its process group)` : `#${job.id} cancelled`);
	q.store.close();
	return 0;
}
