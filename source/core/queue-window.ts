import type {Store} from './store.js';
import {eventsAfter, lastEventSeq, removedSeq} from './store-events.js';
import {labelsIn} from './store-history.js';
import {compareKeys, finishedBetween, nthFinished, type Key} from './history-pages.js';
import {isFinal, type Job, type JobState} from './types.js';

/** States a job leaves on its own: the complement of FINAL_STATES. */
const UNFINISHED: JobState[] = ['queued', 'running', 'interrupted'];

/**
 * What a live view holds of the queue: every unfinished job and the last `finished` finished ones
 * in queue order (of one label, when given), in queue order, plus every label. Each part is an
 * index walk, so a view follows a queue with 50,000 jobs of history as cheaply as one with 50.
 */
export function queueWindow(store: Store, opts: {label?: string; finished: number}): {jobs: Job[]; labels: string[]} {
	const from = nthFinished(store, {label: opts.label, n: opts.finished, down: true});
	return {jobs: held(store, opts.label, {from}), labels: labelsIn(store)};
}

const held = (store: Store, label: string | undefined, range: {from?: Key; to?: Key}) =>
	inQueueOrder([...store.jobs({states: UNFINISHED, label}), ...finishedBetween(store, {label, ...range})]);

const inQueueOrder = (jobs: Job[]) => jobs.sort(compareKeys);

/** A window, the jobs per state (of its label) and every label: what the TUI shows. */
export interface WindowView {
	jobs: Job[];
	/** The finished jobs held are those from `from` up to `to` (exclusive) in queue order; an open end when not given. */
	held: {from?: Key; to?: Key};
	labels: string[];
	counts: Record<string, number>;
}

/** Where a view moves the finished jobs it holds: a page further back or forward, or to either end of the history. */
export type PageMove = 'older' | 'newer' | 'oldest' | 'newest';

/** Options: the last `finished` finished jobs are held until paged; `page` finished jobs are read per page, at most `pages` pages held. */
export interface WindowOptions {
	label?: string;
	finished: number;
	page?: number;
	pages?: number;
}

/**
 * The same window kept up to date from the event log: a change costs the jobs it touched (and
 * the running ones, whose progress moves without events), never a re-read of the window or a
 * count over the history. It reads everything again only when jobs were removed (clean, delete)
 * or a retry took a finished job out of a full window, so it never shows what a fresh read would not.
 *
 * Paged (`page`), it holds the finished jobs of one stretch of queue order instead, [from, to),
 * read by key on the position index, never by OFFSET over the history; a stretch longer than
 * `pages` pages drops its far end, so scrolling through 50,000 jobs holds a few hundred.
 */
export class WindowFollower {
	private cursor = 0;
	private removed = -1;
	private readonly jobs = new Map<number, Job>();
	private counts: Record<string, number> = {};
	private labels = new Set<string>();
	/** Paged: the stretch is pinned by the user, not the last `finished`. */
	private isPaged = false;
	/** The finished jobs held start here (inclusive; undefined: the history's start)… */
	private from?: Key;
	/** …and end before this (undefined: the newest). */
	private to?: Key;

	constructor(private readonly store: Store, private readonly opts: WindowOptions) {}

	read(): WindowView {
		const removed = removedSeq(this.store);
		if (removed !== this.removed || !this.follow()) this.reload(removed);
		for (const job of this.store.jobs({states: ['running'], label: this.opts.label})) this.jobs.set(job.id, job);
		const held = {...(this.from ? {from: this.from} : {}), ...(this.to ? {to: this.to} : {})};
		return {jobs: inQueueOrder([...this.jobs.values()]), held, labels: [...this.labels].sort(), counts: {...this.counts}};
	}

	/** Moves the stretch of finished jobs held; false when there is nothing further that way (nothing changed). */
	page(move: PageMove): boolean {
		const {label} = this.opts;
		const size = this.opts.page ?? this.opts.finished;
		const before = {isPaged: this.isPaged, from: this.from, to: this.to};
		if (move === 'newest') {
			if (!this.isPaged) return false;
			this.isPaged = false;
		} else if (move === 'oldest') {
			this.isPaged = true;
			this.from = undefined;
			this.to = nthFinished(this.store, {label, n: size + 1, down: false});
		} else if (move === 'older') {
			if (!this.from || !nthFinished(this.store, {label, n: 1, down: true, before: this.from})) return false;
			this.isPaged = true;
			this.from = nthFinished(this.store, {label, n: size, down: true, before: this.from});
		} else {
			if (!this.to) return false;
			this.to = nthFinished(this.store, {label, n: size + 1, down: false, from: this.to});
		}
		if (before.isPaged === this.isPaged && same(before.from, this.from) && same(before.to, this.to)) return false;
		this.reload(removedSeq(this.store));
		this.bound(move === 'older' || move === 'oldest' ? 'newer' : 'older');
		return true;
	}

	private reload(removed: number): void {
		this.cursor = lastEventSeq(this.store);
		this.removed = removed;
		const {label} = this.opts;
		if (!this.isPaged) {
			this.from = nthFinished(this.store, {label, n: this.opts.finished, down: true});
			this.to = undefined;
		}
		this.jobs.clear();
		for (const job of held(this.store, label, {from: this.from, to: this.to})) this.jobs.set(job.id, job);
		this.labels = new Set(labelsIn(this.store));
		this.counts = this.store.countByState(label);
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
			if (!job || (this.opts.label !== undefined && job.label !== this.opts.label)) continue;
			if (this.holds(job)) this.jobs.set(id, job);
			else this.jobs.delete(id);
		}
		return this.trim();
	}

	/** Whether a job belongs in the stretch held (an unfinished one always does). */
	private holds(job: Job): boolean {
		if (!isFinal(job.state)) return true;
		return (this.to === undefined || compareKeys(job, this.to) < 0) && (!this.isPaged || this.from === undefined || compareKeys(job, this.from) >= 0);
	}

	private count(state: JobState, by: number): void {
		const n = (this.counts[state] ?? 0) + by;
		if (n > 0) this.counts[state] = n;
		else delete this.counts[state];
	}

	/** The finished jobs held, in queue order. */
	private finished(): Job[] {
		return inQueueOrder([...this.jobs.values()].filter(j => isFinal(j.state)));
	}

	/**
	 * Keeps the last `finished` finished jobs (or, paged, at most `pages` pages); false when a retry
	 * left fewer than the queue has, which only a fresh read can fill.
	 */
	private trim(): boolean {
		if (this.isPaged) {
			this.bound('older');
			return true;
		}
		const done = this.finished();
		const keep = this.opts.finished;
		for (const job of done.slice(0, Math.max(0, done.length - keep))) this.jobs.delete(job.id);
		if (done.length > keep) this.from = keyOf(done[done.length - keep]);
		const finishedInQueue = Object.entries(this.counts).filter(([s]) => isFinal(s as JobState)).reduce((n, [, c]) => n + c, 0);
		return Math.min(done.length, keep) >= Math.min(finishedInQueue, keep);
	}

	/** Drops pages past `pages` at one end of the stretch: the end away from where the view moved. */
	private bound(end: 'older' | 'newer'): void {
		const most = (this.opts.page ?? this.opts.finished) * (this.opts.pages ?? 3);
		const done = this.finished();
		if (done.length <= most) return;
		const dropped = end === 'older' ? done.slice(0, done.length - most) : done.slice(most);
		for (const job of dropped) this.jobs.delete(job.id);
		if (end === 'older') this.from = keyOf(done[done.length - most]);
		else this.to = keyOf(done[most]);
	}
}

const keyOf = (job: Job): Key => ({position: job.position, id: job.id});

const same = (a?: Key, b?: Key) => (a === undefined || b === undefined ? a === b : compareKeys(a, b) === 0);
