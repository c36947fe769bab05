import {UsageError} from '../core/errors.js';
import {resolvePaths, type QueuePaths} from '../core/home.js';
import {openExistingQueue, openQueue, type Queue} from '../core/queue.js';
import type {Parsed} from './flags.js';

/** The queue's paths, without creating anything (for checks before any change). */
export function pathsFrom(p: Parsed): QueuePaths {
	return resolvePaths({cwd: process.cwd(), home: p.flags.home as string | undefined});
}

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

/** Job ids from the positionals; at least one, each a positive integer. */
export function idsFrom(p: Parsed, command: string): number[] {
	if (p.positionals.length === 0) throw new UsageError(`queue-tui ${command}: give a job id`);
	return p.positionals.map(word => {
		const id = Number(word.replace(/^#/, ''));
		if (!Number.isInteger(id) || id <= 0) throw new UsageError(`not a job id: ${word}`);
		return id;
	});
}

/** A whole number in [min, max] from a flag, or a UsageError naming the flag. */
export function intFlag(p: Parsed, name: string, min: number, max: number): number | undefined {
	const raw = p.flags[name];
	if (raw === undefined) return undefined;
	const n = Number(raw);
	if (!Number.isInteger(n) || n < min || n > max) throw new UsageError(`--${name} takes a whole number from ${min} to ${max}, not '${String(raw)}'`);
	return n;
}

export const print = (line: string) => process.stdout.write(line + '\n');
