import {cancelJob, ensureRunner} from '../../core/queue.js';
import {idsFrom, print, queueFrom} from '../context.js';
import type {Parsed} from '../flags.js';

/** `queue-tui cancel ID…`: a waiting job ends at once; a running one gets SIGTERM, then SIGKILL from the runner. */
export async function run(p: Parsed): Promise<number> {
	const ids = idsFrom(p, 'cancel');
	const q = queueFrom(p);
	for (const id of ids) {
		const job = cancelJob(q, id);
		if (job.state === 'running') {
			// The runner finishes the cancel (SIGKILL after the grace period) and records it; make sure one is there.
			ensureRunner(q);
			print(`#${id} cancelling (SIGTERM sent to its process group)`);
		} else {
			print(`#${id} cancelled`);
		}
	}
	q.store.close();
	return 0;
}
