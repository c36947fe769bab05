/**
 * Markdown for untrusted text. A job's output (and its command and label) may hold escape
 * sequences, control characters, backticks, `|` and HTML; reports are read in terminals and
 * by agents, so none of that may reach them raw or change the document's structure:
 *
 *   code('a `b` c')            → `` a `b` c ``        (a code span longer than any run inside)
 *   fence(['```', 'x'])        → ````\n```\nx\n````   (a fence longer than any run inside)
 *   cell('a|b')                → a\|b                 (a table cell stays one cell)
 */
import {cut, oneLine, sanitize} from './text.js';

/** An inline code span holding `text` (sanitized) literally; `(none)` for empty text. */
export function code(text: string, max = 300): string {
	const clean = oneLine(text, max);
	if (clean === '') return '(none)';
	const tick = '`'.repeat(longestRun(clean, '`') + 1);
	// A space on each side keeps a leading or trailing backtick from joining the delimiter.
	const pad = clean.startsWith('`') || clean.endsWith('`') ? ' ' : '';
	return `${tick}${pad}${clean}${pad}${tick}`;
}

/** A fenced block of sanitized lines that no line can close early. */
export function fence(lines: string[], maxLine = 400): string {
	const body = lines.map((l) => {
		return cut(sanitize(l).trimEnd(), maxLine);
	});
	const tick = '`'.repeat(Math.max(3, longestRun(body.join('\n'), '`') + 1));
	return [`${tick}text`, ...body, tick].join('\n');
}

/** Makes markdown (usually a code span) safe inside a table cell. */
export function cell(markdown: string): string {
	return markdown.replaceAll('|', '\\|');
}

/** A markdown table from a header row and body rows (cells already made safe). */
export function table(header: string[], rows: string[][]): string {
	const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
	return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

/** Local wall-clock time `2026-11-23 14:03:12` (reports are read by the same person, same zone). */
export function when(ms: number | undefined): string {
	if (ms === undefined) return '-';
	const d = new Date(ms);
	const p = (n: number) => String(n).padStart(2, '0');
	return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
}

function longestRun(text: string, ch: string): number {
	let best = 0;
	let run = 0;
	for (const c of text) {
		run = c === ch ? run + 1 : 0;
		if (run > best) best = run;
	}
	return best;
}
