import type {Store} from './store.js';
import {labelsIn} from './store-history.js';
import type {Job, JobState} from './types.js';

/** States a job leaves on its own: the complement of FINAL_STATES. */
const UNFINISHED: JobState[] = ['queued', 'running', 'interrupted'];

/**
 * What a live view holds of the queue: every unfinished job and the newest `finished` finished
 * ones (of one label, when given), in queue order, plus every label. Each part is an index walk,
 * so a view follows a queue with 50,000 jobs of history as cheaply as one with 50.
 */
export function queueWindow(store: Store, opts: {label?: string; finished: number}): {jobs: Job[]; labels: string[]} {
	const open = store.jobs({states: UNFINISHED, label: opts.label});
	const done = store.recentFinished(opts.finished, opts.label);
	const jobs = [...open, ...done].sort((a, b) => a.position - b.position || a.id - b.id);
	return {jobs, labels: labelsIn(store)};
}
