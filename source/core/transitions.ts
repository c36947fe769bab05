import {formatDuration} from './duration.js';
import type {Job, JobState} from './types.js';

/** How one attempt ended, as the runner saw it (`note`: the executor's own word, e.g. `slurm OUT_OF_MEMORY`, kept in the reason). */
export type AttemptEnd = (
	| {type: 'exit'; exitCode?: number; signal?: string}
	| {type: 'timeout'; exitCode?: number; signal?: string}
	| {type: 'cancel'; exitCode?: number; signal?: string}
	| {type: 'spawn-failed'; reason: string}
	/** The runner and the job's process were gone with no recorded exit (reboot, kill -9 of both). */
	| {type: 'interrupted'}
	/** Claimed but never spawned (the runner died in between, or could not start it: a full disk). */
	| {type: 'not-started'; reason: string; notBefore?: number}
	/** It ended, but its exit status could not be written anywhere (a full disk): never run again. */
	| {type: 'lost'}
) & {note?: string};

/** What happens to the job next. */
export interface Decision {
	/** The attempt's own outcome. */
	attemptState: JobState;
	/** The job's state after it: queued again for a retry, or final. */
	jobState: JobState;
	reason: string;
	notBefore?: number;
	/** false: this run does not spend a retry. */
	counts: boolean;
}

/** Exit statuses a shell uses for "not found" / "not executable": retrying cannot help. */
const HOPELESS = new Set([126, 127]);

/** Pure: decides the job's next state from how an attempt ended. */
export function decide(job: Job, end: AttemptEnd, now: number): Decision {
	const d = decideEnd(job, end, now);
	if (!end.note) return d;
	return {...d, reason: end.type === 'interrupted' ? `${end.note}: re-queued without spending a retry` : `${end.note}; ${d.reason}`};
}

function decideEnd(job: Job, end: AttemptEnd, now: number): Decision {
	if (end.type === 'interrupted') {
		return {attemptState: 'interrupted', jobState: 'interrupted', counts: false,
			reason: 'interrupted: the runner and the job were gone (crash or reboot); re-queued'};
	}
	if (end.type === 'not-started') {
		return {attemptState: 'interrupted', jobState: 'queued', counts: false, reason: `not started: ${end.reason}; re-queued`, notBefore: end.notBefore};
	}
	if (end.type === 'lost') {
		return {attemptState: 'failed', jobState: 'failed', counts: true,
			reason: 'ended, but its exit status could not be written (disk full); not run again'};
	}
	if (end.type === 'cancel' || job.cancelRequested) {
		return {attemptState: 'cancelled', jobState: 'cancelled', counts: true, reason: 'cancelled'};
	}
	if (end.type === 'spawn-failed') {
		return {attemptState: 'failed', jobState: 'failed', counts: true, reason: end.reason};
	}
	if (end.type === 'exit' && end.exitCode === 0 && !end.signal) {
		return {attemptState: 'succeeded', jobState: 'succeeded', counts: true, reason: 'exit 0'};
	}
	const attemptState: JobState = end.type === 'timeout' ? 'timed_out' : 'failed';
	let reason = end.type === 'timeout' ? `timed out after ${formatDuration(job.timeoutMs ?? 0)}` : exitReason(end.exitCode, end.signal);
	const retriesLeft = job.attempt <= job.maxRetries && !(end.exitCode !== undefined && HOPELESS.has(end.exitCode));
	if (retriesLeft) {
		reason += `; retry ${job.attempt} of ${job.maxRetries}`;
		return {attemptState, jobState: 'queued', counts: true, reason, notBefore: now + job.backoffMs * job.attempt};
	}
	return {attemptState, jobState: attemptState, counts: true, reason};
}

/** `exit 1`, `exit 143 (SIGTERM)`, `killed by SIGKILL`, `exit 127 (command not found)`. */
export function exitReason(exitCode?: number, signal?: string): string {
	if (signal) return `killed by ${signal}`;
	if (exitCode === undefined) return 'ended without an exit status';
	if (exitCode === 127) return 'exit 127 (command not found)';
	if (exitCode === 126) return 'exit 126 (not executable)';
	if (exitCode > 128 && exitCode < 160) {
		const name = SIGNALS[exitCode - 128];
		if (name) return `exit ${exitCode} (${name})`;
	}
	return `exit ${exitCode}`;
}

const SIGNALS: Record<number, string> = {1: 'SIGHUP', 2: 'SIGINT', 3: 'SIGQUIT', 6: 'SIGABRT', 9: 'SIGKILL', 11: 'SIGSEGV', 13: 'SIGPIPE', 15: 'SIGTERM'};

/** The exit code `wait` and `run` give for a job that ended: the job's own where it has one. */
export function exitCodeFor(job: Pick<Job, 'state' | 'exitCode'>): number {
	switch (job.state) {
		case 'succeeded':
			return 0;
		case 'timed_out':
			return 124;
		case 'cancelled':
			return 130;
		case 'failed':
			return job.exitCode && job.exitCode > 0 && job.exitCode < 256 ? job.exitCode : 1;
		default:
			return 1;
	}
}
