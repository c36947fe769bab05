import {depVerdict, type Dep} from './deps.js';
import type {Job} from './types.js';

/** What the scheduler needs to know; the runner reads it from the store in one transaction. */
export interface QueueSnapshot {
	/** Jobs waiting to run (queued or interrupted), in queue order. */
	waiting: Job[];
	/** Each waiting job's dependencies, with their states. */
	deps?: Map<number, Dep[]>;
	/** Running jobs that take a slot (local jobs without GPUs). */
	running: number;
	slots: number;
	/** The GPU ids jobs share, and those running jobs hold. */
	gpus?: readonly string[];
	held?: ReadonlySet<string>;
	paused: boolean;
	now: number;
}

/** The scheduler's decision: jobs to start now, and jobs whose dependencies ended the wrong way. */
export interface Plan {
	start: Job[];
	skip: Array<{job: Job; reason: string}>;
	/** The GPUs each starting GPU job gets. */
	gpus: Map<number, string[]>;
}

/**
 * Which limit a job waits on: a slot (local, CPU only), GPUs (local with --gpus; it takes no slot,
 * so CPU jobs keep running beside it), or none here (a Slurm job: the cluster decides).
 */
export function laneOf(job: Pick<Job, 'gpus' | 'executor'>): 'slot' | 'gpu' | 'cluster' {
	if (job.executor === 'slurm') return 'cluster';
	return (job.gpus ?? 0) > 0 ? 'gpu' : 'slot';
}

/**
 * Pure: what may start now. FIFO: the head of the queue is never overtaken while it sits out a
 * retry backoff (a long job can't jump ahead of a retry); a job still waiting for its
 * dependencies does not hold up the jobs behind it.
 */
export function plan(s: QueueSnapshot): Plan {
	const out: Plan = {start: [], skip: [], gpus: new Map()};
	let free = s.paused ? 0 : Math.max(0, s.slots - s.running);
	const freeGpus = (s.gpus ?? []).filter(id => !s.held?.has(id));
	// GPU jobs are FIFO among themselves: a small one behind a big one must not starve it.
	let gpuHeld = s.paused;
	for (const job of s.waiting) {
		const verdict = depVerdict(s.deps?.get(job.id) ?? []);
		if (verdict.type === 'skip') {
			out.skip.push({job, reason: verdict.reason});
			continue;
		}
		const lane = laneOf(job);
		if (verdict.type === 'wait' || (lane === 'slot' && free === 0) || (lane === 'gpu' && gpuHeld) || (lane === 'cluster' && s.paused)) continue;
		if (job.notBefore !== undefined && job.notBefore > s.now) {
			if (lane === 'slot') free = 0;
			if (lane === 'gpu') gpuHeld = true;
			continue;
		}
		if (lane === 'gpu') {
			if (job.gpus! > freeGpus.length) {
				gpuHeld = true;
				continue;
			}
			out.gpus.set(job.id, freeGpus.splice(0, job.gpus));
		}
		if (lane === 'slot') free--;
		out.start.push(job);
	}
	return out;
}

/** When the scheduler should look again because a backoff ends (undefined: nothing timed). */
export function nextWake(s: QueueSnapshot): number | undefined {
	const head = s.waiting.find(j => j.notBefore !== undefined && j.notBefore > s.now);
	return head?.notBefore;
}
