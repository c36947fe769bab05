import fs from 'node:fs';
import type {QueuePaths} from '../core/home.js';

/**
 * The dashboard's one change feed, shared by every open page: a watch on the queue's directory
 * (every commit writes `queue.db-wal`; log files grow in `logs/`), and a slow check of the
 * database's version behind it in case a watch is lost. Listeners hear at most one call per
 * `coalesceMs`, so a job printing thousands of lines a second costs a few renders a second.
 * An idle queue wakes nothing but the slow check. The change detection stays inside this module.
 */
export class ChangeFeed {
	private watchers: fs.FSWatcher[] = [];
	private listeners = new Set<(what: Set<string>) => void>();
	private dirty = new Set<string>();
	private timer?: NodeJS.Timeout;
	private fallback: NodeJS.Timeout;
	private lastVersion: string;

	constructor(paths: QueuePaths, private version: () => string, private coalesceMs = 250, fallbackMs = 5000) {
		const db = paths.db.slice(paths.home.length + 1);
		this.watch(paths.home, name => (name === null || name.startsWith(db) ? 'db' : undefined));
		this.watch(paths.logs, name => (name && /^\d+\.log$/.test(name) ? `log:${Number.parseInt(name, 10)}` : undefined));
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

	close(): void {
		for (const w of this.watchers) w.close();
		clearInterval(this.fallback);
		clearTimeout(this.timer);
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
