import {UsageError} from '../core/errors.js';
import {resolvePaths, type QueuePaths} from '../core/home.js';
import type {Parsed} from './flags.js';
import {writeOut} from './stdout.js';

/** The queue's paths, without creating anything (for checks before any change). */
export function pathsFrom(p: Parsed): QueuePaths {
	return resolvePaths({cwd: process.cwd(), home: p.flags.home as string | undefined});
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

export const print = (line: string) => writeOut(line + '\n');
