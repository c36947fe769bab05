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

	private open(): number | undefined {
		if (this.fd === undefined) {
			try {
				this.fd = openRead(this.file);
			} catch {
				return undefined;
			}
		}
		return this.fd;
	}

	/** Bytes written after the offset, not read yet. */
	backlog(): number {
		const fd = this.open();
		return fd === undefined ? 0 : Math.max(0, fs.fstatSync(fd).size - this.offset);
	}

	/**
	 * Feeds everything new (up to maxBytes, and while `performance.now()` is before `until`) to
	 * `sink`; returns the bytes read.
	 */
	drain(sink: (chunk: Uint8Array) => void, maxBytes = 8 * 1024 * 1024, until = Infinity): number {
		const fd = this.open();
		if (fd === undefined) return 0;
		let total = 0;
		while (total < maxBytes && performance.now() < until) {
			const n = fs.readSync(fd, this.buf, 0, Math.min(this.buf.length, maxBytes - total), this.offset);
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

/** The last lines of a log as a terminal shows them (bounded whatever the log holds). */
export {tailLines} from './log-tail.js';
