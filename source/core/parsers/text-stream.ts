/**
 * Turns raw output chunks into clean text segments, whatever the chunk boundaries.
 *
 * Jobs write through pipes, so a chunk may end mid-line, inside a UTF-8 character or inside
 * an escape sequence. Sample input (as bytes on the wire):
 *
 *   "\x1b[32m.\x1b[0m\x1b[31mF\x1b[0m   [ 50%]\n"          pytest with --color=yes
 *   "\rExtract:  40%|████      | 2/5 [00:00<00:00, 97.15it/s]"   tqdm redraw (starts with \r)
 *   "\r                \rFAILED img_001.png\n"                   tqdm.write() clearing the bar
 *   "line one\r\n"                                               CRLF (one line, not a redraw)
 *
 * Lines come out in the same order and with the same text for every way of splitting the
 * input, which is what makes a replayed log (`queue-tui parse`) match the live view. Redraws are
 * summarised as a terminal would: of a run of `\r` redraws, only the last non-blank one before the
 * line's end comes out (the unfinished one is `partial`); the ones it overwrote cost nothing.
 */
import {Buffer} from 'node:buffer';

import {stripEscapes, unfinishedEscapeStart} from '../text.js';
import type {Progress} from './types.js';

/**
 * What each parser's rules implement: they see finished segments, and report progress with
 * the unfinished line (`partial`) counted tentatively (never committed, since it may still
 * change), so a tqdm bar or a pytest letter line shows live before its line ends.
 */
export interface SegmentRules {
	segment(text: string, isLine: boolean): void;
	progress(partial: string): Progress;
	/** Cheap `progress(partial).done`, sampled for the rate. */
	doneSoFar(partial: string): number | undefined;
}

/** Receives finished segments: a line ended by `\n` (isLine) or a `\r` redraw (not isLine). */
export type SegmentSink = (text: string, isLine: boolean) => void;

// Whether a text holds anything stripEscapes removes (every escape starts with a control
// character): a plain character-class scan, much cheaper than the replace.
const ANY_CONTROL = /[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]/;
const NON_BLANK = /\S/;
// Beyond this an unfinished escape is treated as garbage rather than waited for.
const MAX_HELD_ESCAPE = 4096;
// A line longer than this is cut into pieces of exactly this size (counted from the line's
// start, so the cut points do not depend on chunking): bounds memory on binary garbage.
const MAX_SEGMENT = 1 << 20;

/** How many leading bytes of `buf` hold whole UTF-8 characters (a lead byte whose sequence runs past the end is cut). */
function completeUtf8(buf: Buffer): number {
	for (let i = buf.length - 1, seen = 1; i >= 0 && seen <= 4; i--, seen++) {
		const b = buf[i];
		if (b < 0x80) return buf.length;
		if (b >= 0xc0) {
			const need = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : 2;
			return seen < need ? i : buf.length;
		}
	}
	return buf.length;
}

/**
 * An incremental normaliser: `push` chunks (bytes or strings, split anywhere) and finished
 * segments go to the sink; `partial` is what the unfinished line currently shows.
 */
export class TextStream {
	/** The bytes of a UTF-8 character the previous chunk cut in two. */
	private carry: Buffer | undefined;
	/** An unfinished escape sequence held back from the previous chunk. */
	private heldEscape = '';
	/** Text of the unfinished line since its last `\r` (the visible redraw). */
	private cur = '';
	/** The previous chunk ended with `\r`: redraw or the first half of `\r\n`? */
	private pendingCR = false;
	/** The last non-blank redraw not emitted yet (a later one may overwrite it). */
	private lastRedraw: string | undefined;
	/** Output was skipped: drop text up to the next line end or `\r` (a line's cut-off middle). */
	private resync = false;

	constructor(private readonly sink: SegmentSink) {}

	/** The unfinished line as it would show on a terminal now (text after its last `\r`). */
	get partial(): string {
		return this.cur;
	}

	/** Feeds one chunk. */
	push(chunk: Uint8Array | string): void {
		let text = typeof chunk === 'string' ? this.flushCarry() + chunk : this.decode(chunk);
		if (this.heldEscape !== '') {
			text = this.heldEscape + text;
			this.heldEscape = '';
		}
		text = this.holdUnfinishedEscape(text);
		this.split(ANY_CONTROL.test(text) ? stripEscapes(text) : text);
	}

	/** Output was skipped: forget the unfinished line and start again at the next line end or `\r`. */
	skip(): void {
		this.carry = undefined;
		this.heldEscape = '';
		this.cur = '';
		this.pendingCR = false;
		this.flushRedraw();
		this.resync = true;
	}

	/** Flushes the decoder, any held escape and the trailing partial line (end of a log). */
	end(): void {
		const text = this.flushCarry() + this.heldEscape;
		this.heldEscape = '';
		this.split(stripEscapes(text));
		if (this.pendingCR) {
			this.pendingCR = false;
			this.redraw(this.cur);
			this.cur = '';
		}
		this.flushRedraw();
		if (this.cur !== '') {
			const last = this.cur;
			this.cur = '';
			this.emit(last, true);
		}
	}

	// Buffer#toString is much faster than a streaming TextDecoder; only a character cut at the
	// chunk's end needs holding back, and the same bytes decode the same way either way.
	private decode(chunk: Uint8Array): string {
		let buf = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
		if (this.carry) {
			buf = Buffer.concat([this.carry, buf]);
			this.carry = undefined;
		}
		const cut = completeUtf8(buf);
		if (cut < buf.length) this.carry = Buffer.from(buf.subarray(cut));
		return buf.toString('utf8', 0, cut);
	}

	private flushCarry(): string {
		const text = this.carry ? this.carry.toString('utf8') : '';
		this.carry = undefined;
		return text;
	}

	// Keeps back an escape that the chunk cut in two; the next chunk completes it.
	private holdUnfinishedEscape(text: string): string {
		const from = unfinishedEscapeStart(text, MAX_HELD_ESCAPE);
		if (from < 0) return text;
		this.heldEscape = text.slice(from);
		return text.slice(0, from);
	}

	private split(text: string): void {
		let start = 0;
		if (this.resync) {
			const nl = text.indexOf('\n');
			const cr = text.indexOf('\r');
			const at = nl < 0 ? cr : cr < 0 ? nl : Math.min(nl, cr);
			if (at < 0) return;
			this.resync = false;
			start = text.charCodeAt(at) === 10 ? at + 1 : at;
		}
		if (this.pendingCR && text.length > 0) {
			this.pendingCR = false;
			if (text.charCodeAt(0) === 10) {
				// `\r\n` split over two chunks: an ordinary line end.
				start = 1;
				this.finishLine('');
			} else {
				this.redraw(this.cur);
				this.cur = '';
			}
		}
		const len = text.length;
		let nl = text.indexOf('\n', start);
		let cr = text.indexOf('\r', start);
		while (nl >= 0 || cr >= 0) {
			if (cr < 0 || (nl >= 0 && nl < cr)) {
				this.finishLine(text.slice(start, nl));
				start = nl + 1;
				nl = text.indexOf('\n', start);
			} else {
				const piece = text.slice(start, cr);
				if (cr + 1 < len && text.charCodeAt(cr + 1) === 10) {
					this.finishLine(piece); // CRLF
					start = cr + 2;
					nl = text.indexOf('\n', start);
				} else if (cr + 1 === len) {
					// Cannot tell yet whether `\n` follows.
					this.cur += piece;
					this.pendingCR = true;
					return;
				} else {
					this.redraw(this.cur === '' ? piece : this.cur + piece);
					this.cur = '';
					start = cr + 1;
				}
				cr = text.indexOf('\r', start);
			}
		}
		if (start < len) {
			this.cur += start === 0 ? text : text.slice(start);
			while (this.cur.length > MAX_SEGMENT) {
				this.flushRedraw();
				this.emit(this.cur.slice(0, MAX_SEGMENT), true);
				this.cur = this.cur.slice(MAX_SEGMENT);
			}
		}
	}

	private redraw(seg: string): void {
		if (seg !== '' && NON_BLANK.test(seg)) this.lastRedraw = seg;
	}

	private flushRedraw(): void {
		if (this.lastRedraw === undefined) return;
		const seg = this.lastRedraw;
		this.lastRedraw = undefined;
		this.emit(seg, false);
	}

	private finishLine(piece: string): void {
		this.flushRedraw();
		const seg = this.cur === '' ? piece : this.cur + piece;
		this.cur = '';
		this.emit(seg, true);
	}

	private emit(seg: string, isLine: boolean): void {
		if (seg.length < MAX_SEGMENT) {
			this.sink(seg, isLine);
			return;
		}
		let i = 0;
		for (; seg.length - i > MAX_SEGMENT; i += MAX_SEGMENT) this.sink(seg.slice(i, i + MAX_SEGMENT), true);
		this.sink(seg.slice(i), isLine);
	}
}
