import fs from 'node:fs';
import path from 'node:path';

/**
 * Whether a database file is shorter than its own header says (a truncated copy, a disk that
 * filled mid-write). SQLite itself would answer from the pages it has and only fail later, on
 * the first page that is missing: `list` would print half a queue and `add` would fail.
 * The header is trusted only when SQLite marks it current (change counter = version-valid-for).
 */
export function shorterThanHeader(file: string): boolean {
	let fd: number | undefined;
	try {
		fd = fs.openSync(file, 'r');
		const head = Buffer.alloc(100);
		if (fs.readSync(fd, head, 0, 100, 0) < 100 || head.toString('latin1', 0, 16) !== 'SQLite format 3\0') return false;
		const raw = head.readUInt16BE(16);
		const pageSize = raw === 1 ? 65_536 : raw;
		const pages = head.readUInt32BE(28);
		if (pages === 0 || head.readUInt32BE(24) !== head.readUInt32BE(92)) return false;
		return fs.fstatSync(fd).size < pages * pageSize;
	} catch {
		return false;
	} finally {
		if (fd !== undefined) fs.closeSync(fd);
	}
}

/** What a damaged queue database is and how to get going again; the logs and reports do not live in it. */
export function damagedMessage(file: string, detail: string): string {
	const dir = path.dirname(file);
	return `${file} is damaged (${detail}): move it aside (mv ${file} ${file}.damaged) and queue-tui starts an empty queue; the logs and reports in ${dir} are kept`;
}

/** SQLite's codes for a file that is not (or no longer) a sound database. */
export function isDamageCode(code: string | undefined): boolean {
	return code === 'SQLITE_NOTADB' || (code ?? '').startsWith('SQLITE_CORRUPT');
}
