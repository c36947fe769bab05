import {loadConfig} from '../../core/config.js';
import {enqueue, ensureRunner} from '../../core/queue.js';
import {dropSnapshot} from '../../core/snapshot.js';
import {pathsFrom, print, queueFrom} from '../context.js';
import type {Parsed} from '../flags.js';
import {depsFrom, jobSpecFrom} from '../job-spec.js';

/** `queue-tui add -- CMD`: queues the command and prints its id; starts a runner when none is alive. */
export async function run(p: Parsed): Promise<number> {
	const deps = depsFrom(p);
	const spec = jobSpecFrom(p, loadConfig(pathsFrom(p).root));
	const q = queueFrom(p);
	let id: number;
	try {
		id = enqueue(q, spec, deps);
	} catch (error) {
		// Nothing was queued: the snapshot has nobody to run on it.
		if (spec.tree) dropSnapshot(spec.tree);
		throw error;
	}
	if (p.flags['no-start'] !== true) ensureRunner(q);
	print(p.flags.json ? JSON.stringify({id}) : String(id));
	q.store.close();
	return 0;
}
