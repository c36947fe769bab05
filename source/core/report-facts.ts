/**
 * Facts about a job that every report form shares (full report, brief line, label report),
 * so the three never disagree about a verdict, a duration or a count.
 */
import {formatDuration} from './duration.js';
import type {Failure, Progress} from './parsers/types.js';
import {mergeAttempts, type MergedOutcome} from './report-merge.js';
import type {Attempt, Job} from './types.js';

/** A job and its attempts, as every report takes them. */
export interface JobFacts {
	job: Job;
	attempts: Attempt[];
	/** Stands in for the clock (running jobs, durations so far). */
	now: number;
}

/** What a full report is made from. */
export interface ReportInput extends JobFacts {
	/** The last lines of the job's log, raw (sanitized by the report). */
	logTail: string[];
	/** Shown as given, e.g. `.queue/logs/12.log`. */
	logPath: string;
}

const VERDICTS: Record<string, string> = {succeeded: 'OK', failed: 'FAILED', timed_out: 'TIMED OUT', cancelled: 'CANCELLED', skipped: 'SKIPPED'};

/** `OK`, `FAILED`, `TIMED OUT`, … (the same words as the result line); `RUNNING` etc. otherwise. */
export function verdict(job: Job): string {
	return VERDICTS[job.state] ?? job.state.toUpperCase();
}

/** Attempts oldest first; a job recorded before attempts existed gets one from its own fields. */
export function attemptsOf(f: JobFacts): Attempt[] {
	if (f.attempts.length > 0) return [...f.attempts].sort((a, b) => a.seq - b.seq);
	const {job} = f;
	if (job.startedAt === undefined) return [];
	return [{jobId: job.id, seq: 1, state: job.state, startedAt: job.startedAt, finishedAt: job.finishedAt, exitCode: job.exitCode,
		signal: job.signal, reason: job.reason, counts: true, progress: job.progress, logStart: 0}];
}

/** The progress that describes the job's end: its last attempt that was not cut short by a crash. */
export function finalProgress(f: JobFacts): Progress | undefined {
	const runs = attemptsOf(f).filter((a) => a.state !== 'interrupted' && a.progress);
	return runs.length > 0 ? runs[runs.length - 1].progress : f.job.progress;
}

/** The merged pytest outcome (empty text for other kinds). */
export function merged(f: JobFacts): MergedOutcome {
	return mergeAttempts(f.job.kind === 'pytest' ? attemptsOf(f) : []);
}

/** Counted attempts (an interrupted run does not spend a retry). */
export function triesOf(f: JobFacts): number {
	const list = attemptsOf(f);
	return list.length > 0 ? list.filter((a) => a.counts).length : f.job.attempt;
}

/**
 * Time spent running: the attempts' own durations added up (a running one up to now). Time
 * between attempts (retry backoff, a failed job waiting for a manual `retry`) is not in it.
 * Undefined when the job never started.
 */
export function runningMs(f: JobFacts): number | undefined {
	const list = attemptsOf(f);
	if (list.length === 0) return undefined;
	return list.reduce((sum, a) => sum + Math.max(0, (a.finishedAt ?? (a.state === 'running' ? f.now : a.startedAt)) - a.startedAt), 0);
}

/** Wall time from the first attempt's start to the end (or to now while it runs), or undefined. */
export function wallMs(f: JobFacts): number | undefined {
	const first = attemptsOf(f)[0]?.startedAt ?? f.job.startedAt;
	return first === undefined ? undefined : (f.job.finishedAt ?? f.now) - first;
}

/** Time spent running (`38s`), or '' when the job never started. */
export function ranFor(f: JobFacts): string {
	const ms = runningMs(f);
	return ms === undefined ? '' : formatDuration(ms);
}

/** How long one attempt took (`1m02s`, `40s so far`, `-`). */
export function attemptTook(a: Attempt, now: number): string {
	if (a.finishedAt !== undefined) return formatDuration(a.finishedAt - a.startedAt);
	return a.state === 'running' ? `${formatDuration(now - a.startedAt)} so far` : '-';
}

/** Failed + errored tests, or failed items, by the output's own count. */
export function badCount(p: Progress | undefined): number {
	if (!p) return 0;
	return p.kind === 'pytest' ? p.counts.failed + p.counts.errors : Math.max(p.failedItems ?? 0, p.failures.length);
}

/**
 * The outcome in a few words, unsanitized (callers make it safe for their medium):
 * `3 failed -> 1 failed, 2 flaky`, `2 failed, 264 passed`, `37/40, 3 failed items`.
 */
export function outcomePhrase(f: JobFacts): string {
	const p = finalProgress(f);
	const bits: string[] = [];
	if (f.job.kind === 'pytest') {
		const m = merged(f);
		if (m.text.includes('→')) bits.push(m.ascii);
		else if (p?.summaryLine !== undefined) bits.push(`${badCount(p)} failed, ${p.counts.passed} passed`);
		else if (p?.total) bits.push(`${p.done ?? 0}/${p.total} run, ${badCount(p)} failed`);
	} else if (p) {
		if (p.total) bits.push(`${p.done ?? 0}/${p.total}`);
		const bad = badCount(p);
		if (bad > 0) bits.push(`${bad} failed item${bad === 1 ? '' : 's'}`);
		else if (p.succeeded !== undefined) bits.push(`${p.succeeded} ok`);
	}
	if (p?.note) bits.push(p.note);
	return bits.join(', ');
}

/** The failures worth naming first: still failing ones, else flaky ones (marked as such). */
export function headlineFailure(f: JobFacts): {failure: Failure; flaky: boolean} | undefined {
	const p = finalProgress(f);
	const first = p?.failures[0];
	if (first) return {failure: first, flaky: false};
	const flaky = merged(f).flaky[0];
	if (flaky === undefined) return undefined;
	return {failure: failureById(f, flaky) ?? {id: flaky, reason: ''}, flaky: true};
}

/** The latest recorded details (reason, traceback) of a failure id across the attempts. */
export function failureById(f: JobFacts, id: string): Failure | undefined {
	const list = attemptsOf(f);
	for (let i = list.length - 1; i >= 0; i--) {
		const hit = list[i].progress?.failures.find((x) => x.id === id);
		if (hit) return hit;
	}
	return undefined;
}
