/**
 * Strict parsing of a Claude Code settings file, and recognising what queue-tui owns in it. Ownership is decided from the
 * handler itself (program + `hook` subcommand), so no marker key is needed and a hand-written
 * `queue-tui hook prompt` line from an older install is recognised too.
 */

/** A parsed JSON object (settings files hold nothing else at the places we edit). */
export type JsonObject = Record<string, unknown>;

/** The settings text can't be merged safely (invalid JSON, comments, wrong shapes). One line, no path. */
export class SettingsError extends Error {
	override name = 'SettingsError';
}

/** Strict parse: blank = `{}`; anything JSON.parse rejects (comments, trailing commas) is an error. */
export function parseSettings(text: string | undefined): JsonObject {
	if (text === undefined || text.trim() === '') return {};
	let value: unknown;
	try {
		value = JSON.parse(text);
	} catch (error) {
		const detail = String((error as Error).message).replace(/\s+/g, ' ');
		if (/^\s*(\/\/|\/\*)/m.test(text)) throw new SettingsError(`contains comments, which strict JSON does not allow (${detail})`);
		if (/,\s*[}\]]/.test(text)) throw new SettingsError(`has a trailing comma, which strict JSON does not allow (${detail})`);
		throw new SettingsError(`is not valid JSON (${detail})`);
	}
	if (isObject(value)) return value;
	const kind = Array.isArray(value) ? 'an array' : value === null ? 'null' : `a ${typeof value}`;
	throw new SettingsError(`top-level value is ${kind}, not an object`);
}

/** Default program name put in the hooks and the statusLine. */
export const DEFAULT_BIN = 'queue-tui';

/** True for a plain JSON object (not an array, not null). */
export function isObject(value: unknown): value is JsonObject {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function words(text: string): string[] {
	return text.trim().split(/\s+/).filter(Boolean);
}

/**
 * When `command` runs queue-tui, the words after the program; otherwise undefined. The program is
 * the configured bin, or any path whose last component is `queue-tui` (global, npx cache, local bin).
 */
export function programRest(command: string, bin = DEFAULT_BIN): string[] | undefined {
	const c = command.trim();
	if (c === bin) return [];
	if (c.startsWith(bin + ' ')) return words(c.slice(bin.length));
	const [first, ...rest] = words(c);
	if (first !== undefined && /(^|[/\\])queue-tui$/.test(first.replace(/^["']|["']$/g, ''))) return rest;
	return undefined;
}

/** A hook handler of ours: `queue-tui` + `hook …`, in exec form (`args`) or the older one-string form. */
export function isOurHandler(handler: unknown, bin = DEFAULT_BIN): boolean {
	if (!isObject(handler) || typeof handler.command !== 'string') return false;
	if (handler.type !== undefined && handler.type !== 'command') return false;
	const rest = programRest(handler.command, bin);
	if (rest === undefined) return false;
	const args = Array.isArray(handler.args) ? handler.args : [];
	return [...rest, ...args][0] === 'hook';
}

/** Single-quotes `text` for a POSIX shell: the only character to escape inside '…' is ' itself. */
export function shellQuote(text: string): string {
	return `'${text.replace(/'/g, `'\\''`)}'`;
}

const WRAP = /\s--wrap\s+('(?:[^']|'\\'')*')\s*$/;

/** What a statusLine value is to us: ours (maybe wrapping an older command) or someone else's. */
export function statusLineInfo(value: unknown, bin = DEFAULT_BIN): {ours: boolean; wrapped?: string} {
	if (!isObject(value) || typeof value.command !== 'string') return {ours: false};
	const rest = programRest(value.command, bin);
	if (rest?.[0] !== 'statusline') return {ours: false};
	const m = WRAP.exec(value.command);
	// Undo shellQuote: strip the outer quotes, then turn each '\'' back into '.
	const wrapped = m ? m[1].slice(1, -1).replace(/'\\''/g, "'") : undefined;
	return wrapped === undefined ? {ours: true} : {ours: true, wrapped};
}

/** Our statusLine command, optionally wrapping (piping the same stdin to) an older command. */
export function statusLineCommand(bin: string, wrapped?: string): string {
	return wrapped === undefined ? `${bin} statusline` : `${bin} statusline --wrap ${shellQuote(wrapped)}`;
}
