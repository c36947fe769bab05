import type {Job} from './types.js';

/** What the scheduler needs to know; the runner reads it from the store in one transaction. */
export interface QueueSnapshot {
	/** Jobs waiting to run (queued or interrupted), in queue order. */
	waiting: Job[];
	running: number;
	slots: number;
	paused: boolean;
	now: number;
}

/**
 * Pure: the jobs that may start now. Strict FIFO: the head of the queue is never overtaken,
 * even while it sits out a retry backoff, so a long job can't jump ahead of a retry.
 */
export function runnable(s: QueueSnapshot): Job[] {
	if (s.paused) return [];
	const free = Math.max(0, s.slots - s.running);
	const picked: Job[] = [];
	for (const job of s.waiting) {
		if (picked.length >= free) break;
		if (job.notBefore !== undefined && job.notBefore > s.now) break;
		picked.push(job);
	}
	return picked;
}

/** When the scheduler should look again because a backoff ends (undefined: nothing timed). */
export function nextWake(s: QueueSnapshot): number | undefined {
	const head = s.waiting.find(j => j.notBefore !== undefined && j.notBefore > s.now);
	return head?.notBefore;
}
