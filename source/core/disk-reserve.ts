import fs from 'node:fs';
import path from 'node:path';
import type {QueuePaths} from './home.js';
import {openAppend} from './safe-open.js';

/** 1 MiB: room for many end records and status lines, next to nothing on any real disk. */
const RESERVE_BYTES = 1024 * 1024;

const reservePath = (paths: QueuePaths) => path.join(paths.home, 'reserve');

/**
 * Keeps `.queue/reserve`, a file of spare space. When the disk fills, the runner deletes it, so the
 * ends it still has to record (and a status line saying "disk full") can be written at once rather
 * than waiting for the user to free space. True once the reserve is in place.
 */
export function ensureReserve(paths: QueuePaths): boolean {
	const file = reservePath(paths);
	try {
		if (fs.statSync(file).size >= RESERVE_BYTES) return true;
	} catch {}
	let fd: number | undefined;
	try {
		fd = openAppend(file);
		fs.ftruncateSync(fd, 0);
		// Real bytes, not a sparse hole: the space must be taken now to be handed back later.
		if (fs.writeSync(fd, Buffer.alloc(RESERVE_BYTES)) < RESERVE_BYTES) throw new Error('short write');
		return true;
	} catch {
		// Half a reserve would be taken for a whole one: give back what was taken.
		try {
			if (fd !== undefined) fs.ftruncateSync(fd, 0);
		} catch {}
		return false;
	} finally {
		if (fd !== undefined) fs.closeSync(fd);
	}
}

/** Hands the reserve's space back to the file system; false when there was none to hand back. */
export function releaseReserve(paths: QueuePaths): boolean {
	let size = 0;
	try {
		size = fs.statSync(reservePath(paths)).size;
	} catch {}
	fs.rmSync(reservePath(paths), {force: true});
	return size > 0;
}

/** Whether an error is the disk (or quota) being full, from SQLite or from the file system. */
export function isDiskFull(error: unknown): boolean {
	const code = (error as {code?: string}).code;
	return code === 'SQLITE_FULL' || code === 'ENOSPC' || code === 'EDQUOT';
}
