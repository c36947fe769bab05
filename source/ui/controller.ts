/**
 * The TUI's controller: polls the queue, holds the UI state, runs actions, and publishes one QueueView for
 * `useSyncExternalStore`. `getView()` returns the same object until something visible changed (a rebuilt view equal
 * to the last is dropped, and an unequal one keeps the last one's unchanged rows and lines, for `React.memo`). A key
 * publishes at once; changes from polling (progress, log output, clocks) at most every 500 ms. Each view is a
 * whole-screen frame (ink draws each commit in full); with a spinner's own 4 a second, a busy job costs ~6, not 10.
 */
import {oneLine} from '../core/errors.js';
import {isFinal} from '../core/types.js';
import type {JobDetailData, QueueData, QueueView, Size} from '../view/types.js';
import {initialUi, pinSelection, reduce, selectedJob, type Action, type Effect, type UiState} from '../view/ui-state.js';
import {listItems, selectedIndex} from '../view/list-items.js';
import {pageMove} from '../view/paging.js';
import {share} from '../view/share.js';
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
	/** Minimum time between two views published for polled changes (2 a second); keys publish at once. */
	frameMs?: number;
	/** Minimum time between two looks at the selected running job's log (its size, then its tail if it grew). */
	logCheckMs?: number;
	/** Start with only this label's jobs shown (`queue-tui --label X`); `L` moves on from it. */
	label?: string;
}

/** Lines the full-screen log holds (a bounded tail: a huge log costs no more than this). */
export const LOG_VIEW_LINES = 2000;
/** Defaults: polled changes make at most 2 frames a second; a chatty log is re-read at most twice a second. */
const FRAME_MS = 500;
const LOG_CHECK_MS = 500;

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
	/** Log sizes at the last read of the detail's tail and of the log view's lines. */
	private seenLogSize = -1;
	private logViewSize = -1;
	/** When a view was last published (frames), and last built (the once-a-second clocks). */
	private lastFlush = 0;
	private lastBuild = 0;
	private lastLogCheck = 0;
	/** Keys being handled (a paste is many): publish once, after the last. */
	private keyDepth = 0;
	private isDirty = false;
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
		this.invalidate(true);
	}

	/** Handles a key with the mode as it is now (not as last drawn: keys can outrun frames). Returns 'quit' to quit. */
	key(input: string, key: KeyLike): 'quit' | undefined {
		this.keyDepth++;
		try {
			return this.handleKey(input, key);
		} finally {
			// A key is answered at once, whatever the frame budget: only polled changes wait for it.
			if (--this.keyDepth === 0 && this.isDirty) this.flush();
		}
	}

	private handleKey(input: string, key: KeyLike): 'quit' | undefined {
		const keys = splitKeys(input, key);
		if (keys.length > 1) {
			for (const one of keys) {
				const wasPrompt = this.ui.mode === 'prompt';
				if (this.handleKey(one.input, one.key) === 'quit') return 'quit';
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

	/** A user action: its view is published at once (after the last key of a paste), not on the frame budget. */
	dispatch(action: Action, text?: string): void {
		if (this.ui.mode === 'list') this.guard(() => this.pageFor(action));
		const before = this.ui;
		const jobs = this.data?.jobs ?? [];
		const items = this.items();
		const layout = layoutFor(this.opts.size, items.length);
		const {ui, effect} = reduce(before, action, {
			jobs, items, labels: this.data?.labels ?? [], paused: this.data?.paused ?? false, listPage: layout.listHeight, logPage: layout.logPage,
			logLines: this.logLines.length, now: this.now(),
		}, text);
		this.ui = ui;
		if (effect) this.run(effect);
		if (this.ui.label !== before.label) {
			// Another label: its newest jobs and its counts (the selection moves only if its job is not among them).
			this.guard(() => {
				this.backend.page(this.ui.label, 'newest');
				this.refresh();
			});
			this.invalidate(true);
			return;
		}
		const selectionMoved = selectedJob(before, jobs)?.id !== selectedJob(this.ui, this.data?.jobs ?? [])?.id;
		this.guard(() => {
			// Back from the log view: the detail's tail was not kept up while it was hidden.
			if ((selectionMoved && !effect) || (before.mode === 'log' && this.ui.mode !== 'log')) this.loadDetail();
			if (this.ui.mode === 'log' && (before.mode !== 'log' || (this.ui.isFollowing && !before.isFollowing))) this.loadLog();
		});
		this.invalidate(true);
	}

	/** A move past the jobs held reads that page of history first, so the reducer's move lands in it. */
	private pageFor(action: Action): void {
		const items = this.items();
		const at = selectedIndex({selectedId: selectedJob(this.ui, this.data?.jobs ?? [])?.id, flowId: this.ui.flowId}, items);
		const move = pageMove(action, at, items, layoutFor(this.opts.size, items.length).listHeight, this.data?.held);
		if (move && this.backend.page(this.ui.label, move)) this.refresh();
	}

	private run(effect: Effect): void {
		this.guard(() => {
			const done = runEffect(this.backend, effect);
			this.ui = {...this.ui, selectedId: done.selectId ?? this.ui.selectedId, message: {text: done.message, isError: false, at: this.now()}};
		});
		// Our own writes do not move our connection's data_version: read back now.
		this.guard(() => this.refresh());
	}

	/** The list's rows: flows folded, as the view shows them. */
	private items = () => listItems(this.data?.jobs ?? [], this.data?.flows, this.ui.expanded);

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
			// Only a running job's log grows without the database moving.
			if (job?.state === 'running' && this.checkLog(now)) this.invalidate();
			if (now - this.lastBuild >= 1000 && isTicking(this.data?.jobs ?? [], this.ui, now)) this.invalidate();
		});
	}

	private refresh(): void {
		const version = this.backend.version();
		this.data = this.backend.read(this.ui.label);
		this.lastVersion = version; // only after a good read: a failed one (a locked database) is tried again
		// Pin the selection once it is known, so it stays on a job when that job stops running.
		this.ui = pinSelection(this.ui, this.data.jobs, this.items());
		const job = selectedJob(this.ui, this.data.jobs);
		const isSameJob = job !== undefined && this.detail?.id === job.id;
		// The same job: its attempts may have moved; its log is read again only if it grew (checkLog).
		if (isSameJob) this.detail = {...this.detail!, attempts: this.backend.attempts(job.id)};
		else this.loadDetail();
		// A finished job's log is read a last time, and following stops (loadLog).
		if (this.ui.mode === 'log' && this.ui.isFollowing && job && (isFinal(job.state) || this.logId !== job.id)) this.loadLog();
		else if (isSameJob) this.checkLog(this.now());
	}

	/** Reads the selected job's log tail again (detail or following log view) only if it grew, and at most every logCheckMs while it runs: a flood costs a stat and a tail twice a second. */
	private checkLog(now: number): boolean {
		const job = selectedJob(this.ui, this.data?.jobs ?? []);
		if (!job) return false;
		const isLogView = this.ui.mode === 'log';
		if (isLogView && !this.ui.isFollowing) return false; // a log scrolled back stays as it is
		if (job.state === 'running' && now - this.lastLogCheck < (this.opts.logCheckMs ?? LOG_CHECK_MS)) return false;
		this.lastLogCheck = now;
		const size = this.backend.logSize(job.id);
		if (isLogView) {
			if (this.logId === job.id && size === this.logViewSize) return false;
			this.loadLog();
			return true;
		}
		if (this.detail?.id !== job.id) {
			this.loadDetail();
			return true;
		}
		if (size === this.seenLogSize) return false;
		this.seenLogSize = size;
		this.detail = {...this.detail, logTail: this.backend.logTail(job.id, this.detailLogLines())};
		return true;
	}

	/** The detail's log tail is as long as the screen is high. */
	private detailLogLines = (): number => Math.max(10, this.opts.size.rows);

	private loadDetail(): void {
		const job = selectedJob(this.ui, this.data?.jobs ?? []);
		if (!job) {
			this.detail = undefined;
			return;
		}
		this.seenLogSize = this.backend.logSize(job.id);
		this.detail = this.backend.detail(job.id, this.detailLogLines());
	}

	private loadLog(): void {
		const job = selectedJob(this.ui, this.data?.jobs ?? []);
		this.logId = job?.id;
		this.logViewSize = job ? this.backend.logSize(job.id) : -1;
		this.logLines = job ? this.backend.logTail(job.id, LOG_VIEW_LINES) : [];
		if (job && isFinal(job.state) && this.ui.isFollowing) this.ui = {...this.ui, isFollowing: false};
	}

	/** Errors from actions or reads become the message line, shown at once; the TUI never crashes on them. */
	private guard(fn: () => void): void {
		try {
			fn();
		} catch (error) {
			this.ui = {...this.ui, message: {text: oneLine(error), isError: true, at: this.now()}};
			this.invalidate(true); // a read failing on every poll shows the same line: an equal view, no new frame
		}
	}

	/** Something may look different: publish now if `isNow` (a key, a resize) or the last frame is frameMs old, else once it is (inside a key: at its end). */
	private invalidate(isNow = false): void {
		this.isDirty = true;
		if (this.keyDepth > 0) return;
		if (isNow) {
			this.flush();
			return;
		}
		if (this.flushTimer) return;
		const wait = this.lastFlush + (this.opts.frameMs ?? FRAME_MS) - this.now();
		if (wait <= 0) this.flush();
		else this.flushTimer = setTimeout(() => this.flush(), wait);
	}

	/** Builds the view; publishes it only if it differs from the last one, sharing the parts that did not change. */
	private flush(): void {
		clearTimeout(this.flushTimer);
		this.flushTimer = undefined;
		this.isDirty = false;
		const now = this.now();
		this.lastBuild = now;
		const view = share(this.view, this.build());
		if (view === this.view) return; // nothing visible changed: no render, no frame
		this.view = view;
		this.lastFlush = now;
		for (const listener of this.listeners) listener();
	}

	private build(): QueueView {
		const logLines = this.ui.mode === 'log' && this.logId === selectedJob(this.ui, this.data?.jobs ?? [])?.id ? this.logLines : [];
		return buildView({data: this.data, detail: this.detail, logLines, ui: this.ui, size: this.opts.size, now: this.now(), isColor: this.opts.isColor});
	}
}
