/**
 * File opens inside the queue home that never follow a symlink: a link planted at `logs/3.log`
 * or a temp file's name must make the open fail (ELOOP / EEXIST), never redirect our writes
 * (or reads) to a file outside the home. Created files are 0600.
 */
import fs from 'node:fs';

const {O_APPEND, O_CREAT, O_EXCL, O_NOFOLLOW, O_RDONLY, O_WRONLY} = fs.constants;

/** Opens for appending, creating 0600 if absent; refuses a symlink. */
export function openAppend(file: string): number {
	return fs.openSync(file, O_WRONLY | O_APPEND | O_CREAT | O_NOFOLLOW, 0o600);
}

/** Opens for reading; refuses a symlink. */
export function openRead(file: string): number {
	return fs.openSync(file, O_RDONLY | O_NOFOLLOW);
}

/** Creates a new file (0600 by default) with `text`; fails if anything (a symlink included) is already there. */
export function writeNew(file: string, text: string, mode = 0o600): void {
	const fd = fs.openSync(file, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW, mode);
	try {
		fs.writeFileSync(fd, text);
	} finally {
		fs.closeSync(fd);
	}
}

/** A file's whole text, read without following a symlink. */
export function readText(file: string): string {
	const fd = openRead(file);
	try {
		return fs.readFileSync(fd, 'utf8');
	} finally {
		fs.closeSync(fd);
	}
}
