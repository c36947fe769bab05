/**
 * Pure text helpers for the TUI: progress bars, log lines, help hints (widths and clipping are
 * in core/text-width.ts, escapes in core/text.ts).
 * No React, no Ink: everything here is a string in, a string out, so it is tested as plain data.
 */
import {formatDuration} from '../core/duration.js';
import {sanitize} from '../core/text.js';
import {clip, textWidth} from '../core/text-width.js';

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
	let used = tail.reduce((w, h) => w + textWidth(h) + 1, 0);
	const head: string[] = [];
	for (const h of hints.slice(0, -keep)) {
		if (used + textWidth(h) + 1 > width + 1) break;
		head.push(h);
		used += textWidth(h) + 1;
	}
	return [...head, ...tail];
}

/**
 * A log line cut to `width`, keeping a pytest `-q` line's `[ 21%]` marker at its end: the
 * dots give way, the share done does not.
 */
export function clipLogLine(line: string, width: number): string {
	const marker = /\s+(\[\s*\d+%\])$/.exec(line);
	if (!marker || textWidth(line) <= width || width < 12) return clip(line, width);
	return `${clip(line.slice(0, marker.index), width - textWidth(marker[1]) - 1)} ${marker[1]}`;
}
