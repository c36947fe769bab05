import {ensureReserve, isDiskFull, releaseReserve} from './disk-reserve.js';
import {oneLine} from './errors.js';
import {change, type Queue} from './queue.js';

/** The same trouble is said at most this often (a full disk fails every tick). */
const SAY_EVERY_MS = 60_000;

/**
 * Keeps the runner's loop going whatever one step throws: a bad row, a job whose end can't be
 * written, a full disk. Each failure is said (once a minute at most) and swallowed; the step is
 * tried again on a later tick. A full disk is also written to the queue (`disk_full`, which the
 * status line shows) after handing back the reserve's space, and cleared once the reserve fits again.
 */
export class RunnerHealth {
	/** While true the runner records ends but starts nothing new. */
	diskFull: boolean;
	private readonly said = new Map<string, number>();
	private lastCheck = 0;

	constructor(private readonly q: Queue, private readonly say?: (line: string) => void) {
		// A runner killed while the disk was full left the flag set: check it as if it were ours.
		this.diskFull = Boolean(q.store.meta('disk_full'));
	}

	/** Runs one step of the loop; on failure, says why and returns undefined. */
	guard<T>(what: string, fn: () => T): T | undefined {
		try {
			return fn();
		} catch (error) {
			this.failed(what, error);
			return undefined;
		}
	}

	failed(what: string, error: unknown): void {
		if (isDiskFull(error)) this.noticeDiskFull();
		this.tell(`${what}: ${oneLine(error)}`);
	}

	/** While the disk is full: every 2 s, tries to put the reserve back; once it fits, space has returned. */
	check(now: number): void {
		if (!this.diskFull || now - this.lastCheck < 2000) return;
		this.lastCheck = now;
		if (!ensureReserve(this.q.paths)) return;
		try {
			change(this.q, () => this.q.store.setMeta('disk_full', ''), true);
			this.diskFull = false;
			this.tell('disk space is back: starting jobs again');
		} catch (error) {
			this.tell(`disk space check: ${oneLine(error)}`);
		}
	}

	private noticeDiskFull(): void {
		if (this.diskFull) return;
		this.diskFull = true;
		releaseReserve(this.q.paths);
		this.tell(`disk full in ${this.q.paths.home}: ends are kept and recorded as space allows; no new job starts until space returns`);
		try {
			change(this.q, () => this.q.store.setMeta('disk_full', new Date(this.q.now()).toISOString()), true);
		} catch {}
	}

	private tell(text: string): void {
		const now = Date.now();
		const last = this.said.get(text);
		if (last !== undefined && now - last < SAY_EVERY_MS) return;
		this.said.set(text, now);
		this.say?.(text);
	}
}
