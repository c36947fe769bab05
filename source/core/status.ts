import {formatDuration} from './duration.js';
import {jobTitle} from './job-name.js';
import {attemptText, progressText, tryCounter} from './job-view.js';
import {whereText} from './job-where.js';
import {isStalled} from './parsers/eta.js';
import {ascii} from './text.js';
import type {Job} from './types.js';

/** Everything the status line says, gathered in one read. */
export interface StatusFacts {
	now: number;
	running: Job[];
	waiting: number;
	paused: boolean;
	runnerAlive: boolean;
	/** Recently finished jobs, newest first. */
	recent: Job[];
	/** A running job silent this long is flagged stalled. */
	stalledAfterMs: number;
	/** The last notifier problem, if any (`pushover: monthly message quota reached (429)`). */
	notifyWarning?: string;
	/** The runner could not write (a full disk): results wait in memory, new jobs wait to start. */
	diskFull?: boolean;
	/** How many times a job has reached a final state (never goes down): "anything new?" in one number. */
	finishedSeq?: number;
	/** A running job that is a step of a flow shows as its flow (`f12 quality QUAL-044 step 2/3 extract 45% 3m12s`), by job id. */
	flowParts?: Record<number, string>;
}

export const STATUS_MAX_BYTES = 200;

/** The facts of a queue with nothing in it (a project that has no `.queue/` yet). */
export function emptyFacts(now: number): StatusFacts {
	return {now, running: [], waiting: 0, paused: false, runnerAlive: false, recent: [], stalledAfterMs: 600_000};
}

/**
 * The one line an agent polls, ~150 bytes of printable ASCII:
 * `queue 14:03:12 | #12 pytest running 45% 120/267 1 failed 3m12s | 2 queued | #11 extract ok | #9 pytest FAILED 3 tests`
 */
export function formatStatusLine(f: StatusFacts): string {
	const parts = [`queue ${clock(f.now)}`];
	if (f.diskFull) parts.push('DISK FULL: free space; new jobs wait');
	for (const job of f.running.slice(0, 2)) parts.push(f.flowParts?.[job.id] ?? runningPart(job, f.now, f.stalledAfterMs));
	if (f.running.length > 2) parts.push(`+${f.running.length - 2} running`);
	if (f.paused) parts.push('PAUSED');
	if (f.waiting > 0) parts.push(`${f.waiting} queued`);
	// Nobody records running jobs' ends or starts the next one until a runner is back.
	if (!f.runnerAlive && (f.running.length > 0 || (f.waiting > 0 && !f.paused))) parts.push('no runner: queue-tui start');
	if (f.running.length === 0 && f.waiting === 0) parts.push('idle');
	const [last] = f.recent;
	if (last) parts.push(resultPart(last));
	const attention = f.recent.find(j => j !== last && needsAttention(j));
	if (attention) parts.push(resultPart(attention));
	if (f.notifyWarning) parts.push(`notify ${f.notifyWarning}`);
	return fit(parts);
}

/** `#12 pytest running 45% 120/267 1 failed 3m12s` */
function runningPart(job: Job, now: number, stalledAfterMs: number): string {
	const p = job.progress;
	const bits = [`#${job.id} ${ascii(jobTitle(job))} running`];
	const progress = progressText(job);
	if (progress) bits.push(progress);
	if (tryCounter(job).n > 1) bits.push(`try ${attemptText(job)}`);
	const where = whereText(job);
	if (where) bits.push(where);
	bits.push(formatDuration(now - (job.startedAt ?? now)));
	const since = p?.lastOutputAt ?? job.startedAt;
	if (p && isStalled(p, now, stalledAfterMs, job.startedAt) && since) bits.push(`STALLED ${formatDuration(now - since)} silent`);
	return bits.join(' ');
}

/** `#11 extract ok`, `#9 pytest FAILED 3 tests`, `#8 make FAILED exit 2`, `#7 x TIMEOUT` */
export function resultPart(job: Job): string {
	const name = `#${job.id} ${ascii(jobTitle(job))}`;
	switch (job.state) {
		case 'succeeded':
			return `${name} ok`;
		case 'failed': {
			const p = job.progress;
			const tests = p && p.kind === 'pytest' ? p.counts.failed + p.counts.errors : 0;
			if (tests > 0) return `${name} FAILED ${tests} test${tests === 1 ? '' : 's'}`;
			if (p?.failedItems) return `${name} FAILED ${p.failedItems} items`;
			return `${name} FAILED ${job.exitCode === undefined ? (job.reason ?? '').split(';')[0] : `exit ${job.exitCode}`}`.trim();
		}
		case 'timed_out':
			return `${name} TIMEOUT`;
		default:
			return `${name} ${job.state}`;
	}
}

const needsAttention = (job: Job) => job.state === 'failed' || job.state === 'timed_out';

/** Local wall-clock time, HH:MM:SS. */
function clock(ms: number): string {
	const d = new Date(ms);
	return [d.getHours(), d.getMinutes(), d.getSeconds()].map(n => String(n).padStart(2, '0')).join(':');
}

/** Drops trailing parts (then cuts) so the line stays within STATUS_MAX_BYTES. */
function fit(parts: string[]): string {
	let line = ascii(parts.join(' | '));
	while (line.length > STATUS_MAX_BYTES && parts.length > 2) {
		parts.pop();
		line = ascii(parts.join(' | '));
	}
	return line.length > STATUS_MAX_BYTES ? line.slice(0, STATUS_MAX_BYTES - 3) + '...' : line;
}
