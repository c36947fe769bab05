import fs from 'node:fs';
import {fileURLToPath} from 'node:url';
import {addedWith, recordAdded} from './add-token.js';
import {closesCycle, type DepCond} from './deps.js';
import {UsageError} from './errors.js';
import {removeExitFiles} from './exit-record.js';
import {signalCommit} from './commit-signal.js';
import {cancelPatch, recordEndPatch, requeuePatch} from './job-patch.js';
import {exitPath, logPath, reportPath} from './home.js';
import {identityOf, isAlive, killGroup, launchDetached} from './processes.js';
import {dropSnapshot} from './snapshot.js';
import {statusChanged} from './status-writer.js';
import {placementColumns} from './store-rows.js';
import type {Progress} from './parsers/types.js';
import {decide, type AttemptEnd, type Decision} from './transitions.js';
import {isFinal, type Job, type JobSpec} from './types.js';
import {mustGet, type Queue} from './queue-open.js';

// Opening a queue lives in queue-open.ts, which the read-only commands load without the rest of this module.
export {mustGet, openExistingQueue, openQueue, type Queue} from './queue-open.js';

/**
 * Runs a state change in one write transaction, then tells whoever waits on the queue.
 * `durable: false` for the runner's steps a power loss may undo (Store.tx).
 */
export function change<T>(q: Queue, fn: () => T, runnerAlive?: boolean, durable = true): T {
	const result = q.store.tx(fn, durable);
	committed(q, runnerAlive);
	return result;
}

/** After a commit: waiters are woken (commit-signal.ts) and the status files brought up to date (status-writer.ts). */
function committed(q: Queue, runnerAlive?: boolean): void {
	signalCommit(q.paths);
	statusChanged(q, runnerAlive);
}

/**
 * Queues a job (with its dependencies, which must name existing jobs) and returns its id. With a
 * token (an `add` that tried the runner's socket), a job already queued with it is not queued twice.
 */
export function enqueue(q: Queue, spec: JobSpec, deps: Array<{depId: number; cond: DepCond}> = [], token?: string): number {
	return change(q, () => {
		const known = token === undefined ? undefined : addedWith(q.store, token);
		if (known !== undefined) return known;
		for (const d of deps) mustGet(q, d.depId);
		const id = q.store.insertJob(spec, 'queued', q.now());
		q.store.update(id, placementColumns(spec));
		// A job waiting for nothing closes no cycle: the whole graph (all of history's deps) is read only when it might.
		if (deps.length > 0 && closesCycle(q.store.depGraph(), id, deps.map(d => d.depId))) throw new UsageError(`job #${id}'s dependencies would form a cycle`);
		q.store.insertDeps(id, deps);
		if (token !== undefined) recordAdded(q.store, token, id, q.now());
		return id;
	});
}

const CLI_PATH = fileURLToPath(new URL('../../cli.js', import.meta.url));

/**
 * Makes sure a runner is alive, starting a detached one when none is. The check and the launch
 * happen inside one write transaction, so eight `add`s at once start one runner, not eight.
 */
export function ensureRunner(q: Queue): 'alive' | 'started' {
	return q.store.tx(() => {
		if (isAlive(q.store.runner())) return 'alive';
		const pid = launchDetached(CLI_PATH, ['--headless', '--exit-when-idle', '--home', q.paths.home], q.paths.runnerLog, q.paths.root);
		if (pid) q.store.setRunner(identityOf(pid), q.now());
		return 'started';
	});
}

/**
 * Cancel: a waiting job ends at once; a running one is flagged and its process group gets SIGTERM
 * (the runner escalates to SIGKILL after a grace period and records the end). Every id is checked
 * before anything changes: one bad id cancels nothing.
 */
export function cancelJobs(q: Queue, ids: number[]): Job[] {
	const jobs = change(q, () => {
		for (const id of ids) {
			const j = mustGet(q, id);
			if (isFinal(j.state)) throw new UsageError(`job #${id} already ended (${j.state}); nothing to cancel`);
		}
		return ids.map(id => {
			q.store.update(id, cancelPatch(mustGet(q, id).state === 'running', q.now()));
			return mustGet(q, id);
		});
	});
	for (const job of jobs) {
		if (job.state === 'running' && job.pid && isAlive({pid: job.pid, pidStart: job.pidStart, bootId: job.bootId})) {
			killGroup(job.pid, 'SIGTERM');
		}
		// A job cancelled before it ran lets go of its snapshot here: no runner records its end.
		if (job.state !== 'running' && job.tree) dropSnapshot(job.tree);
	}
	return jobs;
}

export const cancelJob = (q: Queue, id: number): Job => cancelJobs(q, [id])[0];

/** Retry: jobs that ended badly go to the back of the queue with a fresh set of retries (all or none). */
export function retryJobs(q: Queue, ids: number[]): Job[] {
	return change(q, () => {
		for (const id of ids) {
			const j = mustGet(q, id);
			if (!['failed', 'cancelled', 'timed_out', 'skipped'].includes(j.state)) {
				throw new UsageError(`job #${id} is ${j.state}; only failed, cancelled, timed-out or skipped jobs can be retried`);
			}
		}
		return [...new Set(ids)].map(id => {
			q.store.update(id, requeuePatch(q.store.maxPosition() + 1, 'retried by hand'));
			return mustGet(q, id);
		});
	});
}

export const retryJob = (q: Queue, id: number): Job => retryJobs(q, [id])[0];

export function setPaused(q: Queue, paused: boolean): void {
	change(q, () => q.store.setMeta('paused', paused ? '1' : '0'));
}

/** Deletes a finished job with its log and report. */
export function deleteJob(q: Queue, id: number): void {
	change(q, () => {
		const j = mustGet(q, id);
		if (!isFinal(j.state)) throw new UsageError(`job #${id} is ${j.state}; cancel it before deleting`);
		q.store.deleteJob(id);
	});
	for (const file of [logPath(q.paths, id), reportPath(q.paths, id)]) fs.rmSync(file, {force: true});
}

/**
 * Records how an attempt ended and what follows (a retry, or the final state). A no-op when the
 * attempt was already recorded by another process: whoever sees the end first writes it.
 * `progress`, the watcher's last snapshot, is written in the same commit (one commit per end).
 */
export function finishAttempt(q: Queue, jobId: number, seq: number, end: AttemptEnd, runnerAlive?: boolean, progress?: Progress): {job: Job; decision: Decision} | undefined {
	const result = q.store.tx(() => {
		const found = q.store.job(jobId);
		if (!found || found.state !== 'running' || q.store.lastAttemptSeq(jobId) !== seq) return undefined;
		const job = progress ? {...found, progress} : found;
		const now = q.now();
		const d = decide(job, end, now);
		const exitCode = 'exitCode' in end ? end.exitCode : undefined;
		const signal = 'signal' in end ? end.signal : undefined;
		q.store.updateAttempt(jobId, seq, {
			state: d.attemptState, counts: d.counts, finished_at: now, exit_code: exitCode, signal, reason: d.reason, progress: job.progress,
		});
		q.store.update(jobId, {...recordEndPatch(job, {...d, final: isFinal(d.jobState)}, {exitCode, signal}, now), ...(progress ? {progress} : {})});
		return {job: mustGet(q, jobId), decision: d};
	});
	// Tidied before the status write: a status line that shows the end means nothing is left to tidy.
	if (result) removeExitFiles(exitPath(q.paths, jobId, seq));
	committed(q, runnerAlive);
	return result;
}
