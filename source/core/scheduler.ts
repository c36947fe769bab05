import {depVerdict, type Dep} from './deps.js';
import type {Job} from './types.js';

/** What the scheduler needs to know; the runner reads it from the store in one transaction. */
export interface QueueSnapshot {
	/** Jobs waiting to run (queued or interrupted), in queue order. */
	waiting: Job[];
	/** Each waiting job's dependencies, with their states. */
	deps?: Map<number, Dep[]>;
	running: number;
	slots: number;
	paused: boolean;
	now: number;
}

/** The scheduler's decision: jobs to start now, and jobs whose dependencies ended the wrong way. */
export interface Plan {
	start: Job[];
	skip: Array<{job: Job; reason: string}>;
}

/**
 * Pure: what may start now. FIFO: the head of the queue is never overtaken while it sits out a
 * retry backoff (a long job can't jump ahead of a retry); a job still waiting for its
 * dependencies does not hold up the jobs behind it.
 */
export function plan(s: QueueSnapshot): Plan {
	const out: Plan = {start: [], skip: []};
	let free = s.paused ? 0 : Math.max(0, s.slots - s.running);
	for (const job of s.waiting) {
		const verdict = depVerdict(s.deps?.get(job.id) ?? []);
		if (verdict.type === 'skip') {
			out.skip.push({job, reason: verdict.reason});
			continue;
		}
		if (verdict.type === 'wait' || free === 0) continue;
		if (job.notBefore !== undefined && job.notBefore > s.now) {
			free = 0;
			continue;
		}
		out.start.push(job);
		free--;
	}
	return out;
}

/** When the scheduler should look again because a backoff ends (undefined: nothing timed). */
export function nextWake(s: QueueSnapshot): number | undefined {
	const head = s.waiting.find(j => j.notBefore !== undefined && j.notBefore > s.now);
	return head?.notBefore;
}
