import {canHandOff, handOff} from '../../core/add-socket.js';
import {newAddToken} from '../../core/add-token.js';
import {loadConfig} from '../../core/config.js';
import type {Queue} from '../../core/queue.js';
import {dropSnapshot} from '../../core/snapshot.js';
import {pathsFrom, print} from '../flag-values.js';
import type {Parsed} from '../flags.js';
import {depsFrom, jobSpecFrom} from '../job-spec.js';

/**
 * `queue-tui add -- CMD`: queues the command and prints its id; starts a runner when none is alive.
 * Everything is checked first; then a live runner is handed the job over its socket (no database
 * opened here: the fast path), and anything short of its answer queues the job directly instead.
 */
export async function run(p: Parsed): Promise<number> {
	const deps = depsFrom(p);
	const paths = pathsFrom(p);
	const spec = jobSpecFrom(p, loadConfig(paths.root));
	let id: number | undefined;
	let direct: {q: Queue; ensureRunner: (q: Queue) => unknown} | undefined;
	try {
		let token: string | undefined;
		if (canHandOff(paths.home)) {
			token = newAddToken();
			id = await handOff(paths.home, {token, spec, deps});
		}
		if (id === undefined) {
			// With the token of a hand-off that may have happened: found, not queued twice.
			const [{enqueue, ensureRunner}, {queueFrom}] = await Promise.all([import('../../core/queue.js'), import('../context.js')]);
			direct = {q: queueFrom(p), ensureRunner};
			id = enqueue(direct.q, spec, deps, token);
		}
	} catch (error) {
		direct?.q.store.close();
		// Nothing was queued: the snapshot has nobody to run on it.
		if (spec.tree) dropSnapshot(spec.tree);
		throw error;
	}
	if (direct) {
		if (p.flags['no-start'] !== true) direct.ensureRunner(direct.q);
		direct.q.store.close();
	}
	print(p.flags.json ? JSON.stringify({id}) : String(id));
	return 0;
}
