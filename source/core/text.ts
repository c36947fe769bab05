/**
 * Untrusted text (job output, commands, labels, paths) made safe to print: the one place that
 * knows what an escape sequence is. Column widths and clipping live beside it in text-width.ts,
 * kept apart only because its emoji tables cost ~100 ms to load, which `status`, `add` and the
 * hooks must not pay.
 *
 *   sanitize('\x1b[31mred\x1b[0m\tx')   → 'red x'      (one row of a terminal)
 *   oneLine(' a\nb ', 3)               → 'a …'        (a report cell, a notification title)
 *   ascii('#3 処理 ✓')                  → '#3 ?? ?'    (the status line an agent polls)
 */
import ansiRegex from 'ansi-regex';

// ansi-regex (what strip-ansi and Ink use) knows every family: CSI, OSC, DCS/SOS/PM/APC strings
// (`ESC P q#0;2… ST`, sixel), nF and two-byte escapes, and their C1 forms. After it, every other
// C0/C1 control except \t \n \r (they carry layout), including a lone ESC, goes too.
// CSI (colours, by far the most common) is tried first: the same matches, twice as fast on
// coloured output, since ansi-regex's other alternatives never start with `ESC [`.
const CSI = String.raw`(?:\x1b\[|\x9b)[0-?]*[ -/]*[@-~]`;
const ESCAPES = new RegExp(`${CSI}|${ansiRegex().source}|[\\x00-\\x08\\x0b\\x0c\\x0e-\\x1f\\x7f-\\x9f]`, 'g');
// What a sequence cut short by the end of a chunk looks like (none of these forms can be a
// finished sequence): an open CSI, an open OSC or DCS-style string (maybe with the ESC of its
// ST), or an ESC with intermediates.
const OPEN = /^\x1b(?:\[[0-?]*[ -/]*|\][^\x07\x18\x1a\x1b\x80-\x9f]*\x1b?|[PX^_k][^\x18\x1a\x1b\x80-\x9f]*\x1b?|[ -/]*)$/;
// Bidi overrides and isolates can make text read as something else.
const BIDI = /[\u202a-\u202e\u2066-\u2069]/g;

/** Removes escape sequences and controls but keeps `\t \r \n` (a stream's own layout). */
export function stripEscapes(text: string): string {
	return text.replace(ESCAPES, '');
}

/**
 * Where the unfinished escape sequence at the end of `text` starts (-1 when there is none),
 * so a stream can hold it back for the next chunk. Only the last `limit` characters are looked at.
 */
export function unfinishedEscapeStart(text: string, limit: number): number {
	const last = text.lastIndexOf('\x1b');
	if (last < 0 || text.length - last > limit) return -1;
	// A string sequence may end with the ESC of its ST: then it starts at the ESC before.
	if (last === text.length - 1 && last > 0) {
		const prev = text.lastIndexOf('\x1b', last - 1);
		if (prev >= 0 && text.length - prev <= limit && OPEN.test(text.slice(prev))) return prev;
	}
	return OPEN.test(text.slice(last)) ? last : -1;
}

/**
 * Text for a terminal row: escapes, controls and bidi overrides removed, tabs as spaces, and
 * newlines as spaces unless `keepNewlines` (then `\r\n` → `\n`).
 */
export function sanitize(text: string, options: {keepNewlines?: boolean} = {}): string {
	const out = text.replace(ESCAPES, '').replace(BIDI, '').replace(/\t/g, ' ');
	return options.keepNewlines ? out.replace(/\r\n?/g, '\n') : out.replace(/\r\n|[\r\n]/g, ' ');
}

/** Sanitized, trimmed, one line, at most `max` characters (never half a surrogate pair). */
export function oneLine(text: string, max = Number.POSITIVE_INFINITY): string {
	return cut(sanitize(text).trim(), max);
}

/** At most `max` characters (code points), ending with `…` when cut: for size limits, not columns. */
export function cut(text: string, max: number): string {
	if (text.length <= max) return text;
	const chars = Array.from(text);
	if (chars.length <= max) return text;
	return max <= 0 ? '' : chars.slice(0, max - 1).join('') + '…';
}

/** Printable ASCII only (`…` becomes `~`, any other character `?`), for lines an agent reads as bytes. */
export function ascii(text: string): string {
	return sanitize(text).replace(/…/g, '~').replace(/[^\x20-\x7e]/gu, '?');
}
