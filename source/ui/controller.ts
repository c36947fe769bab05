/**
 * The TUI's controller: polls the queue, holds the UI state, runs actions, and publishes one
 * QueueView for `useSyncExternalStore`. `getView()` returns the same object until something
 * changed (or React would re-render forever), and views are published at most every 100 ms.
 */
import {oneLine} from '../core/errors.js';
import {isFinal} from '../core/types.js';
import type {JobDetailData, QueueData, QueueView, Size} from '../view/types.js';
import {initialUi, pinSelection, reduce, selectedJob, type Action, type Effect, type UiState} from '../view/ui-state.js';
import {buildView, isTicking, layoutFor} from '../view/view-model.js';
import type {QueueBackend} from './backend.js';
import {runEffect} from './effects.js';
import {resolveKey, splitKeys, type KeyLike} from './keymap.js';

/** Size and colour come from run-tui (the terminal); clocks and rates are injectable for tests. */
export interface ControllerOptions {
	size: Size;
	isColor: boolean;
	now?: () => number;
	/** How often to look at the database's change counter (and a running job's log size). */
	pollMs?: number;
	/** Minimum time between two published views (10 Hz). */
	frameMs?: number;
	/** Start with only this label's jobs shown (`queue-tui --label X`); `L` moves on from it. */
	label?: string;
}

/** Lines the full-screen log holds (a bounded tail: a huge log costs no more than this). */
export const LOG_VIEW_LINES = 2000;

const LOG_CHECK_MS = 300;

/** One per TUI: the only stateful piece between the database and the screen. */
export class Controller {
	private ui: UiState;
	private data?: QueueData;
	private detail?: JobDetailData;
	private logLines: string[] = [];
	private logId?: number;
	private view: QueueView;
	private readonly listeners = new Set<() => void>();
	private lastVersion = -1;
	private seenLogSize = -1;
	private lastFlush = 0;
	private lastLogCheck = 0;
	private flushTimer?: NodeJS.Timeout;
	private pollTimer?: NodeJS.Timeout;
	private readonly now: () => number;

	constructor(private readonly backend: QueueBackend, private readonly opts: ControllerOptions) {
		this.now = opts.now ?? Date.now;
		this.ui = initialUi(opts.label);
		this.view = this.build();
	}

	/** Reads the queue, wakes a runner if jobs wait with none alive, and starts polling. */
	start(): void {
		this.guard(() => {
			this.refresh();
			this.backend.wakeRunner();
		});
		this.flush();
		this.pollTimer = setInterval(() => this.tick(), this.opts.pollMs ?? 150);
	}

	stop(): void {
		clearInterval(this.pollTimer);
		clearTimeout(this.flushTimer);
		this.flushTimer = undefined;
	}

	subscribe = (listener: () => void): (() => void) => {
		this.listeners.add(listener);
		return () => this.listeners.delete(listener);
	};

	getView = (): QueueView => this.view;

	setSize(size: Size): void {
		if (size.columns === this.opts.size.columns && size.rows === this.opts.size.rows) return;
		this.opts.size = size;
		this.guard(() => this.loadDetail()); // the detail's log tail is as long as the screen is high
		this.invalidate();
	}

	/** Handles a key with the mode as it is now (not as last drawn: keys can outrun frames). Returns 'quit' to quit. */
	key(input: string, key: KeyLike): 'quit' | undefined {
		const keys = splitKeys(input, key);
		if (keys.length > 1) {
			for (const one of keys) {
				const wasPrompt = this.ui.mode === 'prompt';
				if (this.key(one.input, one.key) === 'quit') return 'quit';
				// A pasted text ends at its first line: what follows must not turn into list commands (r, c, d…).
				if (wasPrompt && this.ui.mode !== 'prompt') return undefined;
			}
			return undefined;
		}
		const hit = resolveKey(this.ui.mode, input, key);
		if (!hit) return undefined;
		if (hit.action === 'quit') return 'quit';
		this.dispatch(hit.action, hit.text);
		return undefined;
	}

	dispatch(action: Action, text?: string): void {
		const before = this.ui;
		const jobs = this.data?.jobs ?? [];
		const layout = layoutFor(this.opts.size, jobs.length);
		const {ui, effect} = reduce(before, action, {
			jobs, labels: this.data?.labels ?? [], paused: this.data?.paused ?? false, listPage: layout.listHeight, logPage: layout.logPage,
			logLines: this.logLines.length, now: this.now(),
		}, text);
		this.ui = ui;
		if (effect) this.run(effect);
		if (this.ui.label !== before.label) {
			// Another label: read its jobs and counts (the selection moves only if its job is not among them).
			this.guard(() => this.refresh());
			this.invalidate();
			return;
		}
		const selectionMoved = selectedJob(before, jobs)?.id !== selectedJob(this.ui, this.data?.jobs ?? [])?.id;
		this.guard(() => {
			if (selectionMoved && !effect) this.loadDetail();
			if (this.ui.mode === 'log' && (before.mode !== 'log' || (this.ui.isFollowing && !before.isFollowing))) this.loadLog();
		});
		this.invalidate();
	}

	private run(effect: Effect): void {
		this.guard(() => {
			const done = runEffect(this.backend, effect);
			this.ui = {...this.ui, selectedId: done.selectId ?? this.ui.selectedId, message: {text: done.message, isError: false, at: this.now()}};
		});
		// Our own writes do not move our connection's data_version: read back now.
		this.guard(() => this.refresh());
	}

	/** One poll: the database, then a running job's log, then the once-a-second clocks. */
	private tick(): void {
		this.guard(() => {
			const now = this.now();
			if (this.backend.version() !== this.lastVersion) {
				this.refresh();
				this.invalidate();
				return;
			}
			const job = selectedJob(this.ui, this.data?.jobs ?? []);
			// A chatty job can grow its log many times a second: look (and re-read its tail) at most every 300 ms.
			if (job && job.state === 'running' && (this.ui.mode !== 'log' || this.ui.isFollowing) && now - this.lastLogCheck >= LOG_CHECK_MS) {
				this.lastLogCheck = now;
				const size = this.backend.logSize(job.id);
				if (size !== this.seenLogSize) {
					this.loadDetail();
					if (this.ui.mode === 'log') this.loadLog();
					this.invalidate();
				}
			}
			if (now - this.lastFlush >= 1000 && isTicking(this.data?.jobs ?? [], this.ui, now)) this.invalidate();
		});
	}

	private refresh(): void {
		const version = this.backend.version();
		this.data = this.backend.read(this.ui.label);
		this.lastVersion = version; // only after a good read: a failed one (a locked database) is tried again
		// Pin the selection once it is known, so it stays on a job when that job stops running.
		this.ui = pinSelection(this.ui, this.data.jobs);
		this.loadDetail();
		if (this.ui.mode === 'log' && this.ui.isFollowing) this.loadLog();
	}

	private loadDetail(): void {
		const job = selectedJob(this.ui, this.data?.jobs ?? []);
		if (!job) {
			this.detail = undefined;
			return;
		}
		this.seenLogSize = this.backend.logSize(job.id);
		this.detail = this.backend.detail(job.id, Math.max(10, this.opts.size.rows));
	}

	private loadLog(): void {
		const job = selectedJob(this.ui, this.data?.jobs ?? []);
		this.logId = job?.id;
		this.logLines = job ? this.backend.logTail(job.id, LOG_VIEW_LINES) : [];
		if (job && isFinal(job.state) && this.ui.isFollowing) this.ui = {...this.ui, isFollowing: false};
	}

	/** Errors from actions or reads become the message line; the TUI never crashes on them. */
	private guard(fn: () => void): void {
		try {
			fn();
		} catch (error) {
			this.ui = {...this.ui, message: {text: oneLine(error), isError: true, at: this.now()}};
			this.invalidate();
		}
	}

	private invalidate(): void {
		if (this.flushTimer) return;
		const wait = this.lastFlush + (this.opts.frameMs ?? 100) - this.now();
		if (wait <= 0) this.flush();
		else this.flushTimer = setTimeout(() => this.flush(), wait);
	}

	private flush(): void {
		clearTimeout(this.flushTimer);
		this.flushTimer = undefined;
		this.lastFlush = this.now();
		this.view = this.build();
		for (const listener of this.listeners) listener();
	}

	private build(): QueueView {
		const logLines = this.ui.mode === 'log' && this.logId === selectedJob(this.ui, this.data?.jobs ?? [])?.id ? this.logLines : [];
		return buildView({data: this.data, detail: this.detail, logLines, ui: this.ui, size: this.opts.size, now: this.now(), isColor: this.opts.isColor});
	}
}
