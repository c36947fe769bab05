import {claimPatch, skipPatch} from './job-patch.js';
import {change, type Queue} from './queue.js';
import {laneOf, nextWake, plan} from './scheduler.js';
import type {Store} from './store.js';
import {toJob, type Row} from './store-rows.js';
import type {Job} from './types.js';

/** A job the runner now owns, with the attempt it is to start. */
export interface Claimed {
	job: Job;
	seq: number;
}

/**
 * The one scheduling decision, in one write transaction: jobs whose dependencies went the wrong
 * way are skipped, then the runnable ones within the slot and GPU limits are claimed (state
 * `running`, a new attempt row, their GPUs). `wakeAt` is when a waiting job (a retry's backoff)
 * becomes runnable if nothing else changes first; it is absent when no decision was reached.
 * The pid is written in a commit of its own after the spawn, not in this one: no process is ever
 * started by a claim not yet committed, and no write lock is held while the runner forks (both
 * commits skip the fsync).
 */
export function claimRunnable(q: Queue, opts: {now: number; slots: number; gpus?: readonly string[]}): {claimed: Claimed[]; skipped: Job[]; wakeAt?: {at?: number}} {
	const {now} = opts;
	return change(q, () => {
		const skipped: Job[] = [];
		// A skip can unblock (or skip) the jobs after it: decide again until nothing changes.
		for (let round = 0; round < 100; round++) {
			const running = q.store.jobs({states: ['running']});
			const free = Math.max(0, opts.slots - running.filter(j => laneOf(j) === 'slot').length);
			const waiting = waitingToPlan(q.store, free);
			const snap = {
				waiting, deps: q.store.depsOf(waiting.map(j => j.id)), running: running.filter(j => laneOf(j) === 'slot').length,
				slots: opts.slots, paused: q.store.meta('paused') === '1', now,
				gpus: opts.gpus, held: new Set(running.flatMap(j => j.gpuIds ?? [])),
			};
			const decided = plan(snap);
			if (decided.skip.length > 0) {
				for (const {job, reason} of decided.skip) {
					q.store.update(job.id, skipPatch(reason, now));
					skipped.push(job);
				}
				continue;
			}
			const claimed = decided.start.map(job => {
				const seq = q.store.lastAttemptSeq(job.id) + 1;
				const gpuIds = decided.gpus.get(job.id);
				// The attempt's number across manual retries: what every try counter shows.
				q.store.update(job.id, {...claimPatch(job.attempt + 1, now, gpuIds), tries: seq});
				q.store.insertAttempt(job.id, seq, now);
				const fresh = {...job, state: 'running' as const, attempt: job.attempt + 1, tries: seq, startedAt: now, gpuIds, exitCode: undefined, signal: undefined, reason: undefined, progress: undefined};
				return {job: fresh, seq};
			});
			return {claimed, skipped, wakeAt: {at: nextWake(snap)}};
		}
		return {claimed: [], skipped};
	}, true, false); // a claim (or a skip) undone by a power loss is decided again
}

/**
 * The waiting jobs the plan can act on, in queue order, read without walking the whole queue: every
 * job with dependencies (any may have to be skipped), with GPUs or on Slurm (their lanes have their
 * own limits), and the first `free` of the rest, plain slot jobs. Each plain job the plan meets uses
 * up a free slot or closes them all (a backoff at the head), so none after the first `free` could
 * start: the plan is the one the whole queue would give, at a cost that does not grow with it.
 */
function waitingToPlan(store: Store, free: number): Job[] {
	const special = `(gpus > 0 OR executor IS 'slurm' OR EXISTS (SELECT 1 FROM deps WHERE deps.job_id = jobs.id))`;
	const rows = store.sql(
		`SELECT * FROM jobs WHERE state IN ('queued', 'interrupted') AND ${special}
		 UNION ALL SELECT * FROM (SELECT * FROM jobs WHERE state IN ('queued', 'interrupted') AND NOT ${special} ORDER BY position, id LIMIT ?)`,
	).all(free) as Row[];
	return rows.map(toJob).sort((a, b) => a.position - b.position || a.id - b.id);
}
