/**
 * The TUI's only door to the queue: reads (jobs, counts, one job's attempts and log tail) and
 * the actions the keys trigger. The controller talks to this interface, so component and key
 * tests run against a fake with no SQLite, files or processes.
 */
import fs from 'node:fs';
import {loadConfig} from '../core/config.js';
import {logPath} from '../core/home.js';
import {tailLines} from '../core/log-reader.js';
import {detectKind} from '../core/parsers/index.js';
import {isAlive} from '../core/processes.js';
import {cancelJob, deleteJob, enqueue, ensureRunner, retryJob, setPaused, type Queue} from '../core/queue.js';
import {WindowFollower, type PageMove} from '../core/queue-window.js';
import {cancelFlow, flowViews, retryFlow} from '../core/flows/queue-flow.js';
import type {Attempt, Job, JobSpec} from '../core/types.js';
import type {JobDetailData, QueueData} from '../view/types.js';

/** What the controller may read and do; `createDbBackend` is the real one, tests use a fake. */
export interface QueueBackend {
	/** Changes whenever another process commits (SQLite data_version): cheap enough to poll often. */
	version(): number;
	/** The queue, or only the jobs (and counts) with `label`; `labels` always lists every label. */
	read(label?: string): QueueData;
	/**
	 * Moves the finished jobs the next `read(label)` holds: a page further back or forward in
	 * the history, or to either end of it. False when there is nothing further that way.
	 */
	page(label: string | undefined, move: PageMove): boolean;
	detail(id: number, logLines: number): JobDetailData;
	/** A job's attempts alone (the detail without its log: read when the database moved). */
	attempts(id: number): Attempt[];
	/** Bytes in a job's log, to notice new output that did not change the database. */
	logSize(id: number): number;
	logTail(id: number, lines: number): string[];
	retry(id: number): Job;
	cancel(id: number): Job;
	/** A flow: runs it again from its first step that did not succeed. */
	retryFlow(id: number): void;
	/** A flow: cancels every job of it not ended; returns how many were running (being stopped). */
	cancelFlow(id: number): number;
	remove(id: number): void;
	pause(paused: boolean): void;
	/** Queues a shell command line in the project root, with a label if given; returns its id. */
	add(command: string, label?: string): number;
	/** Starts a detached runner when jobs wait and none is alive (the TUI never runs jobs itself). */
	wakeRunner(): void;
	close(): void;
}

/** Finished jobs kept in the list until it is scrolled past them (then read by pages of as many); unfinished ones are always shown. */
const MAX_FINISHED = 200;

/** The real backend over an open queue. `slots` is shown when the queue has no `parallel` setting. */
export function createDbBackend(q: Queue, opts: {slots: number}): QueueBackend {
	const waiting = () => {
		const c = q.store.countByState();
		return (c.queued ?? 0) + (c.interrupted ?? 0) > 0 && q.store.meta('paused') !== '1';
	};
	const wakeRunner = () => {
		if (waiting()) ensureRunner(q);
	};
	// One follower per label shown: switching back and forth keeps each one's cursor.
	const followers = new Map<string | undefined, WindowFollower>();
	// Filtered in SQL before bounding, so a label's own recent history is kept.
	const followerOf = (label: string | undefined) => {
		let follower = followers.get(label);
		if (!follower) followers.set(label, (follower = new WindowFollower(q.store, {label, finished: MAX_FINISHED})));
		return follower;
	};
	return {
		version: () => q.store.dataVersion(),
		page: (label, move) => followerOf(label).page(move),
		read: label => {
			const parallel = Number(q.store.meta('parallel'));
			const {jobs, held, labels, counts} = followerOf(label).read();
			return {
				root: q.paths.root,
				jobs,
				held,
				flows: [...flowViews(q.store, jobs).values()],
				waitsFor: Object.fromEntries(q.store.depsOf(jobs.filter(j => j.state === 'queued').map(j => j.id))),
				counts,
				label,
				labels,
				paused: q.store.meta('paused') === '1',
				slots: Number.isInteger(parallel) && parallel > 0 ? parallel : opts.slots,
				runnerAlive: isAlive(q.store.runner()),
				stalledAfterMs: Number(q.store.meta('stalled_after_ms') ?? 600_000),
				notifyWarning: q.store.meta('notify_warning') || undefined,
			};
		},
		detail: (id, lines) => ({id, attempts: q.store.attempts(id), logTail: tailLines(logPath(q.paths, id), lines)}),
		attempts: id => q.store.attempts(id),
		logSize: id => {
			try {
				return fs.statSync(logPath(q.paths, id)).size;
			} catch {
				return 0;
			}
		},
		logTail: (id, lines) => tailLines(logPath(q.paths, id), lines),
		retry: id => {
			const job = retryJob(q, id);
			wakeRunner();
			return job;
		},
		cancel: id => cancelJob(q, id),
		retryFlow: id => {
			retryFlow(q, id);
			wakeRunner();
		},
		cancelFlow: id => cancelFlow(q, id).running.length,
		remove: id => deleteJob(q, id),
		pause: paused => {
			setPaused(q, paused);
			if (!paused) wakeRunner();
		},
		add: (command, label) => {
			const id = enqueue(q, {...specFor(q, command), ...(label === undefined ? {} : {label})});
			wakeRunner();
			return id;
		},
		wakeRunner,
		close: () => q.store.close(),
	};
}

/** A typed command line runs through `sh -c` in the project root, with the project's config defaults (as `add` would). */
function specFor(q: Queue, command: string): JobSpec {
	const config = loadConfig(q.paths.root);
	const argv = ['sh', '-c', command];
	return {
		argv, shell: true, cwd: q.paths.root, env: {}, kind: detectKind(argv, config.patterns),
		maxRetries: config.retries ?? 2, timeoutMs: config.timeoutMs, backoffMs: config.backoffMs ?? 2000,
	};
}
