/** File primitives for the installer: a crash or a concurrent reader never sees a half-written file. */
import {randomBytes} from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

function code(error: unknown): string | undefined {
	return (error as NodeJS.ErrnoException | undefined)?.code;
}

/** The file's text, or undefined when it does not exist. */
export function readOptional(file: string): string | undefined {
	try {
		return fs.readFileSync(file, 'utf8');
	} catch (error) {
		if (code(error) === 'ENOENT') return undefined;
		throw error;
	}
}

/**
 * Writes through a temp file in the same directory + rename, so readers (Claude Code's file watcher)
 * see the old or the new content, never half. Keeps the original's mode (else `mode`), and writes
 * through a symlink to its target so dotfile-manager links stay links.
 */
export function atomicWrite(file: string, text: string, mode = 0o644): void {
	let target = file;
	try {
		target = fs.realpathSync(file);
		mode = fs.statSync(target).mode & 0o7777;
	} catch (error) {
		if (code(error) !== 'ENOENT') throw error;
	}
	const dir = path.dirname(target);
	fs.mkdirSync(dir, {recursive: true});
	const temp = path.join(dir, `.${path.basename(target)}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`);
	try {
		const fd = fs.openSync(temp, 'wx', mode);
		try {
			fs.writeSync(fd, text);
			fs.fchmodSync(fd, mode); // The umask may have narrowed the mode given to open.
			fs.fsyncSync(fd);
		} finally {
			fs.closeSync(fd);
		}
		fs.renameSync(temp, target);
	} catch (error) {
		fs.rmSync(temp, {force: true});
		throw error;
	}
}

/** Copies `file` to `<file>.bak-<UTC timestamp>` (never overwriting an older backup); returns its path. */
export function backupFile(file: string, now = new Date()): string {
	const stamp = now.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
	for (let n = 0; ; n++) {
		const backup = `${file}.bak-${stamp}${n === 0 ? '' : `-${n}`}`;
		try {
			fs.copyFileSync(file, backup, fs.constants.COPYFILE_EXCL);
			return backup;
		} catch (error) {
			if (code(error) !== 'EEXIST') throw error;
		}
	}
}

/** Removes a directory only if empty (so we never delete what the user put next to our files). */
export function removeEmptyDir(dir: string): void {
	try {
		fs.rmdirSync(dir);
	} catch {
		// Not empty or already gone: both are fine.
	}
}
