import {exitPath, logPath} from './home.js';
import {JobWatch} from './job-watch.js';
import {startJobProcess} from './job-process.js';
import type {CompiledPattern} from './parsers/custom.js';
import {retryArgv} from './pytest-retry.js';
import {identityOf, isAlive} from './processes.js';
import {change, finishAttempt, type Queue} from './queue.js';
import {laneOf, nextWake, plan} from './scheduler.js';
import {placeAttempt, releaseAttempt, type Placed} from './job-place.js';
import type {AttemptEnd} from './transitions.js';
import {writeStatus} from './status-file.js';
import {isFinal, type Job} from './types.js';
import type {Config} from './config.js';
import {factsOf, notifyEnd, writeReport} from './job-end.js';

export interface RunnerOptions {
	/** Parallel slots when the queue has no `parallel` setting. */
	slots: number;
	patterns?: CompiledPattern[];
	/** How often the loop looks at the database and the logs. */
	tickMs?: number;
	/** Progress is written to the database (and the status file) at most this often per job (default 500 ms: twice a second is live enough, and each write rewrites the status files). */
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
	private readonly watches = new Map<number, JobWatch>();
	private lastVersion = -1;
	private wakeAt?: number;
	private lastBeat = 0;
	private lastStatus = 0;

	constructor(private readonly q: Queue, private readonly opts: RunnerOptions) {}

	/** Takes the lease if no other live runner holds it. */
	acquire(): boolean {
		const me = identityOf(process.pid);
		return this.q.store.tx(() => {
			const r = this.q.store.runner();
			if (r && r.pid !== process.pid && isAlive(r)) return false;
			this.q.store.setRunner(me, this.q.now());
			return true;
		});
	}

	/** Adopts jobs still running from before; records or re-queues those whose processes are gone. */
	recover(): void {
		for (const job of this.q.store.jobs({states: ['running']})) {
			if (this.watches.has(job.id)) continue;
			const seq = this.q.store.lastAttemptSeq(job.id);
			const logStart = this.q.store.attempts(job.id).find(a => a.seq === seq)?.logStart ?? 0;
			this.watches.set(job.id, new JobWatch(this.q.paths, job, seq, logStart, undefined, this.opts.patterns));
		}
	}

	/** One pass: output, limits, ends, scheduling. Returns true when the queue has nothing left to do. */
	tick(): boolean {
		const now = this.q.now();
		const version = this.q.store.dataVersion();
		const changed = version !== this.lastVersion;
		this.lastVersion = version;
		const cancels = changed ? this.cancelFlags() : undefined;
		for (const w of [...this.watches.values()]) {
			w.pump(now);
			w.enforce(now, cancels?.has(w.jobId) ?? this.cancelled.has(w.jobId));
			const end = w.end(now);
			if (end) {
				this.rescan = true;
				this.watches.delete(w.jobId);
				this.saveProgress(w, now, true);
				this.ended(this.finish(w.jobId, w.seq, end));
			} else {
				this.saveProgress(w, now, false);
			}
		}
		if (cancels) this.cancelled = cancels;
		// Our own commits don't move data_version; an end we recorded must still free its slot.
		const again = changed || this.rescan;
		this.rescan = false;
		this.schedule(now, again);
		if (now - this.lastBeat > 2000) {
			this.lastBeat = now;
			this.q.store.heartbeat(process.pid, now);
		}
		if (this.watches.size > 0 && now - this.lastStatus > 5000) this.refreshStatus(now);
		return this.watches.size === 0 && this.idle();
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
		const {claimed, skipped} = change(this.q, () => {
			const skipped: Job[] = [];
			// A skip can unblock (or skip) the jobs after it: decide again until nothing changes.
			for (let round = 0; round < 100; round++) {
				const waiting = this.q.store.jobs({states: ['queued', 'interrupted']});
				const running = this.q.store.jobs({states: ['running']});
				const snap = {
					waiting, deps: this.q.store.depsOf(waiting.map(j => j.id)), running: running.filter(j => laneOf(j) === 'slot').length,
					slots: this.slots(), paused: this.q.store.meta('paused') === '1', now,
					gpus: this.opts.gpus, held: new Set(running.flatMap(j => j.gpuIds ?? [])),
				};
				const decided = plan(snap);
				if (decided.skip.length > 0) {
					for (const {job, reason} of decided.skip) {
						this.q.store.update(job.id, {state: 'skipped', reason, finished_at: now, not_before: null});
						skipped.push(job);
					}
					continue;
				}
				this.wakeAt = nextWake(snap);
				const claimed = decided.start.map(job => {
					const seq = this.q.store.lastAttemptSeq(job.id) + 1;
					const gpuIds = decided.gpus.get(job.id);
					// A new attempt starts clean: the last one's exit, reason and progress stay in its attempt row.
					this.q.store.update(job.id, {state: 'running', attempt: job.attempt + 1, started_at: now, not_before: null, pid: null, gpu_ids: gpuIds ?? null,
						exit_code: null, signal: null, reason: null, progress: null});
					this.q.store.insertAttempt(job.id, seq, now);
					const fresh = {...job, state: 'running' as const, attempt: job.attempt + 1, startedAt: now, gpuIds, exitCode: undefined, signal: undefined, reason: undefined, progress: undefined};
					return {job: fresh, seq};
				});
				return {claimed, skipped};
			}
			return {claimed: [], skipped};
		}, true);
		for (const job of skipped) this.ended({job: this.q.store.job(job.id)!});
		for (const {job, seq} of claimed) this.start(job, seq);
	}

	private start(job: Job, seq: number): void {
		const argv = this.argvFor(job);
		const placed = placeAttempt(this.q.paths, job);
		const proc = typeof placed === 'string'
			? placed
			: startJobProcess({...job, argv, cwd: placed.cwd, env: {...job.env, ...placed.env}}, seq, logPath(this.q.paths, job.id), exitPath(this.q.paths, job.id, seq));
		if (typeof proc === 'string') {
			this.rescan = true;
			if (typeof placed !== 'string') change(this.q, () => this.q.store.update(job.id, placed.fields), true);
			this.ended(this.finish(job.id, seq, {type: 'spawn-failed', reason: proc}));
			return;
		}
		const who = identityOf(proc.pid);
		change(this.q, () => {
			this.q.store.update(job.id, {pid: proc.pid, pid_start: who.pidStart, boot_id: who.bootId, ...(placed as Placed).fields});
			this.q.store.updateAttempt(job.id, seq, {log_start: proc.logStart, argv: argv === job.argv ? null : argv});
		}, true);
		const watched = {...job, pid: proc.pid, pidStart: who.pidStart, bootId: who.bootId};
		this.watches.set(job.id, new JobWatch(this.q.paths, watched, seq, proc.logStart, proc, this.opts.patterns, () => this.wake?.()));
	}

	/** Records an attempt's end, then takes down what it ran in (its snapshot worktree). */
	private finish(jobId: number, seq: number, end: AttemptEnd): ReturnType<typeof finishAttempt> {
		const result = finishAttempt(this.q, jobId, seq, end, true);
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
	private ended(result: {job: Job} | undefined): void {
		if (!result || !isFinal(result.job.state)) return;
		const facts = factsOf(this.q.store, result.job, this.q.now());
		try {
			writeReport(this.q.paths, facts);
		} catch (error) {
			this.opts.say?.(`#${result.job.id} report not written: ${String(error)}`);
		}
		if (!this.opts.notify) return;
		const sending = notifyEnd(this.q.paths, facts, this.opts.notify).then(results => {
			for (const r of results) {
				this.opts.say?.(`#${result.job.id} notify ${r.notifier}: ${r.ok ? 'sent' : 'FAILED'} ${r.detail}${r.warning ? ` (${r.warning})` : ''}`);
			}
			const problem = results.find(r => !r.ok || r.warning);
			if (results.length > 0) {
				change(this.q, () => this.q.store.setMeta('notify_warning', problem ? `${problem.notifier}: ${problem.warning ?? problem.detail}` : ''), true);
			}
		});
		this.pending.add(sending);
		void sending.finally(() => this.pending.delete(sending));
	}

	/** A pytest retry re-runs only the tests that failed in the last counted attempt; anything else runs as queued. */
	private argvFor(job: Job): string[] {
		if (job.kind !== 'pytest' || job.attempt <= 1) return job.argv;
		const last = this.q.store.attempts(job.id).filter(a => a.counts && a.finishedAt).at(-1);
		if (!last || (last.state !== 'failed' && last.state !== 'timed_out')) return job.argv;
		return retryArgv(job.argv, job.shell, last.progress) ?? job.argv;
	}

	/** Writes the parser's snapshot when it changed, at most every progressEveryMs (always at the end). */
	private saveProgress(w: JobWatch, now: number, force: boolean): void {
		if (!force && now - w.lastWriteAt < (this.opts.progressEveryMs ?? 500)) return;
		const snap = w.parser.snapshot();
		const text = JSON.stringify({...snap, lastOutputAt: undefined});
		// Output that moves no counter still proves the job is alive: save it now and then, for the stalled flag.
		const quietNews = (snap.lastOutputAt ?? 0) - w.lastOutputSaved > 5000;
		if (text === w.lastWritten && !quietNews) return;
		w.lastOutputSaved = snap.lastOutputAt ?? 0;
		w.lastWritten = text;
		w.lastWriteAt = now;
		change(this.q, () => this.q.store.update(w.jobId, {progress: snap}), true);
		this.lastStatus = now;
	}

	private refreshStatus(now: number): void {
		this.lastStatus = now;
		this.q.store.tx(() => writeStatus(this.q.paths, this.q.store, now, true));
	}

	/** Stops scheduling and gives the lease up; running jobs carry on, and the next runner adopts them. */
	release(): void {
		this.q.store.tx(() => {
			this.q.store.clearRunner(process.pid);
			writeStatus(this.q.paths, this.q.store, this.q.now(), false);
		});
	}
}
