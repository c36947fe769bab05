import fs from 'node:fs';
import path from 'node:path';
import {parseDuration} from './duration.js';
import {UsageError} from './errors.js';
import type {NotifyConfig} from './notify/types.js';
import {compilePatterns, type CompiledPattern} from './parsers/custom.js';

/** `.queue-tui.json` at the project root: per-project settings, all optional. */
export interface Config {
	parallel?: number;
	retries?: number;
	backoffMs?: number;
	timeoutMs?: number;
	/** A running job with no output for this long is flagged "stalled". Default 10 min. */
	stalledAfterMs: number;
	patterns: CompiledPattern[];
	notify: NotifyConfig;
}

export const CONFIG_FILE = '.queue-tui.json';
const KEYS = ['parallel', 'retries', 'backoff', 'timeout', 'stalledAfter', 'patterns', 'notify'];

/**
 * Reads and checks the config. Every problem is one clear line naming the file and the key;
 * `add` refuses to queue with a broken config rather than guess.
 */
export function loadConfig(root: string): Config {
	const file = path.join(root, CONFIG_FILE);
	const fail = (msg: string): never => {
		throw new UsageError(`${file}: ${msg}`);
	};
	let raw: unknown = {};
	if (fs.existsSync(file)) {
		try {
			raw = JSON.parse(fs.readFileSync(file, 'utf8'));
		} catch (error) {
			fail(`not valid JSON (${(error as Error).message.split('\n')[0]})`);
		}
	}
	if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return fail('must be a JSON object');
	const obj = raw as Record<string, unknown>;
	for (const key of Object.keys(obj)) if (!KEYS.includes(key)) fail(`unknown key "${key}" (known: ${KEYS.join(', ')})`);
	const int = (key: string, min: number, max: number): number | undefined => {
		const v = obj[key];
		if (v === undefined) return undefined;
		if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) fail(`"${key}" must be a whole number from ${min} to ${max}`);
		return v as number;
	};
	const duration = (value: unknown, key: string): number | undefined => {
		if (value === undefined) return undefined;
		const ms = typeof value === 'string' ? parseDuration(value) : undefined;
		if (ms === undefined) fail(`"${key}" must be a duration such as "90s", "30m" or "1h30m"`);
		return ms;
	};
	const {patterns, errors} = compilePatterns(obj.patterns ?? []);
	if (errors.length > 0) fail(errors[0]);
	const notify = obj.notify ?? {};
	if (typeof notify !== 'object' || notify === null || Array.isArray(notify)) fail('"notify" must be an object');
	const {longAfter, ...rest} = notify as Record<string, unknown>;
	return {
		parallel: int('parallel', 1, 64),
		retries: int('retries', 0, 100),
		backoffMs: duration(obj.backoff, 'backoff'),
		timeoutMs: duration(obj.timeout, 'timeout'),
		stalledAfterMs: duration(obj.stalledAfter, 'stalledAfter') ?? 10 * 60_000,
		patterns,
		notify: {...(rest as NotifyConfig), longAfterMs: duration(longAfter, 'notify.longAfter')},
	};
}
