import fs from 'node:fs';
import {oneLine} from './errors.js';
import type {QueuePaths} from './home.js';
import {openAppend} from './safe-open.js';
import {writeStatus} from './status-file.js';
import type {Store} from './store.js';

/** Set when a status write failed; the runner retries until one succeeds. */
let owed = false;
let lastProblem = '';

/** Whether this process owes the status files a rewrite (its last one failed). */
export const statusOwed = (): boolean => owed;

/**
 * Brings `.queue/status` and `.queue/status.json` up to date, after the change that moved them
 * has committed: the status files are derived data, and failing to write them (a full disk, a
 * directory in their place) must never undo a change. The write holds SQLite's write lock, so
 * writers take turns and each writes the state as of its turn: the files follow commit order and
 * never go back to an older state. Never throws; a failure is logged once and owed.
 */
export function refreshStatus(q: {paths: QueuePaths; store: Store; now: () => number}, runnerAlive?: boolean): string | undefined {
	try {
		const line = q.store.locked(() => writeStatus(q.paths, q.store, q.now(), runnerAlive));
		if (owed) note(q.paths, 'status files written again');
		owed = false;
		lastProblem = '';
		return line;
	} catch (error) {
		owed = true;
		const problem = oneLine(error);
		if (problem !== lastProblem) note(q.paths, `status files not written (will retry): ${problem}`);
		lastProblem = problem;
		return undefined;
	}
}

/** One line in runner.log; if even that fails, there is nowhere left to say it. */
function note(paths: QueuePaths, text: string): void {
	try {
		const fd = openAppend(paths.runnerLog);
		try {
			fs.writeSync(fd, `${new Date().toISOString()} pid ${process.pid}: ${text}\n`);
		} finally {
			fs.closeSync(fd);
		}
	} catch {}
}
