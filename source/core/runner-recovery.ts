import {exitRecord} from './exit-record.js';
import {exitPath, type QueuePaths} from './home.js';
import {WRAPPER_NAME} from './job-process.js';
import {findProcess, identityOf} from './processes.js';
import type {AttemptEnd} from './transitions.js';
import type {Job} from './types.js';

/** What to do with a job found `running` that no runner watches: watch its process, or record its end. */
export type Recovery = {type: 'adopt'; job: Job; found: boolean} | {type: 'end'; end: AttemptEnd};

/**
 * Decides from what is left: a recorded pid is adopted (the watch then sees whether it still runs).
 * Without one, the runner died between claiming the job and writing its pid: if the job's wrapper
 * runs (found by its exit-file argument in /proc) it is adopted; if it left an exit status, or
 * even an empty temp file, it ended and is recorded, never re-run; otherwise it never started and
 * goes back to its place in the queue without spending a retry.
 */
export function recoveryFor(paths: QueuePaths, job: Job, seq: number): Recovery {
	if (job.pid) return {type: 'adopt', job, found: false};
	const exitFile = exitPath(paths, job.id, seq);
	const pid = findProcess(argv => argv[3] === WRAPPER_NAME && argv[4] === exitFile);
	if (pid !== undefined) {
		const who = identityOf(pid);
		return {type: 'adopt', job: {...job, pid, pidStart: who.pidStart, bootId: who.bootId}, found: true};
	}
	const record = exitRecord(exitFile);
	if (record === 'lost') return {type: 'end', end: {type: 'lost'}};
	if (record) return {type: 'end', end: {type: 'exit', exitCode: record.exitCode}};
	return {type: 'end', end: {type: 'not-started', reason: 'its runner stopped between claiming and starting it'}};
}
