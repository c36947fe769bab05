/**
 * Per-project progress patterns from `.queue-tui.json`:
 *
 *   {"patterns": [
 *     {"command": "extract_character\\.py", "regex": "^\\[(?<done>\\d+)/(?<total>\\d+)\\] (?<item>\\S+)"},
 *     {"command": "extract_character\\.py", "regex": "^SKIP (?<failed>\\S+)", "flags": "i"},
 *     {"command": "train\\.py", "kind": "tqdm"}
 *   ]}
 *
 * `command` is matched against the job's command line. Named groups feed progress: `done`,
 * `total` (numbers), `item` (the current item), `failed` (a count when numeric, else one
 * failed item's id). An optional `kind` forces the parser kind for matching commands.
 *
 * Sample lines for the first two: `[12/40] img_012.png`, `skip img_003.png`.
 */
import type {Failure, ParserKind, Progress} from './types.js';

/** One validated pattern, ready to run. */
export interface CompiledPattern {
	/** Position in the config's `patterns` array (for messages). */
	index: number;
	/** Matched against the job's command line. */
	command: RegExp;
	/** Matched against each output line; absent when the item only sets `kind`. */
	regex?: RegExp;
	/** Forces this parser kind for matching commands. */
	kind?: ParserKind;
	/** Matching commands run in a snapshot of the tree as queued (like `add --snapshot`). */
	snapshot?: boolean;
}

const KEYS = new Set(['command', 'regex', 'flags', 'kind', 'snapshot']);
const GROUPS = ['done', 'total', 'item', 'failed'];
const KINDS: ParserKind[] = ['pytest', 'tqdm', 'generic'];
// Only the flags that keep `exec` stateless (no g / y) and the meaning line-by-line.
const FLAGS = /^[imsu]*$/;
// User regexes run on every line: bound the input so a slow pattern stays bounded too.
const MAX_LINE = 4096;

function compile(source: string, flags: string, where: string, errors: string[]): RegExp | undefined {
	try {
		return new RegExp(source, flags);
	} catch (error) {
		errors.push(`${where}: invalid regular expression: ${String((error as Error).message).replace(/\s+/g, ' ')}`);
		return undefined;
	}
}

/**
 * Validates the `patterns` array of `.queue-tui.json`. Every problem becomes one line in
 * `errors` (naming the index and the field); items with a problem are left out.
 */
export function compilePatterns(raw: unknown): {patterns: CompiledPattern[]; errors: string[]} {
	const patterns: CompiledPattern[] = [];
	const errors: string[] = [];
	if (raw === undefined || raw === null) return {patterns, errors};
	if (!Array.isArray(raw)) return {patterns, errors: [`patterns: expected an array, got ${typeName(raw)}`]};
	raw.forEach((item: unknown, index) => {
		const at = `patterns[${index}]`;
		if (typeof item !== 'object' || item === null || Array.isArray(item)) {
			errors.push(`${at}: expected an object like {"command": "...", "regex": "..."}, got ${typeName(item)}`);
			return;
		}
		const before = errors.length;
		const o = item as Record<string, unknown>;
		for (const key of Object.keys(o)) if (!KEYS.has(key)) errors.push(`${at}: unknown key "${key}" (allowed: command, regex, flags, kind, snapshot)`);
		if (o.snapshot !== undefined && typeof o.snapshot !== 'boolean') errors.push(`${at}.snapshot: expected true or false, got ${typeName(o.snapshot)}`);
		const flags = o.flags ?? '';
		if (typeof flags !== 'string' || !FLAGS.test(flags)) errors.push(`${at}.flags: expected a string of "i", "m", "s", "u", got ${JSON.stringify(flags)}`);
		const kind = o.kind;
		if (kind !== undefined && !KINDS.includes(kind as ParserKind)) errors.push(`${at}.kind: expected "pytest", "tqdm" or "generic", got ${JSON.stringify(kind)}`);
		let command: RegExp | undefined;
		if (typeof o.command !== 'string' || o.command === '') errors.push(`${at}.command: expected a non-empty string (a regex matched against the job's command line), got ${typeName(o.command)}`);
		else command = compile(o.command, typeof flags === 'string' && FLAGS.test(flags) ? flags : '', `${at}.command`, errors);
		let regex: RegExp | undefined;
		if (o.regex === undefined && kind === undefined && o.snapshot === undefined) errors.push(`${at}.regex: missing (a regex with named groups done, total, item or failed)`);
		else if (o.regex !== undefined && typeof o.regex !== 'string') errors.push(`${at}.regex: expected a string, got ${typeName(o.regex)}`);
		else if (typeof o.regex === 'string') {
			regex = compile(o.regex, typeof flags === 'string' && FLAGS.test(flags) ? flags : '', `${at}.regex`, errors);
			// `(?:re)|` matches the empty string, which reveals every named group of `re`.
			const names = regex ? Object.keys(new RegExp(`(?:${o.regex})|`, regex.flags).exec('')?.groups ?? {}) : [];
			if (regex && !names.some((n) => GROUPS.includes(n))) {
				errors.push(`${at}.regex: needs a named group (?<done>…), (?<total>…), (?<item>…) or (?<failed>…)`);
			}
		}
		if (errors.length === before && command) patterns.push({index, command, regex, ...(kind ? {kind: kind as ParserKind} : {}), ...(o.snapshot === true ? {snapshot: true} : {})});
	});
	return {patterns, errors};
}

function typeName(v: unknown): string {
	if (v === null || v === undefined) return String(v);
	return Array.isArray(v) ? 'an array' : typeof v === 'object' ? 'an object' : `a ${typeof v}`;
}

/** The patterns whose `command` matches this command line (none without a command line). */
export function patternsFor(patterns: readonly CompiledPattern[] | undefined, commandLine: string | undefined): CompiledPattern[] {
	if (!patterns || commandLine === undefined) return [];
	return patterns.filter((p) => p.command.test(commandLine));
}

interface CustomState {
	done?: number;
	total?: number;
	current?: string;
	failedCount?: number;
}

/** Applies custom patterns to segments; its findings override the built-in parser's. */
export class CustomRules {
	private st: CustomState = {};
	private failures = new Map<string, Failure>();
	private readonly regexes: RegExp[];

	constructor(patterns: readonly CompiledPattern[]) {
		this.regexes = patterns.flatMap((p) => (p.regex ? [p.regex] : []));
	}

	/** True when at least one pattern can match output lines. */
	get active(): boolean {
		return this.regexes.length > 0;
	}

	/** Handles one finished line or `\r` redraw. */
	segment(text: string): void {
		this.apply(this.st, text, true);
	}

	/** `progress` with this pattern's fields laid over it (the partial line tentatively). */
	overlay(progress: Progress, partial: string): Progress {
		const st = partial.trim() === '' ? this.st : this.apply({...this.st}, partial, false);
		if (st.total !== undefined) progress.total = st.total;
		if (st.done !== undefined) progress.done = st.done;
		if (st.current !== undefined) progress.current = st.current;
		if (st.done !== undefined || st.total !== undefined) {
			if (progress.done !== undefined && progress.total) progress.percent = Math.min(100, Math.floor((progress.done * 100) / progress.total));
			progress.phase ??= 'running';
		}
		const seen = new Set(progress.failures.map((f) => f.id));
		for (const f of this.failures.values()) if (!seen.has(f.id)) progress.failures.push({...f});
		if (st.failedCount !== undefined) progress.failedItems = st.failedCount;
		else if (this.failures.size > 0) progress.failedItems = Math.max(this.failures.size, progress.failedItems ?? 0);
		return progress;
	}

	/** The `done` a pattern saw, the partial line included. */
	doneSoFar(partial: string): number | undefined {
		return (partial.trim() === '' ? this.st : this.apply({...this.st}, partial, false)).done;
	}

	private apply(st: CustomState, text: string, commit: boolean): CustomState {
		const line = text.length > MAX_LINE ? text.slice(0, MAX_LINE) : text;
		for (const re of this.regexes) {
			const g = re.exec(line)?.groups;
			if (!g) continue;
			const done = toCount(g.done);
			const total = toCount(g.total);
			if (done !== undefined) st.done = done;
			if (total !== undefined) st.total = total;
			if (g.item) st.current = g.item.trim().slice(0, 200);
			if (g.failed !== undefined && g.failed !== '') {
				const n = toCount(g.failed);
				if (n !== undefined) st.failedCount = n;
				else if (commit && !this.failures.has(g.failed) && this.failures.size < 1000) {
					this.failures.set(g.failed, {id: g.failed.trim(), reason: '', outcome: 'failed'});
				}
			}
		}
		return st;
	}
}

function toCount(text: string | undefined): number | undefined {
	if (text === undefined || !/^\s*\d+\s*$/.test(text)) return undefined;
	return Number(text);
}
