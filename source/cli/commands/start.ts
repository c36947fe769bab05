import {change, ensureRunner, setPaused} from '../../core/queue.js';
import {loadConfig} from '../../core/config.js';
import {intFlag, pathsFrom, print, queueFrom} from '../context.js';
import type {Parsed} from '../flags.js';

/** `queue-tui start [--parallel N]`: makes sure a background runner is alive. */
export async function run(p: Parsed): Promise<number> {
	const parallel = intFlag(p, 'parallel', 1, 64);
	loadConfig(pathsFrom(p).root); // the runner refuses a broken config: say so here, before any change
	const q = queueFrom(p);
	if (parallel !== undefined) change(q, () => q.store.setMeta('parallel', String(parallel)));
	const result = ensureRunner(q);
	print(result === 'alive' ? 'runner already running' : 'runner started');
	q.store.close();
	return 0;
}

/** `queue-tui pause` / `resume`: nothing new starts while paused; running jobs go on. */
export function pauseCommand(paused: boolean) {
	return async (p: Parsed): Promise<number> => {
		if (!paused) loadConfig(pathsFrom(p).root);
		const q = queueFrom(p);
		setPaused(q, paused);
		if (!paused) ensureRunner(q);
		print(paused ? 'queue paused (running jobs go on)' : 'queue resumed');
		q.store.close();
		return 0;
	};
}
