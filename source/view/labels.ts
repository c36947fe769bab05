/**
 * The label filter, as pure functions: which labels the queue holds, the next one `L` shows
 * (all → first → … → last → all), and a queue read narrowed to one label.
 */
import type {Job} from '../core/types.js';
import type {QueueData} from './types.js';

/** The distinct labels of these jobs, sorted (so the cycle order does not move as jobs come and go). */
export function labelsOf(jobs: readonly Job[]): string[] {
	const seen = new Set<string>();
	for (const j of jobs) if (j.label) seen.add(j.label);
	return [...seen].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/**
 * The filter after `current`: no filter → the first label; a label → the next one; the last
 * label → no filter (undefined). A label no job has any more continues from where it sorted.
 */
export function nextLabel(labels: readonly string[], current: string | undefined): string | undefined {
	if (current === undefined) return labels[0];
	const i = labels.indexOf(current);
	if (i >= 0) return labels[i + 1];
	return labels.find(l => l > current);
}

/** Jobs with this label; every job when `label` is undefined. */
export function jobsWithLabel(jobs: readonly Job[], label: string | undefined): Job[] {
	return label === undefined ? [...jobs] : jobs.filter(j => j.label === label);
}

/** Jobs per state, as the store's `countByState` counts them. */
export function countStates(jobs: readonly Job[]): Record<string, number> {
	const counts: Record<string, number> = {};
	for (const j of jobs) counts[j.state] = (counts[j.state] ?? 0) + 1;
	return counts;
}

/**
 * A queue read narrowed to one label: its jobs and its counts only; `labels` still lists every
 * label in the queue (the cycle needs them all). Used where the jobs read are all the jobs.
 */
export function narrowToLabel(data: QueueData, label: string | undefined): QueueData {
	const labels = data.labels ?? labelsOf(data.jobs);
	if (label === undefined) return {...data, labels, label: undefined};
	const jobs = jobsWithLabel(data.jobs, label);
	return {...data, labels, label, jobs, counts: countStates(jobs)};
}
