import {ensureReserve, isDiskFull, releaseReserve} from './disk-reserve.js';
import {oneLine} from './errors.js';
import {change, type Queue} from './queue.js';

/** The same trouble is said at most this often (a full disk fails every tick). */
const SAY_EVERY_MS = 60_000;

/**
 * Keeps the runner's loop going whatever one step throws: a bad row, a job whose end can't be
 * written, a full disk. Each failure is said (once a minute at most) and swallowed; the step is
 * tried again on a later tick.
 *
 * A full disk is written to the queue (`disk_full`, which the status line shows) and cleared once
 * the reserve fits again. The reserve's space is handed back only for a write that cannot wait (a
 * job's end, or that flag while no job runs), never at the first ENOSPC: that one usually comes
 * while the job filling the disk is still writing, and it would eat the space the end needs.
 */
export class RunnerHealth {
	/** While true the runner records ends but starts nothing new. */
	diskFull: boolean;
	/** The disk-full flag is not in the queue yet (the write failed): tried again each tick. */
	private flagOwed = false;
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

	/**
	 * Runs a write that cannot wait; if the disk is full, hands back the reserve and tries once
	 * more. Throws what the last try threw.
	 */
	essential<T>(fn: () => T): T {
		try {
			return fn();
		} catch (error) {
			if (!isDiskFull(error)) throw error;
			this.noticeDiskFull();
			if (!releaseReserve(this.q.paths)) throw error;
			return fn();
		}
	}

	/**
	 * Each tick: writes a disk-full flag still owed (making room for it when no job runs that could
	 * take the room first), and while the disk is full, every 2 s tries to put the reserve back;
	 * once it fits, space has returned.
	 */
	check(now: number, jobsRunning: boolean): void {
		if (this.flagOwed) this.writeFlag(jobsRunning);
		if (!this.diskFull || now - this.lastCheck < 2000) return;
		this.lastCheck = now;
		if (!ensureReserve(this.q.paths)) return;
		try {
			change(this.q, () => this.q.store.setMeta('disk_full', ''), true);
			this.diskFull = false;
			this.flagOwed = false;
			this.tell('disk space is back: starting jobs again');
		} catch (error) {
			this.tell(`disk space check: ${oneLine(error)}`);
		}
	}

	private noticeDiskFull(): void {
		if (this.diskFull) return;
		this.diskFull = true;
		this.flagOwed = true;
		this.tell(`disk full in ${this.q.paths.home}: ends are kept and recorded as space allows; no new job starts until space returns`);
		this.writeFlag(true);
	}

	private writeFlag(jobsRunning: boolean): void {
		const write = () => change(this.q, () => this.q.store.setMeta('disk_full', new Date(this.q.now()).toISOString()), true);
		try {
			if (jobsRunning) write();
			else this.essential(write);
			this.flagOwed = false;
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
