/**
 * How much of a job's output the runner parses. Parsing costs a few seconds per 100 MB on lines
 * (the rules run per line), and a job can print gigabytes: the runner must stay cheap and never
 * hold its loop on one job's output. So the start of every job's output is parsed whole (normal
 * jobs never get past it), then only a small share, always the newest bytes (what a terminal
 * would still show): the middle of a flood is skipped, as a terminal scrolls or overwrites it.
 * Pure: the watch asks, then reads and skips accordingly.
 */

/** Output parsed whole before any skipping: far more than a normal job prints. */
export const FREE_BYTES = 4 * 1024 * 1024;
/** Beyond that, the share of output parsed at most. */
export const SHARE = 1 / 64;
/** Unparsed output allowed to pile up before the oldest is skipped (the view stays current). */
export const MAX_LAG_BYTES = 4 * 1024 * 1024;
/** Parsed per pump at most, and for how long: the runner's loop moves on to other jobs. */
export const PUMP_BYTES = 1024 * 1024;
export const PUMP_MS = 15;
/** At a job's end, the newest output parsed at most (its final summary lies there). */
export const END_BYTES = 2 * 1024 * 1024;

export class OutputBudget {
	private parsed = 0;
	private skipped = 0;

	/** Of `backlog` unread bytes, how many to skip (the oldest) and how many to parse (the newest, over one or more pumps). */
	plan(backlog: number, final: boolean): {skip: number; keep: number} {
		const seen = this.parsed + this.skipped + backlog;
		const allowance = Math.max(0, Math.floor(FREE_BYTES + SHARE * seen - this.parsed));
		const keep = Math.min(backlog, final ? END_BYTES : Math.min(allowance, MAX_LAG_BYTES));
		return {skip: backlog - keep, keep};
	}

	count(parsed: number, skipped: number): void {
		this.parsed += parsed;
		this.skipped += skipped;
	}

	get skippedBytes(): number {
		return this.skipped;
	}
}
