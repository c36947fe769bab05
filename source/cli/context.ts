import {UsageError} from '../core/errors.js';
import {openExistingQueue, openQueue, type Queue} from '../core/queue-open.js';
import type {Parsed} from './flags.js';
import {pathsFrom} from './flag-values.js';

// The values read from flags alone live in flag-values.ts (no database): `add`'s hand-off path needs them.
export {idsFrom, intFlag, pathsFrom, print} from './flag-values.js';

/** Opens the queue the flags point at. */
export function queueFrom(p: Parsed): Queue {
	return openQueue({home: p.flags.home as string | undefined});
}

/** Opens the queue for a command that only reads: undefined when there is none (nothing is created). */
export function existingQueueFrom(p: Parsed): Queue | undefined {
	return openExistingQueue({home: p.flags.home as string | undefined});
}

/** The queue a read-only command needs a job from; with no queue yet, the job is not there either. */
export function queueWithJobs(p: Parsed, ids: number[]): Queue {
	const q = existingQueueFrom(p);
	if (!q) throw new UsageError(`no job #${ids[0]} in ${pathsFrom(p).home}`);
	return q;
}

