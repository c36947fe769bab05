import fs from 'node:fs';
import {oneLine} from './errors.js';
import type {QueuePaths} from './home.js';
import {isAlive} from './processes.js';
import {openAppend} from './safe-open.js';
import {writeStatus} from './status-file.js';
import type {Store} from './store.js';

type StatusQueue = {paths: QueuePaths; store: Store; now: () => number};

/** Set when a status write failed; whoever writes next says when it works again. */
let owed = false;
let lastProblem = '';

/**
 * Brings `.queue/status` and `.queue/status.json` up to date, now. The status files are derived
 * data, and failing to write them (a full disk, a directory in their place) must never undo a
 * change. The write holds SQLite's write lock, so two writers (the runner, and a command that
 * found none alive) take turns and each writes the state as of its turn: the files follow commit
 * order and never go back to an older state. Never throws; a failure is logged once. True when written.
 */
export function refreshStatus(q: StatusQueue, runnerAlive?: boolean): boolean {
	try {
		q.store.locked(() => writeStatus(q.paths, q.store, q.now(), runnerAlive));
		if (owed) note(q.paths, 'status files written again');
		owed = false;
		lastProblem = '';
		return true;
	} catch (error) {
		owed = true;
		const problem = oneLine(error);
		if (problem !== lastProblem) note(q.paths, `status files not written (will retry): ${problem}`);
		lastProblem = problem;
		return false;
	}
}

/**
 * The runner's status writer, the one writer while a runner is alive: every change (its own
 * commits, and other processes' it sees move data_version) asks for a write, and one write a
 * moment later covers all the changes asked for meanwhile, at most one every `gapMs` (a busy
 * runner's changes, a job ending every few ms, cost a write now and then, not one each). With
 * the runner's 100 ms look at others' commits, any change is in the files within ~250 ms.
 * A write that failed is tried again a second later, for as long as it fails.
 */
export class StatusWriter {
	private timer?: NodeJS.Timeout;
	private dueAt = 0;
	private lastWrite = 0;

	constructor(private readonly q: StatusQueue, private readonly delayMs = 20, private readonly gapMs = 150, private readonly retryMs = 1000) {}

	/** Something changed: the files are written soon (a write already due covers it). */
	changed(): void {
		this.schedule(Math.max(this.delayMs, this.lastWrite + this.gapMs - this.q.now()));
	}

	/** Writes now if a write is due (the runner's last word before it lets the lease go). */
	flush(): void {
		if (this.timer) this.write();
	}

	stop(): void {
		clearTimeout(this.timer);
		this.timer = undefined;
	}

	private schedule(ms: number): void {
		const at = this.q.now() + ms;
		if (this.timer && this.dueAt <= at) return;
		clearTimeout(this.timer);
		this.dueAt = at;
		this.timer = setTimeout(() => this.write(), ms);
		this.timer.unref();
	}

	private write(): void {
		this.stop();
		this.lastWrite = this.q.now();
		if (!refreshStatus(this.q, true)) this.schedule(this.retryMs);
	}
}

/** This process's runner writer, while it holds the lease. */
let runnerWriter: StatusWriter | undefined;

/** The runner takes (a writer) or gives up (undefined) the status files. */
export function ownStatus(writer: StatusWriter | undefined): void {
	runnerWriter = writer;
}

/**
 * Called after every commit that may move the status line. In the runner, its writer is asked
 * for a write. Elsewhere (a command, the TUI) the files are written here only when no runner is
 * alive: a live runner sees the commit (data_version moves) and writes them itself, and it writes
 * them once more as it gives up the lease, so a change is never left out.
 */
export function statusChanged(q: StatusQueue, runnerAlive?: boolean): void {
	if (runnerWriter) {
		runnerWriter.changed();
		return;
	}
	if (runnerAlive ?? isAlive(q.store.runner())) return;
	refreshStatus(q, false);
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
