import {UsageError} from '../../source/core/errors.js';
import type {FlowRow} from '../../source/core/flows/flow-store.js';
import {isFinal, type Attempt, type Job} from '../../source/core/types.js';
import type {PageMove} from '../../source/core/queue-window.js';
import type {QueueBackend} from '../../source/ui/backend.js';
import {narrowToLabel} from '../../source/view/labels.js';
import type {JobDetailData, QueueData} from '../../source/view/types.js';
import {flowSampleView, job, sampleData} from '../view/fixtures.js';

/** Lets React run passive effects, so useInput is armed (a visible frame is not enough). */
export const settle = () => new Promise<void>(r => setImmediate(() => setTimeout(r, 0)));

// Colour and style codes, in case a frame carries any.
const SGR = /\u001B\[[0-9;]*m/g;
export const plain = (frame: string | undefined) => (frame ?? '').replace(SGR, '');

interface Ui {
	lastFrame(): string | undefined;
	stdin: {write(s: string): void};
}

/** Polls the last frame until `ok`, with a deadline (never a fixed sleep). */
export async function waitForFrame(ui: Ui, ok: (frame: string) => boolean, ms = 3000): Promise<string> {
	const end = Date.now() + ms;
	let last = '';
	while (Date.now() < end) {
		last = plain(ui.lastFrame());
		if (ok(last)) {
			await settle();
			return last;
		}
		await new Promise(r => setTimeout(r, 10));
	}
	throw new Error(`no matching frame; last was:\n${last}`);
}

/** Writes keys one at a time, letting the app settle after each. */
export async function press(ui: Ui, ...keys: string[]): Promise<void> {
	for (const k of keys) {
		ui.stdin.write(k);
		await settle();
	}
}

/** Gives ink-testing-library's fake stdout a size (it is fixed at 100 columns and has no rows) and tells the app. */
export function resize(ui: {stdout: object}, columns: number, rows: number): void {
	Object.defineProperty(ui.stdout, 'columns', {value: columns, configurable: true});
	Object.defineProperty(ui.stdout, 'rows', {value: rows, configurable: true});
	(ui.stdout as {emit(e: string): void}).emit('resize');
}

/** An in-memory queue behind the TUI's backend interface: no SQLite, files or processes. */
export class FakeBackend implements QueueBackend {
	paused = false;
	calls: string[] = [];
	logs = new Map<number, string[]>();
	private n = 1;

	constructor(public jobs: Job[], public flowRows: FlowRow[] = []) {}

	/** Simulates another process committing a change. */
	bump(): void {
		this.n++;
	}

	version = () => this.n;
	reads: Array<string | undefined> = [];
	/**
	 * Set: the fake holds `pageSize` jobs at a time (at most two pages), the newest until paged,
	 * as the real backend holds a stretch of finished jobs; `held` is that stretch's [from, to).
	 */
	pageSize?: number;
	held?: [number, number];
	page = (_label: string | undefined, move: PageMove): boolean => {
		const size = this.pageSize;
		if (size === undefined) return false;
		const n = this.jobs.length;
		const [from, to] = this.held ?? [Math.max(0, n - size), n];
		const next: [number, number] = move === 'oldest' ? [0, Math.min(n, size)] : move === 'newest' ? [Math.max(0, n - size), n]
			: move === 'older' ? [Math.max(0, from - size), Math.min(to, Math.max(0, from - size) + 2 * size)]
				: [Math.max(from, Math.min(n, to + size) - 2 * size), Math.min(n, to + size)];
		if (next[0] === from && next[1] === to) return false;
		this.calls.push(`page ${move}`);
		this.held = next;
		return true;
	};

	read = (label?: string): QueueData => {
		this.reads.push(label);
		const n = this.jobs.length;
		const [from, to] = this.held ?? (this.pageSize === undefined ? [0, n] : [Math.max(0, n - this.pageSize), n]);
		const jobs = this.jobs.slice(from, to).map(j => ({...j}));
		const flows = this.flowRows.map(flow => flowSampleView(jobs, flow));
		return narrowToLabel(sampleData(jobs, {paused: this.paused, ...(flows.length ? {flows} : {})}), label);
	};
	detail = (id: number, lines: number): JobDetailData => ({id, attempts: [], logTail: (this.logs.get(id) ?? []).slice(-lines)});
	attempts = (_id: number): Attempt[] => [];
	logSize = (id: number) => (this.logs.get(id) ?? []).join('\n').length;
	logTail = (id: number, lines: number) => (this.logs.get(id) ?? []).slice(-lines);

	retry = (id: number): Job => {
		this.calls.push(`retry ${id}`);
		const j = this.get(id);
		if (!['failed', 'cancelled', 'timed_out', 'skipped'].includes(j.state)) {
			throw new UsageError(`job #${id} is ${j.state}; only failed, cancelled, timed-out or skipped jobs can be retried`);
		}
		j.state = 'queued';
		return j;
	};

	cancel = (id: number): Job => {
		this.calls.push(`cancel ${id}`);
		const j = this.get(id);
		if (isFinal(j.state)) throw new UsageError(`job #${id} already ended (${j.state}); nothing to cancel`);
		if (j.state === 'running') j.cancelRequested = true;
		else j.state = 'cancelled';
		return j;
	};

	retryFlow = (id: number) => {
		this.calls.push(`retry f${id}`);
	};

	cancelFlow = (id: number) => {
		this.calls.push(`cancel f${id}`);
		let running = 0;
		for (const j of this.jobs.filter(j => j.flowId === id && !isFinal(j.state))) {
			if (j.state === 'running') running++;
			this.cancel(j.id);
		}
		return running;
	};

	remove = (id: number) => {
		this.calls.push(`delete ${id}`);
		this.jobs = this.jobs.filter(j => j.id !== id);
	};

	pause = (paused: boolean) => {
		this.calls.push(paused ? 'pause' : 'resume');
		this.paused = paused;
	};

	add = (command: string, label?: string) => {
		this.calls.push(label === undefined ? `add ${command}` : `add ${command} [${label}]`);
		const id = Math.max(0, ...this.jobs.map(j => j.id)) + 1;
		this.jobs.push(job({id, argv: ['sh', '-c', command], shell: true, kind: 'generic', label}));
		return id;
	};

	wakeRunner = () => {
		this.calls.push('wakeRunner');
	};

	close = () => {
		this.calls.push('close');
	};

	private get(id: number): Job {
		const j = this.jobs.find(x => x.id === id);
		if (!j) throw new UsageError(`no job #${id}`);
		return j;
	}
}
