import fs from 'node:fs';
import {openRead} from './safe-open.js';

/** Reads a growing log file from an offset, a bounded buffer at a time: memory stays flat whatever the volume. */
export class LogReader {
	private fd: number | undefined;
	private readonly buf = Buffer.allocUnsafe(256 * 1024);
	offset: number;

	constructor(private readonly file: string, offset: number) {
		this.offset = offset;
	}

	/** Feeds everything new (up to maxBytes) to `sink`; returns the bytes read. */
	drain(sink: (chunk: Uint8Array) => void, maxBytes = 8 * 1024 * 1024): number {
		if (this.fd === undefined) {
			try {
				this.fd = openRead(this.file);
			} catch {
				return 0;
			}
		}
		let total = 0;
		while (total < maxBytes) {
			const n = fs.readSync(this.fd, this.buf, 0, this.buf.length, this.offset);
			if (n <= 0) break;
			this.offset += n;
			total += n;
			sink(this.buf.subarray(0, n));
		}
		return total;
	}

	close(): void {
		if (this.fd !== undefined) fs.closeSync(this.fd);
		this.fd = undefined;
	}
}

/** The last `lines` lines of a file, reading only its end. */
export function tailLines(file: string, lines: number): string[] {
	let fd: number;
	try {
		fd = openRead(file);
	} catch {
		return [];
	}
	try {
		const size = fs.fstatSync(fd).size;
		let start = size;
		let text = '';
		const chunk = 64 * 1024;
		while (start > 0) {
			const from = Math.max(0, start - chunk);
			const buf = Buffer.alloc(start - from);
			fs.readSync(fd, buf, 0, buf.length, from);
			text = buf.toString('utf8') + text;
			start = from;
			if (text.split('\n').length > lines + 1) break;
		}
		const all = text.split('\n');
		if (all.at(-1) === '') all.pop();
		return all.slice(-lines);
	} finally {
		fs.closeSync(fd);
	}
}
