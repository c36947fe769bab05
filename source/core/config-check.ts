/**
 * The shape of `.queue-tui.json`, checked strictly: every key known, every type and enum right.
 * A rule turns a raw JSON value into the value the program uses, or throws one line naming the
 * key path (`notify.ntfy.url`) and what is wrong with it. Pure: no file access.
 */
import {parseDuration} from './duration.js';

/** A problem at one key path; the caller adds the file name. */
export class ConfigProblem extends Error {}

/** Checks one value found at `key` (a dotted path) and returns what the program uses. */
export type Rule<T = unknown> = (value: unknown, key: string) => T;

const show = (v: unknown): string => {
	if (v === null) return 'null';
	if (Array.isArray(v)) return 'an array';
	if (typeof v === 'object') return 'an object';
	const text = JSON.stringify(v) ?? String(v);
	return text.length > 40 ? `${text.slice(0, 40)}…` : text;
};

const problem = (key: string, what: string, v: unknown): never => {
	throw new ConfigProblem(`"${key}" must be ${what}, not ${show(v)}`);
};

export const int =
	(min: number, max: number): Rule<number> =>
	(v, key) =>
		typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max ? v : problem(key, `a whole number from ${min} to ${max}`, v);

export const duration: Rule<number> = (v, key) => {
	const ms = typeof v === 'string' ? parseDuration(v) : undefined;
	return ms ?? problem(key, 'a duration such as "90s", "30m" or "1h30m"', v);
};

export const text =
	(opts: {nonEmpty?: boolean} = {}): Rule<string> =>
	(v, key) =>
		typeof v === 'string' && (!opts.nonEmpty || v.trim() !== '') ? v : problem(key, opts.nonEmpty ? 'a non-empty string' : 'a string', v);

export const bool: Rule<boolean> = (v, key) => (typeof v === 'boolean' ? v : problem(key, 'true or false', v));

/** An http(s) URL. */
export const url: Rule<string> = (v, key) => {
	let ok = false;
	if (typeof v === 'string') {
		try {
			ok = ['http:', 'https:'].includes(new URL(v).protocol);
		} catch {
			ok = false;
		}
	}
	return ok ? (v as string) : problem(key, 'an http:// or https:// URL', v);
};

export const oneOf =
	<T extends string>(values: readonly T[]): Rule<T> =>
	(v, key) =>
		values.includes(v as T) ? (v as T) : problem(key, `one of ${values.map(x => `"${x}"`).join(', ')}`, v);

/** An array whose items each pass `item` (checked as `key[i]`). */
export const list =
	<T>(item: Rule<T>): Rule<T[]> =>
	(v, key) =>
		Array.isArray(v) ? v.map((x, i) => item(x, `${key}[${i}]`)) : problem(key, 'an array', v);

/** Either rule: the first that accepts the value; the message of the last otherwise. */
export const either =
	<A, B>(a: Rule<A>, b: Rule<B>): Rule<A | B> =>
	(v, key) => {
		try {
			return a(v, key);
		} catch {
			return b(v, key);
		}
	};

/**
 * An object with only these keys (a key ending in `!` is required). Absent optional keys stay
 * absent. `key` is '' for the top level.
 */
export function object<T>(shape: Record<string, Rule>): Rule<T> {
	const required = Object.keys(shape).filter(k => k.endsWith('!')).map(k => k.slice(0, -1));
	const rules = new Map(Object.entries(shape).map(([k, r]) => [k.replace(/!$/, ''), r]));
	return (v, key) => {
		if (typeof v !== 'object' || v === null || Array.isArray(v)) {
			if (!key) throw new ConfigProblem(`must be a JSON object, not ${show(v)}`);
			return problem(key, 'an object', v);
		}
		const at = (k: string) => (key ? `${key}.${k}` : k);
		const out: Record<string, unknown> = {};
		for (const [k, value] of Object.entries(v)) {
			const rule = rules.get(k);
			if (!rule) throw new ConfigProblem(`unknown key "${at(k)}" (known: ${[...rules.keys()].join(', ')})`);
			out[k] = rule(value, at(k));
		}
		for (const k of required) if (!(k in out)) throw new ConfigProblem(`"${at(k)}" is missing`);
		return out as T;
	};
}
