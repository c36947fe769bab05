import fs from 'node:fs';
import path from 'node:path';
import type {QueuePaths} from './home.js';
import {writeNew} from './safe-open.js';

/** The file every writer touches once its change has committed (its time is all it holds). */
const COMMITS = 'commits';

/**
 * Says "committed" to every reader watching: the file's times change, which a directory watcher
 * sees at once, and unlike the WAL write (which comes before SQLite publishes the commit) it
 * comes after, so a reader that looks then sees the change. lutimes never follows a planted
 * symlink. Never throws: a reader that misses it finds the change on its slow timer.
 */
export function signalCommit(paths: Pick<QueuePaths, 'home'>): void {
	const file = path.join(paths.home, COMMITS);
	const now = new Date();
	try {
		fs.lutimesSync(file, now, now);
	} catch {
		try {
			writeNew(file, '');
		} catch {}
	}
}

/**
 * Wakes a reader the moment any process commits to the queue: writers touch `commits` after
 * each commit, and every commit writes SQLite's WAL (`queue.db-wal`) beside the database; the
 * kernel tells a directory watcher at once (inotify on Linux). Readers still re-check on a slow
 * timer, because a watch can be lost (a network filesystem, a full inotify table); the signal
 * only makes the common case instant.
 */
export class CommitSignal {
	private watcher?: fs.FSWatcher;
	private waiting?: () => void;
	private pending = false;

	constructor(paths: QueuePaths) {
		const db = `${paths.db.slice(paths.home.length + 1)}`;
		try {
			this.watcher = fs.watch(paths.home, {persistent: false}, (_event, name) => {
				if (name === COMMITS) this.wake();
				else if (name === null || String(name).startsWith(db)) this.fire();
			});
			this.watcher.on('error', () => this.close());
		} catch {
			this.watcher = undefined; // no watch: readers fall back to their timer
		}
	}

	/** Resolves at the next commit seen (or one seen since the last call), or after `fallbackMs`. */
	next(fallbackMs: number): Promise<void> {
		if (this.pending) {
			this.pending = false;
			return Promise.resolve();
		}
		return new Promise(resolve => {
			const timer = setTimeout(done, this.watcher ? fallbackMs : Math.min(fallbackMs, 100));
			const self = this;
			function done() {
				clearTimeout(timer);
				if (self.waiting === done) self.waiting = undefined;
				resolve();
			}
			this.waiting = done;
		});
	}

	close(): void {
		this.watcher?.close();
		this.watcher = undefined;
		this.waiting?.();
	}

	/**
	 * The WAL write that wakes us comes a moment before SQLite publishes the commit in its shared
	 * index (an mmap write, which no watch sees): a reader that looks at once can still see the old
	 * state. So each write wakes the reader again shortly after, when the commit is visible.
	 */
	private fire(): void {
		this.wake();
		for (const ms of [2, 15]) setTimeout(() => this.wake(), ms).unref();
	}

	private wake(): void {
		if (this.waiting) this.waiting();
		else this.pending = true;
	}
}
