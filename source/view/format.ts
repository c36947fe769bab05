/**
 * Pure text helpers for the TUI: display widths, truncation, padding, progress bars.
 * No React, no Ink: everything here is a string in, a string out, so it is tested as plain data.
 */
import {formatDuration} from '../core/duration.js';
import {sanitize} from '../core/parsers/text-stream.js';

// East Asian wide and fullwidth ranges (and the common emoji blocks): 2 columns on a terminal.
// A short table rather than a dependency: `処理中 12/40` must measure 12, not 9, or rows overflow.
const WIDE: ReadonlyArray<readonly [number, number]> = [
	[0x1100, 0x115f], [0x2e80, 0x303e], [0x3041, 0x33ff], [0x3400, 0x4dbf], [0x4e00, 0x9fff], [0xa000, 0xa4cf],
	[0xac00, 0xd7a3], [0xf900, 0xfaff], [0xfe30, 0xfe4f], [0xff00, 0xff60], [0xffe0, 0xffe6], [0x1f300, 0x1f64f],
	[0x1f900, 0x1f9ff], [0x20000, 0x3fffd],
];
// Combining marks, zero-width spaces and variation selectors take no column.
const ZERO: ReadonlyArray<readonly [number, number]> = [[0x0300, 0x036f], [0x200b, 0x200f], [0xfe00, 0xfe0f]];

const inRanges = (cp: number, ranges: ReadonlyArray<readonly [number, number]>) => ranges.some(([a, b]) => cp >= a && cp <= b);

/** Columns one code point takes on a terminal (0, 1 or 2). */
export function charWidth(cp: number): number {
	if (cp < 0x20 || (cp >= 0x7f && cp < 0xa0)) return 0;
	if (cp < 0x300) return 1;
	if (inRanges(cp, ZERO)) return 0;
	return inRanges(cp, WIDE) ? 2 : 1;
}

/** Columns a string takes on a terminal. */
export function displayWidth(text: string): number {
	let w = 0;
	for (const ch of text) w += charWidth(ch.codePointAt(0)!);
	return w;
}

/** At most `width` columns; a cut string ends with `…`. */
export function clip(text: string, width: number): string {
	if (width <= 0) return '';
	if (displayWidth(text) <= width) return text;
	let out = '';
	let w = 0;
	for (const ch of text) {
		const cw = charWidth(ch.codePointAt(0)!);
		if (w + cw > width - 1) break;
		out += ch;
		w += cw;
	}
	return out + '…';
}

/** Like clip, but keeps the end (`…/project/tests`): the end of a path says the most. */
export function clipStart(text: string, width: number): string {
	if (width <= 0) return '';
	if (displayWidth(text) <= width) return text;
	const chars = [...text];
	let out = '';
	let w = 0;
	for (let i = chars.length - 1; i >= 0; i--) {
		const cw = charWidth(chars[i].codePointAt(0)!);
		if (w + cw > width - 1) break;
		out = chars[i] + out;
		w += cw;
	}
	return '…' + out;
}

/** Exactly `width` columns: clipped, then padded with spaces (on the left when `alignRight`). */
export function fit(text: string, width: number, alignRight = false): string {
	const cut = clip(text, width);
	const pad = ' '.repeat(Math.max(0, width - displayWidth(cut)));
	return alignRight ? pad + cut : cut + pad;
}

/** Hard-wraps text into lines of at most `width` columns, at most `maxLines` (the last one clipped). */
export function wrapHard(text: string, width: number, maxLines: number): string[] {
	const lines: string[] = [];
	let cur = '';
	let w = 0;
	for (const ch of text) {
		const cw = charWidth(ch.codePointAt(0)!);
		if (w + cw > width) {
			lines.push(cur);
			cur = '';
			w = 0;
		}
		cur += ch;
		w += cw;
	}
	if (cur !== '' || lines.length === 0) lines.push(cur);
	if (lines.length <= maxLines) return lines;
	const kept = lines.slice(0, maxLines);
	kept[maxLines - 1] = clip(kept[maxLines - 1] + lines[maxLines], width);
	return kept;
}

const EIGHTHS = ['', '▏', '▎', '▍', '▌', '▋', '▊', '▉'];

/** A bar of exactly `width` columns, filled to `percent` in eighths of a cell: `████▌░░░`. */
export function bar(percent: number, width: number): string {
	if (width <= 0) return '';
	const p = Math.min(100, Math.max(0, Number.isFinite(percent) ? percent : 0));
	const eighths = Math.round((p / 100) * width * 8);
	const full = Math.floor(eighths / 8);
	const part = full < width ? EIGHTHS[eighths % 8] : '';
	return '█'.repeat(full) + part + '░'.repeat(width - full - (part ? 1 : 0));
}

/** `45%` (floored, so 99.9 never shows as 100 while work remains). */
export const percentText = (percent: number) => `${Math.floor(Math.min(100, Math.max(0, percent)))}%`;

/** `eta 1m02s`, or '' when unknown. */
export function etaText(seconds: number | undefined): string {
	if (seconds === undefined || !Number.isFinite(seconds) || seconds < 0) return '';
	return formatDuration(seconds * 1000);
}

/**
 * One log line as a terminal would show it: the text after its last `\r` redraw (tqdm bars
 * rewrite themselves), with escape sequences and control characters removed (job output is untrusted).
 */
export function cleanLogLine(raw: string): string {
	const parts = raw.split('\r');
	let visible = '';
	for (let i = parts.length - 1; i >= 0; i--) {
		if (parts[i].trim() !== '') {
			visible = parts[i];
			break;
		}
	}
	return sanitize(visible).trimEnd();
}

/** Any job-provided string made safe for one row: no escapes, no controls, no newlines. */
export const safe = (text: string | undefined) => (text === undefined ? '' : sanitize(text));

/**
 * Help-bar hints that fit in `width`: the last `keep` (help, quit) always stay, the others are
 * taken in order while they fit, so a narrow pane shows the most useful keys first.
 */
export function fitHints(hints: readonly string[], width: number, keep = 2): string[] {
	const tail = hints.slice(-keep);
	let used = tail.reduce((w, h) => w + displayWidth(h) + 1, 0);
	const head: string[] = [];
	for (const h of hints.slice(0, -keep)) {
		if (used + displayWidth(h) + 1 > width + 1) break;
		head.push(h);
		used += displayWidth(h) + 1;
	}
	return [...head, ...tail];
}
