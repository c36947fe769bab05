import fs from 'node:fs';

let counter = 0;

/**
 * Replaces a file atomically (temp file in the same directory, then rename), mode 0600:
 * a reader sees the old content or the new, never half.
 */
export function writeAtomic(file: string, text: string, mode = 0o600): void {
	const tmp = `${file}.${process.pid}.${counter++}.tmp`;
	try {
		fs.writeFileSync(tmp, text, {mode});
		fs.renameSync(tmp, file);
	} catch (error) {
		fs.rmSync(tmp, {force: true});
		throw error;
	}
}
