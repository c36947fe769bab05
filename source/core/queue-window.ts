import type {Store} from './store.js';
import {eventsAfter, lastEventSeq, removedSeq} from './store-events.js';
import {labelsIn} from './store-history.js';
import {isFinal, type Job, type JobState} from './types.js';

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
	return {jobs: inQueueOrder([...open, ...done]), labels: labelsIn(store)};
}

const inQueueOrder = (jobs: Job[]) => jobs.sort((a, b) => a.position - b.position || a.id - b.id);

/** A window, the jobs per state (of its label) and every label: what the TUI shows. */
export interface WindowView {
	jobs: Job[];
	labels: string[];
	counts: Record<string, number>;
}

/**
 * The same window kept up to date from the event log: a change costs the jobs it touched (and
 * the running ones, whose progress moves without events), never a re-read of the window or a
 * count over the history. It reads everything again only when jobs were removed (clean, delete)
 * or a retry took a finished job out of a full window, so it never shows what a fresh read would not.
 */
export class WindowFollower {
	private cursor = 0;
	private removed = -1;
	private readonly jobs = new Map<number, Job>();
	private counts: Record<string, number> = {};
	private labels = new Set<string>();

	constructor(private readonly store: Store, private readonly opts: {label?: string; finished: number}) {}

	read(): WindowView {
		const removed = removedSeq(this.store);
		if (removed !== this.removed || !this.follow()) this.reload(removed);
		for (const job of this.store.jobs({states: ['running'], label: this.opts.label})) this.jobs.set(job.id, job);
		return {jobs: inQueueOrder([...this.jobs.values()]), labels: [...this.labels].sort(), counts: {...this.counts}};
	}

	private reload(removed: number): void {
		this.cursor = lastEventSeq(this.store);
		this.removed = removed;
		const {jobs, labels} = queueWindow(this.store, this.opts);
		this.jobs.clear();
		for (const job of jobs) this.jobs.set(job.id, job);
		this.labels = new Set(labels);
		this.counts = this.store.countByState(this.opts.label);
	}

	/** Applies the events since the cursor; false when the window must be read again. */
	private follow(): boolean {
		const touched = new Map<number, Job | undefined>();
		for (let batch = eventsAfter(this.store, this.cursor); batch.length > 0; batch = eventsAfter(this.store, this.cursor)) {
			for (const e of batch) {
				this.cursor = e.seq;
				if (!touched.has(e.jobId)) touched.set(e.jobId, this.store.job(e.jobId));
				const job = touched.get(e.jobId);
				if (!job) return false; // removed meanwhile, and removed_seq raced: read again
				if (job.label !== undefined) this.labels.add(job.label);
				if (this.opts.label !== undefined && job.label !== this.opts.label) continue;
				if (e.from) this.count(e.from, -1);
				if (e.from || e.type === 'queued') this.count(e.state, 1);
			}
		}
		for (const [id, job] of touched) {
			if (job && (this.opts.label === undefined || job.label === this.opts.label)) this.jobs.set(id, job);
		}
		return this.trim();
	}

	private count(state: JobState, by: number): void {
		const n = (this.counts[state] ?? 0) + by;
		if (n > 0) this.counts[state] = n;
		else delete this.counts[state];
	}

	/** Keeps the newest `finished` finished jobs; false when a retry left fewer than the queue has. */
	private trim(): boolean {
		const done = [...this.jobs.values()].filter(j => isFinal(j.state))
			.sort((a, b) => (b.finishedAt ?? 0) - (a.finishedAt ?? 0) || b.id - a.id);
		for (const job of done.slice(this.opts.finished)) this.jobs.delete(job.id);
		const finishedInQueue = Object.entries(this.counts).filter(([s]) => isFinal(s as JobState)).reduce((n, [, c]) => n + c, 0);
		return Math.min(done.length, this.opts.finished) >= Math.min(finishedInQueue, this.opts.finished);
	}
}
