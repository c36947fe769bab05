import fs from 'node:fs';
import path from 'node:path';
import {UsageError} from './errors.js';
import {checkHomeTrusted, checkJobFiles} from './home-trust.js';
import {ensureHome, resolvePaths, type QueuePaths} from './home.js';
import {Store} from './store.js';
import {unfinishedIds} from './store-history.js';
import type {Job} from './types.js';

/** An open queue: its files and its database. */
export interface Queue {
	paths: QueuePaths;
	store: Store;
	now: () => number;
}

/** Opens the queue of the project at `cwd` (or `home`), creating `.queue/` when needed. */
export function openQueue(opts: {cwd?: string; home?: string; env?: NodeJS.ProcessEnv} = {}): Queue {
	const paths = resolvePaths({cwd: opts.cwd ?? process.cwd(), home: opts.home, env: opts.env});
	ensureHome(paths);
	return opened(paths);
}

/**
 * Opens the queue only if it exists, creating nothing: for commands that only read
 * (`wait`, `list`, `status`, `log`, `report`). Undefined when the project has no queue yet.
 */
export function openExistingQueue(opts: {cwd?: string; home?: string; env?: NodeJS.ProcessEnv} = {}): Queue | undefined {
	const paths = resolvePaths({cwd: opts.cwd ?? process.cwd(), home: opts.home, env: opts.env});
	checkHomeTrusted(paths); // another user's queue is not read either (`wait` would start its jobs)
	if (!fs.existsSync(paths.db)) {
		// No queue is fine; a home that could never hold one (under a file) is a mistake worth saying.
		let dir = paths.home;
		while (!fs.existsSync(dir) && path.dirname(dir) !== dir) dir = path.dirname(dir);
		if (!fs.statSync(dir).isDirectory()) throw new UsageError(`queue home ${paths.home} is not writable (ENOTDIR); set --home or QUEUE_TUI_HOME`);
		return undefined;
	}
	return opened(paths);
}

/** The database opened, then the files the runner will write for the jobs not over yet checked (see checkHomeTrusted). */
function opened(paths: QueuePaths): Queue {
	const store = Store.open(paths.db);
	try {
		checkJobFiles(paths, unfinishedIds(store));
	} catch (error) {
		store.close();
		throw error;
	}
	return {paths, store, now: Date.now};
}

/** A job by id, or a UsageError naming it. */
export function mustGet(q: Queue, id: number): Job {
	const job = q.store.job(id);
	if (!job) throw new UsageError(`no job #${id} in ${q.paths.home}`);
	return job;
}
