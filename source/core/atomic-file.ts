import fs from 'node:fs';
import {writeNew} from './safe-open.js';

let counter = 0;

/**
 * Replaces a file atomically (temp file in the same directory, then rename), mode 0600:
 * a reader sees the old content or the new, never half.
 */
export function writeAtomic(file: string, text: string, mode = 0o600): void {
	const tmp = `${file}.${process.pid}.${counter++}.tmp`;
	try {
		writeNew(tmp, text, mode); // a symlink planted at the temp name fails the write, never redirects it
		fs.renameSync(tmp, file);
	} catch (error) {
		fs.rmSync(tmp, {force: true});
		throw error;
	}
}
