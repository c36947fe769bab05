/**
 * Snapshot worktrees checked out ahead, while their jobs wait in the queue: checking out a big tree
 * takes seconds, and a job that finds its tree ready starts in the time it takes to check it (as
 * from the spare). The checkouts run in the background, one at a time, so the runner's loop never
 * waits on them; a checkout is used only once its `.ready` file names the job's snapshot, and is
 * still checked against the snapshot at the start (a runner killed half-way leaves a checkout that
 * is redone, never trusted). Checkouts of jobs that no longer wait (cancelled, started elsewhere,
 * cleaned) are removed in the background.
 */
import type {ChildProcess} from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type {Queue} from './queue.js';
import {gitInBackground} from './snapshot.js';
import {FRESH, removeWorktreeInBackground, spareDir} from './snapshot-worktree.js';
import {toJob, type Row} from './store-rows.js';
import type {Job} from './types.js';

/** Where a waiting job's tree is prepared, and the file that says it is complete (it holds the snapshot). */
export const preparedDir = (worktrees: string, jobId: number) => path.join(worktrees, `prep-${jobId}`);
const readyFile = (dir: string) => `${dir}.ready`;
const PREPARED = /^prep-(\d+)(\.ready)?$/;

/** The job id a `prep-N` entry of the worktrees directory belongs to. */
export const preparedJob = (name: string) => Number(PREPARED.exec(name)?.[1] ?? NaN);

/** Whether `dir` holds a complete checkout of `snap`. */
export function isPrepared(dir: string, snap: string | undefined): boolean {
	try {
		return snap !== undefined && fs.readFileSync(readyFile(dir), 'utf8') === snap && fs.existsSync(dir);
	} catch {
		return false;
	}
}

export class WorktreePrep {
	private busy?: {id: number; dir: string; top: string; child: ChildProcess; dropped: boolean};
	private look = true;
	private lastLook = 0;
	private readonly removing = new Set<string>();
	private readonly root: string;

	/** `done` is called when a checkout ends, so the loop looks for the next one soon. */
	constructor(private readonly q: Queue, private readonly done: () => void) {
		this.root = path.join(q.paths.home, 'worktrees');
	}

	/**
	 * One look at the waiting snapshot jobs: within a second of a change, else every few seconds (a
	 * queue of thousands of plain jobs pays one indexed read a second at most).
	 */
	tick(now: number, changed: boolean, slots: number): void {
		if (changed) this.look = true;
		if (now - this.lastLook < (this.look ? 1000 : 3000)) return;
		this.look = false;
		this.lastLook = now;
		const waiting = this.waiting(slots + 1);
		const ids = new Set(waiting.map(j => j.id));
		this.removeLeftovers(ids);
		if (this.busy) {
			if (!ids.has(this.busy.id)) this.drop();
			return;
		}
		const next = this.nextToPrepare(waiting);
		if (next) this.prepare(next);
	}

	/** At a job's start: its prepared checkout when complete (a checkout still running is stopped and removed). */
	take(job: Job): string | undefined {
		if (this.busy?.id === job.id) this.drop();
		const dir = preparedDir(this.root, job.id);
		const ready = isPrepared(dir, job.tree?.snap);
		fs.rmSync(readyFile(dir), {force: true});
		return ready ? dir : undefined;
	}

	/** The runner is leaving: a checkout still running is stopped (the next runner starts it again). */
	stop(): void {
		this.drop();
	}

	/** The first waiting snapshot jobs in queue order: as many as could start at once, and one more. */
	private waiting(limit: number): Job[] {
		const rows = this.q.store.db.prepare(
			`SELECT * FROM jobs WHERE state IN ('queued', 'interrupted') AND snapshot = 1 AND tree IS NOT NULL ORDER BY position, id LIMIT ?`,
		).all(limit) as Row[];
		return rows.map(toJob);
	}

	/**
	 * The first waiting job with neither a prepared checkout nor a spare to start from (the first job
	 * of a repository with a spare takes the spare).
	 */
	private nextToPrepare(waiting: Job[]): Job | undefined {
		const spareTaken = new Set<string>();
		for (const job of waiting) {
			const top = job.tree?.top;
			if (!top || !job.tree?.snap) continue;
			if (isPrepared(preparedDir(this.root, job.id), job.tree.snap)) continue;
			if (!spareTaken.has(top) && fs.existsSync(spareDir(this.root, top))) {
				spareTaken.add(top);
				continue;
			}
			return job;
		}
		return undefined;
	}

	private prepare(job: Job): void {
		const top = job.tree!.top!;
		const snap = job.tree!.snap!;
		const dir = preparedDir(this.root, job.id);
		fs.mkdirSync(this.root, {recursive: true, mode: 0o700});
		fs.rmSync(readyFile(dir), {force: true});
		if (fs.existsSync(dir)) {
			// Left half-done by an earlier runner: redone from scratch once it is gone.
			this.removeInBackground(top, dir);
			return;
		}
		const {child, done} = gitInBackground(top, FRESH(dir, snap));
		const busy = {id: job.id, dir, top, child, dropped: false};
		this.busy = busy;
		done.then(
			() => (busy.dropped ? this.removeInBackground(top, dir) : fs.writeFileSync(readyFile(dir), snap, {mode: 0o600})),
			() => this.removeInBackground(top, dir),
		).catch(() => {}).finally(() => {
			if (this.busy === busy) this.busy = undefined;
			this.look = true;
			this.done();
		});
	}

	/** Stops the running checkout; what it wrote is removed when it has exited. */
	private drop(): void {
		if (!this.busy || this.busy.dropped) return;
		this.busy.dropped = true;
		this.busy.child.kill('SIGTERM');
	}

	/** Prepared checkouts (and `.ready` files) of jobs that no longer wait. */
	private removeLeftovers(waiting: Set<number>): void {
		let names: string[];
		try {
			names = fs.readdirSync(this.root);
		} catch {
			return;
		}
		for (const name of names) {
			const id = preparedJob(name);
			if (Number.isNaN(id) || waiting.has(id) || this.busy?.id === id) continue;
			const file = path.join(this.root, name);
			if (name.endsWith('.ready')) {
				fs.rmSync(file, {force: true});
				continue;
			}
			const top = topOf(file);
			if (top) this.removeInBackground(top, file);
			else fs.promises.rm(file, {recursive: true, force: true}).catch(() => {});
		}
	}

	private removeInBackground(top: string, dir: string): void {
		if (this.removing.has(dir)) return;
		this.removing.add(dir);
		void removeWorktreeInBackground(top, dir).finally(() => {
			this.removing.delete(dir);
			this.look = true;
			this.done();
		});
	}
}

/**
 * The repository a worktree belongs to, read from its `.git` file (`gitdir: <repo>/.git/worktrees/<name>`),
 * without running git; undefined when it is not a worktree (or not one any more).
 */
export function topOf(dir: string): string | undefined {
	try {
		const line = fs.readFileSync(path.join(dir, '.git'), 'utf8').trim();
		const m = /^gitdir: (.+)\/worktrees\/[^/]+$/.exec(line);
		return m ? path.dirname(m[1]) : undefined;
	} catch {
		return undefined;
	}
}
