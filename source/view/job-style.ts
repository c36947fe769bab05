/**
 * How a job's state looks: icon, colour, a short outcome text, its name. Shared by the list row
 * and the detail so the two always agree.
 */
import type {Dep} from '../core/deps.js';
import {formatDuration} from '../core/duration.js';
import {jobName} from '../core/job-name.js';
import {isStalled} from '../core/parsers/eta.js';
import type {Progress} from '../core/parsers/types.js';
import type {Job, JobState} from '../core/types.js';
import {textWidth} from '../core/text-width.js';
import {safe} from './format.js';
import type {Color} from './types.js';

// Narrow (1-column) symbols only: a 40-column pane cannot afford a glyph that some fonts draw wide.
const STYLE: Record<JobState, {icon: string; color: Color; word: string}> = {
	queued: {icon: '○', color: 'gray', word: 'queued'},
	running: {icon: '●', color: 'cyan', word: 'running'},
	succeeded: {icon: '✓', color: 'green', word: 'succeeded'},
	failed: {icon: '✗', color: 'red', word: 'failed'},
	cancelled: {icon: '⊘', color: 'yellow', word: 'cancelled'},
	timed_out: {icon: '✗', color: 'red', word: 'timed out'},
	skipped: {icon: '»', color: 'gray', word: 'skipped'},
	interrupted: {icon: '↻', color: 'magenta', word: 'interrupted'},
};

/** One narrow symbol per state (running jobs get a spinner instead). */
export const stateIcon = (state: JobState) => STYLE[state].icon;
/** The state's colour (dropped entirely under NO_COLOR). */
export const stateColor = (state: JobState): Color => STYLE[state].color;
/** The state as a word (`timed out`, not `timed_out`). */
export const stateWord = (state: JobState) => STYLE[state].word;

/** A flow's step as its flow and step (`f3 extract`), else the job's name (given, or from its command); its label is shown beside it, never instead. */
export function displayName(job: Job): string {
	if (job.flowId !== undefined && job.flowStep) return safe(`f${job.flowId} ${job.flowStep}`);
	return safe(jobName(job, 40));
}

/**
 * The name with its label (`pytest QUAL-044`), for the detail header, the log title and dialogs;
 * just the name when the two do not fit in `room` columns (the facts around it come first).
 */
export function titleName(job: Job, room = Number.POSITIVE_INFINITY): string {
	const full = job.label ? `${displayName(job)} ${safe(job.label)}` : displayName(job);
	return textWidth(full) <= room ? full : displayName(job);
}

/**
 * What a queued job waits for, from its dependencies that have not ended:
 * `waits #3` (--after, --after-any), `if #3 fails` (--if-failed); undefined when nothing.
 */
export function waitText(deps: readonly Dep[] | undefined): string | undefined {
	const open = (deps ?? []).filter(d => d.state !== undefined && !ENDED.has(d.state));
	if (open.length === 0) return undefined;
	const ids = (cond: (d: Dep) => boolean) => open.filter(cond).map(d => `#${d.depId}`).join(' ');
	const after = ids(d => d.cond !== 'failure');
	const ifFailed = ids(d => d.cond === 'failure');
	return [after && `waits ${after}`, ifFailed && `if ${ifFailed} fails`].filter(Boolean).join(', ');
}

const ENDED = new Set<JobState>(['succeeded', 'failed', 'cancelled', 'timed_out', 'skipped']);

/** Percent done, from the parser's own percent or done/total. */
export function percentOf(p: Progress | undefined): number | undefined {
	if (!p) return undefined;
	if (p.percent !== undefined) return p.percent;
	if (p.done !== undefined && p.total) return (p.done / p.total) * 100;
	return undefined;
}

/** How long a running job has printed nothing, when that is past the stall limit (else undefined). */
export function stalledFor(job: Job, now: number, stalledAfterMs: number): number | undefined {
	if (job.state !== 'running' || !job.progress || !isStalled(job.progress, now, stalledAfterMs, job.startedAt)) return undefined;
	return now - (job.progress.lastOutputAt ?? job.startedAt ?? now);
}

/** Failed tests (pytest) or failed items (batch) the parser counted. */
export const failedCount = (p: Progress | undefined) => (p ? p.counts.failed + p.counts.errors + (p.failedItems ?? 0) : 0);

/**
 * What a job that is not showing a bar has to say, in a few words:
 * `queued`, `waits #3`, `retry in 4s`, `ok 267/267`, `3 tests failed`, `exit 3`, `skip: #3 failed`.
 */
export function outcomeText(job: Job, now: number, paused: boolean, deps?: readonly Dep[]): string {
	const p = job.progress;
	switch (job.state) {
		case 'queued':
			if (job.notBefore && job.notBefore > now) return `retry in ${formatDuration(job.notBefore - now + 999)}`;
			return waitText(deps) ?? (paused ? 'queued (paused)' : 'queued');
		case 'skipped':
			// Why, short enough for 40 columns: `skip: #3 failed`, `skip: #3 succeeded (runs only if it failed)`.
			return safe(job.reason).replace(/^skipped:/, 'skip:') || 'skipped';
		case 'running':
			if (p?.done !== undefined) return `${p.done} done`;
			return job.cancelRequested ? 'cancelling…' : 'running';
		case 'succeeded':
			if (p?.done !== undefined && p.total) return `ok ${p.done}/${p.total}`;
			return p && p.counts.passed > 0 ? `ok ${p.counts.passed} passed` : 'ok';
		case 'failed': {
			const n = failedCount(p);
			if (n > 0) return p?.kind === 'pytest' ? `${n} test${n === 1 ? '' : 's'} failed` : `${n} failed`;
			if (job.exitCode !== undefined) return `exit ${job.exitCode}`;
			if (job.signal) return `killed ${job.signal}`;
			return safe(job.reason) || 'failed';
		}
		default:
			return stateWord(job.state);
	}
}
