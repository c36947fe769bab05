/**
 * How a job's state looks: icon, colour, a short outcome text, its name. Shared by the list row
 * and the detail so the two always agree.
 */
import {formatDuration} from '../core/duration.js';
import {jobName} from '../core/job-name.js';
import {isStalled} from '../core/parsers/eta.js';
import type {Progress} from '../core/parsers/types.js';
import type {Job, JobState} from '../core/types.js';
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

/** A flow's step as its flow and step (`f3 extract`), else the job's label, or a short name from its command; never raw job text. */
export function displayName(job: Job): string {
	if (job.flowId !== undefined && job.flowStep) return safe(`f${job.flowId} ${job.flowStep}`);
	return job.label ? safe(job.label) : safe(jobName(job, 40));
}

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
 * `queued`, `retry in 4s`, `ok 267/267`, `3 tests failed`, `exit 3`, `killed SIGKILL`, `timed out`.
 */
export function outcomeText(job: Job, now: number, paused: boolean): string {
	const p = job.progress;
	switch (job.state) {
		case 'queued':
			if (job.notBefore && job.notBefore > now) return `retry in ${formatDuration(job.notBefore - now + 999)}`;
			return paused ? 'queued (paused)' : 'queued';
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
