/**
 * Column widths as the terminal (and Ink, which uses the same string-width) counts them: `処理`
 * and `🚀` take two columns, `⚠️` (with its variation selector) two, combining marks none. A row
 * measured any other way is pushed off the right edge by Ink's own layout.
 *
 * Text here is already sanitized (see text.ts): these helpers measure, they do not clean.
 */
import stringWidth from 'string-width';

const segmenter = new Intl.Segmenter();
const PLAIN = /^[\x20-\x7e]*$/;

/** Columns `text` takes on a terminal. */
export const textWidth = (text: string): number => stringWidth(text);

/** The grapheme clusters of `text` with their widths (a cluster is never split). */
function clusters(text: string): Array<[string, number]> {
	const out: Array<[string, number]> = [];
	for (const {segment} of segmenter.segment(text)) out.push([segment, stringWidth(segment)]);
	return out;
}

/** At most `columns` columns; a cut string ends with `…`. */
export function clip(text: string, columns: number): string {
	if (columns <= 0) return '';
	if (PLAIN.test(text)) return text.length <= columns ? text : text.slice(0, columns - 1) + '…';
	if (stringWidth(text) <= columns) return text;
	let out = '';
	let w = 0;
	for (const [seg, cw] of clusters(text)) {
		if (w + cw > columns - 1) break;
		out += seg;
		w += cw;
	}
	return out + '…';
}

/** Like clip, but keeps the end (`…/project/tests`): the end of a path says the most. */
export function clipStart(text: string, columns: number): string {
	if (columns <= 0) return '';
	if (PLAIN.test(text)) return text.length <= columns ? text : '…' + text.slice(text.length - columns + 1);
	if (stringWidth(text) <= columns) return text;
	const parts = clusters(text);
	let out = '';
	let w = 0;
	for (let i = parts.length - 1; i >= 0; i--) {
		const [seg, cw] = parts[i];
		if (w + cw > columns - 1) break;
		out = seg + out;
		w += cw;
	}
	return '…' + out;
}

/** Exactly `columns` columns: clipped, then padded with spaces (on the left when `alignRight`). */
export function fit(text: string, columns: number, alignRight = false): string {
	const cut = clip(text, columns);
	const pad = ' '.repeat(Math.max(0, columns - stringWidth(cut)));
	return alignRight ? pad + cut : cut + pad;
}

/** Hard-wraps text into lines of at most `columns` columns, at most `maxLines` (the last one clipped). */
export function wrapHard(text: string, columns: number, maxLines: number): string[] {
	const lines: string[] = [];
	let cur = '';
	let w = 0;
	for (const [seg, cw] of clusters(text)) {
		if (w + cw > columns && cur !== '') {
			lines.push(cur);
			cur = '';
			w = 0;
		}
		cur += seg;
		w += cw;
	}
	if (cur !== '' || lines.length === 0) lines.push(cur);
	if (lines.length <= maxLines) return lines;
	const kept = lines.slice(0, maxLines);
	kept[maxLines - 1] = clip(kept[maxLines - 1] + lines[maxLines], columns);
	return kept;
}

/**
 * Wraps text at spaces into lines of at most `columns` columns, never cutting a word that fits
 * on a line of its own; lines after the first start with `indent` spaces (under the text, not
 * the key, of a help row). A word wider than a line is hard-wrapped.
 */
export function wrapWords(text: string, columns: number, indent = 0): string[] {
	const pad = ' '.repeat(Math.min(indent, Math.max(0, columns - 8)));
	const lines: string[] = [];
	const room = () => (lines.length === 0 ? columns : columns - pad.length);
	let cur: string | undefined;
	for (const word of text.split(' ').filter(Boolean)) {
		const next = cur === undefined ? word : `${cur} ${word}`;
		if (stringWidth(next) <= room()) {
			cur = next;
			continue;
		}
		if (cur !== undefined) lines.push(cur);
		const pieces = wrapHard(word, room(), Number.POSITIVE_INFINITY);
		lines.push(...pieces.slice(0, -1));
		cur = pieces.at(-1);
	}
	if (cur !== undefined) lines.push(cur);
	return lines.map((line, i) => (i === 0 ? line : pad + line));
}
