import {executorFor, type Execution} from './executors/index.js';
import type {CompiledPattern} from './parsers/custom.js';
import type {Progress} from './parsers/types.js';
import {attemptArgv} from './pytest-retry.js';
import {identityOf, isAlive} from './processes.js';
import {change, finishAttempt, type Queue} from './queue.js';
import {claimRunnable} from './claim.js';
import {placeAttempt, releaseAttempt, type Placed} from './job-place.js';
import type {AttemptEnd} from './transitions.js';
import {ownStatus, refreshStatus, StatusWriter} from './status-writer.js';
import {armCrashPoints, crashPoint} from './crash-points.js';
import {ensureReserve} from './disk-reserve.js';
import {RunnerHealth} from './runner-health.js';
import {recoveryFor} from './runner-recovery.js';
import {sweepExitFiles} from './exit-record.js';
import {isFinal, type Job} from './types.js';
import type {Config} from './config.js';
import {announceEnd} from './job-end.js';
import {announceFlowEnd} from './flows/flow-end.js';
import {flowStore} from './flows/flow-store.js';
import {saveProgress} from './progress-save.js';
import {WorktreePrep} from './snapshot-prepare.js';

export interface RunnerOptions {
	/** Parallel slots when the queue has no `parallel` setting. */
	slots: number;
	patterns?: CompiledPattern[];
	/** How often the loop looks at the database and the logs. */
	tickMs?: number;
	/** Progress is written to the database (and the status file) at most this often per job (default 500 ms: twice a second is live enough, and each write is a commit). */
	progressEveryMs?: number;
	notify?: Config['notify'];
	/** The GPU ids jobs with `--gpus` share. */
	gpus?: readonly string[];
	/** Where the runner says what its notifiers answered (the headless event stream). */
	say?: (line: string) => void;
}

/**
 * The queue's engine: holds the runner lease, adopts or recovers jobs left running by an earlier
 * runner, starts queued jobs FIFO within the slot limit, and records every end.
 * Only one runner per queue holds the lease; the jobs themselves never depend on it staying alive.
 */
export class Runner {
	private readonly watches = new Map<number, Execution>();
	private lastVersion = -1;
	private wakeAt?: number;
	private lastBeat = 0;
	private lastStatus = 0;
	private lastRecover = 0;
	/** Ends seen but not yet written (the database refused: a full disk); kept until they are. */
	private readonly unrecorded = new Map<number, AttemptEnd>();
	/** Jobs started whose pid could not be written yet. */
	private readonly unsavedPids = new Map<number, () => void>();
	private readonly health: RunnerHealth;
	/** The one writer of the status files while this runner holds the lease. */
	private readonly status: StatusWriter;
	/** Waiting snapshot jobs' worktrees, checked out in the background. */
	private readonly prep: WorktreePrep;

	constructor(private readonly q: Queue, private readonly opts: RunnerOptions) {
		armCrashPoints();
		this.health = new RunnerHealth(q, opts.say);
		this.status = new StatusWriter(q);
		this.prep = new WorktreePrep(q, () => this.wake?.());
	}

	/** Takes the lease if no other live runner holds it. */
	acquire(): boolean {
		const me = identityOf(process.pid);
		const got = this.q.store.tx(() => {
			const r = this.q.store.runner();
			if (r && r.pid !== process.pid && isAlive(r)) return false;
			this.q.store.setRunner(me, this.q.now());
			return true;
		});
		if (got) {
			ensureReserve(this.q.paths);
			ownStatus(this.status);
			this.status.changed();
		}
		return got;
	}

	/** Adopts jobs still running from before; records or re-queues those whose processes are gone. */
	recover(): void {
		this.lastRecover = this.q.now();
		const running = this.health.guard('recovery', () => this.q.store.jobs({states: ['running']})) ?? [];
		// Flows whose last job ended while no runner was there (a job cancelled by hand before it started).
		for (const id of this.health.guard('flow recovery', () => flowStore.endedOpen(this.q.store)) ?? []) announceFlowEnd(this.q, id, this.opts, this.pending);
		for (const job of running) {
			if (!this.watches.has(job.id)) this.health.guard(`#${job.id} recovery`, () => this.recoverJob(job));
		}
		const open = new Set(running.map(j => `${j.id}.${this.q.store.lastAttemptSeq(j.id)}`));
		this.health.guard('exit files', () => sweepExitFiles(this.q.paths.exits, (id, seq) => open.has(`${id}.${seq}`)));
	}

	private recoverJob(job: Job): void {
		const seq = this.q.store.lastAttemptSeq(job.id);
		// A Slurm job is found by its Slurm id, not by a process here.
		const found = job.executor === 'slurm' ? {type: 'adopt' as const, job, found: false} : recoveryFor(this.q.paths, job, seq);
		if (found.type === 'end') {
			this.rescan = true;
			this.ended(this.finish(job.id, seq, found.end));
			return;
		}
		const {job: adopted} = found;
		if (found.found) change(this.q, () => this.q.store.update(job.id, {pid: adopted.pid, pid_start: adopted.pidStart, boot_id: adopted.bootId}), true);
		const logStart = this.q.store.attempts(job.id).find(a => a.seq === seq)?.logStart ?? 0;
		this.watches.set(job.id, executorFor(job).adopt({paths: this.q.paths, job: adopted, seq, logStart, patterns: this.opts.patterns}));
	}

	/** A job queued on this process's own connection (`add`'s socket): data_version does not show it, so look now. */
	queued(): void {
		this.rescan = true;
		this.wake?.();
	}

	/** One pass: output, limits, ends, scheduling. Returns true when the queue has nothing left to do. */
	tick(): boolean {
		const now = this.q.now();
		const version = this.q.store.dataVersion();
		const changed = version !== this.lastVersion;
		this.lastVersion = version;
		// Another process committed: it left the status files to us.
		if (changed) this.status.changed();
		const cancels = changed ? this.cancelFlags() : undefined;
		for (const w of [...this.watches.values()]) {
			this.health.guard(`#${w.jobId}`, () => this.follow(w, now, cancels?.has(w.jobId) ?? this.cancelled.has(w.jobId)));
		}
		for (const [id, save] of this.unsavedPids) this.health.guard(`#${id} pid`, save);
		if (cancels) this.cancelled = cancels;
		this.health.check(now, this.watches.size > this.unrecorded.size);
		// Our own commits don't move data_version; an end we recorded must still free its slot.
		// With the disk full a new job could not even write its log: it waits, unclaimed, and the
		// queue is looked at again as soon as space returns.
		if (this.health.diskFull) {
			this.rescan = true;
		} else {
			const again = changed || this.rescan;
			this.rescan = false;
			this.health.guard('scheduling', () => this.schedule(now, again));
			this.health.guard('snapshot prep', () => this.prep.tick(now, again, this.slots()));
		}
		if (now - this.lastBeat > 2000) {
			this.lastBeat = now;
			this.health.guard('heartbeat', () => this.q.store.heartbeat(process.pid, now));
		}
		// A job left running with nobody watching it (whatever the cause) is picked up within seconds.
		if (now - this.lastRecover > 5000) this.recover();
		// Running jobs' times move on even when nothing is written.
		if (this.watches.size > 0 && now - this.lastStatus > 5000) {
			this.lastStatus = now;
			this.status.changed();
		}
		return this.watches.size === 0 && this.idle();
	}

	/** One job's turn: output, limits, and its end once it is over (kept until it is written). */
	private follow(w: Execution, now: number, cancelRequested: boolean): void {
		let end = this.unrecorded.get(w.jobId);
		if (!end) {
			w.pump(now);
			w.enforce(now, cancelRequested);
			end = w.end(now);
			const news = w.news?.();
			if (news) change(this.q, () => this.q.store.update(w.jobId, news), true);
			if (!end) {
				this.saveProgress(w, now);
				return;
			}
			this.unrecorded.set(w.jobId, end);
		}
		crashPoint('before-end');
		// The last progress goes in with the end: one commit per end.
		const result = this.finish(w.jobId, w.seq, end, w.parser.snapshot());
		this.unrecorded.delete(w.jobId);
		this.unsavedPids.delete(w.jobId);
		this.watches.delete(w.jobId);
		this.rescan = true;
		this.ended(result);
	}

	private cancelled = new Set<number>();
	private rescan = true;

	private cancelFlags(): Set<number> {
		return new Set(this.q.store.jobs({states: ['running']}).filter(j => j.cancelRequested).map(j => j.id));
	}

	private idleAt = '';
	private wasIdle = false;

	private idle(): boolean {
		// Only a write (ours or another process's) can change the answer.
		const version = this.q.store.version();
		if (version === this.idleAt) return this.wasIdle;
		this.idleAt = version;
		this.wasIdle = this.computeIdle();
		return this.wasIdle;
	}

	private computeIdle(): boolean {
		const counts = this.q.store.countByState();
		const waiting = (counts.queued ?? 0) + (counts.interrupted ?? 0);
		return waiting === 0 || this.q.store.meta('paused') === '1';
	}

	private slots(): number {
		const n = Number(this.q.store.meta('parallel'));
		return Number.isInteger(n) && n > 0 ? n : this.opts.slots;
	}

	/** Claims runnable jobs (and skips those whose dependencies went the wrong way) in one transaction, then starts them. */
	private schedule(now: number, changed: boolean): void {
		if (!changed && (this.wakeAt === undefined || now < this.wakeAt)) return;
		const {claimed, skipped, wakeAt} = claimRunnable(this.q, {now, slots: this.slots(), gpus: this.opts.gpus});
		if (wakeAt) this.wakeAt = wakeAt.at;
		if (claimed.length > 0) crashPoint('after-claim');
		for (const {id} of skipped) this.ended({job: this.q.store.job(id)!}, true);
		for (const {job, seq} of claimed) {
			try {
				this.start(job, seq);
			} catch (error) {
				// Not spawned (no room for its log, say): back to its place, no retry spent, tried again in a while.
				this.health.failed(`#${job.id} start`, error);
				this.rescan = true;
				this.health.guard(`#${job.id} start`, () => this.finish(job.id, seq, {type: 'not-started', reason: String((error as Error).message ?? error), notBefore: now + 5000}));
			}
		}
	}

	private start(job: Job, seq: number): void {
		const argv = attemptArgv(this.q.store, job);
		const placed = placeAttempt(this.q.paths, job, this.prep);
		const launch = typeof placed === 'string'
			? placed
			: executorFor(job).start({
				paths: this.q.paths, job, run: {...job, argv, cwd: placed.cwd, env: {...job.env, ...placed.env}}, seq,
				patterns: this.opts.patterns, onEnd: () => this.wake?.(),
			});
		if (typeof launch === 'string') {
			this.rescan = true;
			if (typeof placed !== 'string') change(this.q, () => this.q.store.update(job.id, placed.fields), true);
			this.ended(this.finish(job.id, seq, {type: 'spawn-failed', reason: launch}));
			return;
		}
		crashPoint('after-spawn');
		if (launch.say) this.opts.say?.(launch.say);
		// Watched from now on, whether or not its pid (or Slurm id) can be written at once (it is retried each tick).
		this.watches.set(job.id, launch.execution);
		const save = () => {
			change(this.q, () => {
				this.q.store.update(job.id, {...launch.fields, ...(placed as Placed).fields});
				this.q.store.updateAttempt(job.id, seq, {log_start: launch.logStart, argv: argv === job.argv ? null : argv});
				crashPoint('before-pid');
			}, true, false); // undone by a power loss, the job is re-queued like any job running at a reboot
			this.unsavedPids.delete(job.id);
		};
		this.unsavedPids.set(job.id, save);
		this.health.guard(`#${job.id} pid`, save);
	}

	/** Records an attempt's end, then takes down what it ran in (its snapshot worktree). */
	private finish(jobId: number, seq: number, end: AttemptEnd, progress?: Progress): ReturnType<typeof finishAttempt> {
		const result = this.health.essential(() => finishAttempt(this.q, jobId, seq, end, true, progress));
		const job = result?.job ?? this.q.store.job(jobId);
		const clear = job ? releaseAttempt(job) : {};
		if (Object.keys(clear).length > 0) change(this.q, () => this.q.store.update(jobId, clear), true);
		return result;
	}

	/** Called when a job the runner started exits, so the loop records it (and starts the next) at once. */
	wake?: () => void;

	/** Notifications still on their way; the runner waits for them before it exits. */
	readonly pending = new Set<Promise<void>>();

	/** After a final end: the report file, then notifications in the background. */
	private ended(result: {job: Job} | undefined, neverRan = false): void {
		if (!result || !isFinal(result.job.state)) return;
		if (neverRan) releaseAttempt(result.job); // its snapshot, which no attempt's end let go of
		announceEnd(this.q, result.job, this.opts, this.pending);
		if (result.job.flowId !== undefined) announceFlowEnd(this.q, result.job.flowId, this.opts, this.pending);
	}

	private saveProgress(w: Execution, now: number): void {
		if (saveProgress(this.q, w, now, this.opts.progressEveryMs ?? 500)) this.lastStatus = now;
	}

	/** Stops scheduling and gives the lease up; running jobs carry on, and the next runner adopts them. */
	release(): void {
		this.status.stop();
		this.prep.stop();
		ownStatus(undefined);
		this.health.guard('release', () => this.q.store.tx(() => this.q.store.clearRunner(process.pid)));
		// After the lease is gone: a command that committed meanwhile saw a live runner and left this write to us.
		refreshStatus(this.q, false);
	}
}
