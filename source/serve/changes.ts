import fs from 'node:fs';
import {logPath, type QueuePaths} from '../core/home.js';

/**
 * The dashboard's one change feed, shared by every open page: a watch on the queue's directory
 * (every commit writes `queue.db-wal`), and a slow check of the database's version behind it in
 * case a watch is lost. Logs are not watched: a job printing 10k lines a second makes ~10k inotify
 * events a second, which cost more than everything else together; instead the logs of the jobs
 * whose pages are open are looked at (a stat) once per `coalesceMs`, and none while no job page is.
 * Listeners hear at most one call per `coalesceMs`, so a flood costs a few renders a second; an
 * idle queue wakes nothing but the slow check. The change detection stays inside this module.
 */
export class ChangeFeed {
	private watchers: fs.FSWatcher[] = [];
	private listeners = new Set<(what: Set<string>) => void>();
	private dirty = new Set<string>();
	private timer?: NodeJS.Timeout;
	private fallback: NodeJS.Timeout;
	private lastVersion: string;
	/** Followed logs (by job id) and their last size. */
	private logs = new Map<number, number>();
	private logPoll?: NodeJS.Timeout;

	constructor(private paths: QueuePaths, private version: () => string, private coalesceMs = 250, fallbackMs = 5000) {
		const db = paths.db.slice(paths.home.length + 1);
		this.watch(paths.home, name => (name === null || name.startsWith(db) ? 'db' : undefined));
		this.lastVersion = version();
		this.fallback = setInterval(() => this.mark('db'), fallbackMs);
		this.fallback.unref();
	}

	on(listener: (what: Set<string>) => void): () => void {
		this.listeners.add(listener);
		return () => this.listeners.delete(listener);
	}

	/** Something changed (`db`, or `log:<id>`); listeners hear it once the burst has settled a little. */
	mark(what: string): void {
		this.dirty.add(what);
		this.timer ??= setTimeout(() => this.flush(), this.coalesceMs);
	}

	/** The jobs whose logs pages follow now (`log:<id>` is heard when one grows or is rewritten). */
	followLogs(ids: Iterable<number>): void {
		const next = new Map<number, number>();
		for (const id of ids) next.set(id, this.logs.get(id) ?? this.logSize(id));
		this.logs = next;
		if (next.size === 0) {
			clearInterval(this.logPoll);
			this.logPoll = undefined;
		} else {
			this.logPoll ??= setInterval(() => this.pollLogs(), this.coalesceMs);
		}
	}

	close(): void {
		for (const w of this.watchers) w.close();
		clearInterval(this.fallback);
		clearInterval(this.logPoll);
		clearTimeout(this.timer);
	}

	private pollLogs(): void {
		for (const [id, size] of this.logs) {
			const now = this.logSize(id);
			if (now === size) continue;
			this.logs.set(id, now);
			this.mark(`log:${id}`);
		}
	}

	private logSize(id: number): number {
		try {
			return fs.statSync(logPath(this.paths, id)).size;
		} catch {
			return -1;
		}
	}

	private flush(): void {
		this.timer = undefined;
		const what = this.dirty;
		this.dirty = new Set();
		if (what.has('db')) {
			// The WAL also moves on checkpoints and our own reads' housekeeping: only a new version counts.
			const v = this.version();
			if (v === this.lastVersion) what.delete('db');
			this.lastVersion = v;
		}
		if (what.size > 0) for (const l of this.listeners) l(what);
	}

	private watch(dir: string, classify: (name: string | null) => string | undefined): void {
		try {
			const w = fs.watch(dir, {persistent: false}, (_e, name) => {
				const what = classify(name === null ? null : String(name));
				if (what) this.mark(what);
			});
			w.on('error', () => w.close());
			this.watchers.push(w);
		} catch {
			// no watch (no logs dir yet, no inotify slots): the slow check still runs
		}
	}
}
