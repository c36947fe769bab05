/**
 * Rate and ETA from observed (time, done) samples, and the stall test.
 *
 * Output from a pipe arrives in bursts: Python block-buffers stdout, so forty `12/40` lines
 * can land in one chunk after a minute of silence. A rate taken between two neighbouring
 * samples would then swing between 0 and thousands per second. Instead the rate is the slope
 * over a sliding window of time (default 60 s) of samples coalesced per 250 ms, which averages
 * a burst over the silence that preceded it.
 */
import type {Progress} from './types.js';

/** One observation: at `t` (epoch ms), `done` items were finished. */
export interface RateSample {
	t: number;
	done: number;
}

/** Tuning for {@link RateEstimator}. */
export interface RateOptions {
	/** Samples older than this (relative to the newest) are dropped. */
	windowMs?: number;
	/** Samples closer than this to the previous one are merged into it. */
	coalesceMs?: number;
	/** No rate until the window spans at least this long. */
	minSpanMs?: number;
	/** No ETA until the settled part of the run (see `eta`) spans this long (10 s): a wild guess is worse than none. */
	etaWarmupMs?: number;
}

/** A smoothed items-per-second estimate over a sliding time window. */
export class RateEstimator {
	private samples: RateSample[] = [];
	private readonly windowMs: number;
	private readonly coalesceMs: number;
	private readonly minSpanMs: number;
	private readonly etaWarmupMs: number;
	private firstDone?: number; // the count when progress was first seen (since the last restart)

	constructor(options: RateOptions = {}) {
		this.windowMs = options.windowMs ?? 60_000;
		this.coalesceMs = options.coalesceMs ?? 250;
		this.minSpanMs = options.minSpanMs ?? 1_000;
		this.etaWarmupMs = options.etaWarmupMs ?? 10_000;
	}

	/** Records that `done` items were finished at `t`. A smaller `done` (a new bar) restarts. */
	add(t: number, done: number): void {
		if (!Number.isFinite(t) || !Number.isFinite(done)) return;
		const last = this.samples[this.samples.length - 1];
		if (last && (done < last.done || t < last.t)) this.reset();
		const prev = this.samples[this.samples.length - 1];
		if (prev && prev.done === done) return; // only progress counts: silence must not move the start
		this.firstDone ??= prev ? prev.done : done;
		if (prev && this.samples.length > 1 && t - prev.t < this.coalesceMs) {
			// Same burst: keep its first time and its latest count (the window's first sample stays put).
			prev.done = done;
			return;
		}
		this.samples.push({t, done});
		const oldest = t - this.windowMs;
		let drop = 0;
		// Keep one sample at or before the window's start, so the slope spans the full window.
		while (drop + 1 < this.samples.length && this.samples[drop + 1].t <= oldest) drop++;
		if (drop > 0) this.samples.splice(0, drop);
	}

	/** Items per second, or undefined until there is enough history. */
	rate(): number | undefined {
		return rateOf(this.samples, this.minSpanMs);
	}

	/**
	 * Seconds left for `total - done`, or undefined while the run is starting up. The rate is
	 * taken from the point where 2% of the items (at least 3) were done: the first seconds
	 * measure start-up (imports, fixtures, one slow first test), not the pace of the run, and
	 * an ETA from them can be ten times too long. After that, at least three samples over
	 * `etaWarmupMs` are needed.
	 */
	eta(done: number | undefined, total: number | undefined): number | undefined {
		if (done === undefined || total === undefined || this.firstDone === undefined) return undefined;
		const settle = this.firstDone + Math.max(3, Math.ceil(total * 0.02));
		const from = this.samples.findIndex((s) => s.done >= settle);
		if (from < 0) return undefined;
		const used = this.samples.slice(from);
		if (used.length < 3 || used[used.length - 1].t - used[0].t < this.etaWarmupMs) return undefined;
		return etaSeconds(done, total, rateOf(used, this.minSpanMs));
	}

	/** Forgets all samples (a new run, a reset counter). */
	reset(): void {
		this.samples = [];
		this.firstDone = undefined;
	}
}

/** Slope of done over time between the first and last sample, in items per second. */
export function rateOf(samples: readonly RateSample[], minSpanMs = 1_000): number | undefined {
	if (samples.length < 2) return undefined;
	const first = samples[0];
	const last = samples[samples.length - 1];
	const span = last.t - first.t;
	const delta = last.done - first.done;
	if (span < minSpanMs || delta <= 0) return undefined;
	return (delta * 1000) / span;
}

/** `(total - done) / rate` in whole seconds, or undefined when any input is missing. */
export function etaSeconds(done: number | undefined, total: number | undefined, rate: number | undefined): number | undefined {
	if (done === undefined || total === undefined || rate === undefined || rate <= 0 || total < done) return undefined;
	return Math.round((total - done) / rate);
}

/**
 * True when a job that has not finished printed nothing for `stalledAfterMs`. With no
 * output at all yet, `startedAtMs` (when given) stands in for the last output.
 */
export function isStalled(progress: Progress, nowMs: number, stalledAfterMs: number, startedAtMs?: number): boolean {
	if (progress.phase === 'done') return false;
	const since = progress.lastOutputAt ?? startedAtMs;
	if (since === undefined || stalledAfterMs <= 0) return false;
	return nowMs - since >= stalledAfterMs;
}
