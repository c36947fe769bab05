/**
 * The last lines of a log as a terminal would show them, read backwards from the end in bounded
 * blocks: whatever the log holds (a 50 MB line, gigabytes of `\r` redraws), the cost is bounded.
 *
 *   "\rExtract 1/3\rExtract 2/3\rExtract 3/3\ndone\n"   → ["Extract 3/3", "done"]
 *   "abc\r\n"                                           → ["abc"]            (CRLF, not a redraw)
 *   50 MB of "x" with no newline                        → ["[queue-tui: … cut] xxxx…"] (its end)
 *
 * Each line shows its last state: the text after its last `\r` (a redraw overwrites what came
 * before it). A line longer than {@link MAX_LINE_BYTES} keeps its end, after a marker.
 */
import fs from 'node:fs';
import {openRead} from './safe-open.js';

const BLOCK = 64 * 1024;
/** Bytes read at most, however few lines were found: bounds the time on any log. */
export const MAX_SCAN_BYTES = 16 * 1024 * 1024;
/** Bytes kept of one line (its end). */
export const MAX_LINE_BYTES = 4096;

const NL = 0x0a;
const CR = 0x0d;

const mb = (bytes: number) => (bytes >= 1e6 ? `${(bytes / 1e6).toFixed(1)} MB` : `${bytes} bytes`);

/** One line being gathered from its end backwards. */
class Line {
	private readonly parts: Buffer[] = [];
	private kept = 0;
	/** Visible bytes seen (kept or not). */
	bytes = 0;
	/** A `\r` was met: what lies before it (back to the line start) was overwritten. */
	overwritten = false;

	/** Prepends visible bytes. */
	add(bytes: Buffer): void {
		this.bytes += bytes.length;
		const room = MAX_LINE_BYTES - this.kept;
		if (room <= 0 || bytes.length === 0) return;
		const part = Buffer.from(bytes.subarray(Math.max(0, bytes.length - room)));
		this.parts.unshift(part);
		this.kept += part.length;
	}

	text(startKnown: boolean): string {
		let buf = Buffer.concat(this.parts);
		const cut = this.bytes - this.kept;
		if (cut > 0) {
			let skip = 0; // a character cut in two at the start
			while (skip < 3 && skip < buf.length && (buf[skip] & 0xc0) === 0x80) skip++;
			buf = buf.subarray(skip);
		}
		const text = buf.toString('utf8');
		return cut > 0 ? `[queue-tui: ${startKnown ? '' : 'more than '}${mb(cut)} of this line cut] ${text}` : text;
	}
}

/**
 * The last `count` lines of `file`, each as a terminal would show it (see the module comment);
 * at most `count` strings, [] when the file cannot be read. Text is as written (escapes kept):
 * callers sanitize for display.
 */
export function tailLines(file: string, count: number): string[] {
	let fd: number;
	try {
		fd = openRead(file);
	} catch {
		return [];
	}
	try {
		return tailOf(fd, count);
	} finally {
		fs.closeSync(fd);
	}
}

/** One block buffer for every read (reads are synchronous): a page following a log reads it a few times a second. */
let shared: Buffer | undefined;
const blockBuffer = () => (shared ??= Buffer.allocUnsafe(BLOCK));

function tailOf(fd: number, count: number): string[] {
	const size = fs.fstatSync(fd).size;
	const out: string[] = []; // newest first
	if (count <= 0 || size === 0) return out;
	let line = new Line();
	let pos = size;
	let trailingNewline = true; // the file's last byte is `\n`: it ends a line, it does not start one
	const finish = (startKnown: boolean) => {
		out.push(line.text(startKnown));
		line = new Line();
	};
	const buf = blockBuffer();
	while (pos > 0 && out.length < count) {
		if (size - pos >= MAX_SCAN_BYTES) {
			// Bounded: the line being read started too far back. Its visible end is shown.
			if (line.bytes > 0) finish(line.overwritten);
			break;
		}
		const from = Math.max(0, pos - BLOCK);
		const n = fs.readSync(fd, buf, 0, pos - from, from);
		if (n <= 0) break;
		const block = buf.subarray(0, n);
		pos = from;
		let i = n - 1;
		if (trailingNewline) {
			trailingNewline = false;
			if (block[i] === NL) i--;
		}
		while (i >= 0 && out.length < count) {
			const nl = block.lastIndexOf(NL, i);
			if (line.overwritten) {
				// Overwritten text: only the line start matters.
				if (nl < 0) break;
				finish(true);
				i = nl - 1;
				continue;
			}
			const cr = block.lastIndexOf(CR, i);
			const sep = Math.max(nl, cr);
			line.add(block.subarray(sep + 1, i + 1));
			if (sep < 0) break;
			i = sep - 1;
			if (sep === nl) finish(true);
			// A `\r` right at a line's end (CRLF, or a bar's final `\r`) hides nothing.
			else if (line.bytes > 0) line.overwritten = true;
		}
	}
	if (pos === 0 && out.length < count) finish(true); // the file's first line
	return out.reverse();
}
