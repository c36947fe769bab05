import path from 'node:path';
import {formatDuration} from './duration.js';
import type {QueuePaths} from './home.js';
import {jobName} from './job-name.js';
import {ascii} from './status.js';
import type {Job} from './types.js';

export const RESULT_MAX_BYTES = 160;

/**
 * One factual line about a finished job, for agents and notifications (at most 160 bytes):
 * `queue #42 FAILED pytest exit 1: 3/812 failed, 2 retries, 14m; first tests/test_io.py::test_rt; log .queue/logs/42.log`
 */
export function resultLine(job: Job, paths?: QueuePaths, detail?: string): string {
	const verdict = {succeeded: 'OK', failed: 'FAILED', timed_out: 'TIMED OUT', cancelled: 'CANCELLED', skipped: 'SKIPPED'}[job.state as string] ?? job.state.toUpperCase();
	const head = `queue #${job.id} ${verdict} ${jobName(job, 24)}`;
	const bits: string[] = [];
	if (job.exitCode !== undefined) bits.push(`exit ${job.exitCode}`);
	else if (job.signal) bits.push(job.signal);
	const p = job.progress;
	const facts: string[] = [];
	if (p?.kind === 'pytest' && p.total) {
		const bad = p.counts.failed + p.counts.errors;
		facts.push(bad > 0 ? `${bad}/${p.total} failed` : `${p.counts.passed} passed`);
	} else if (p?.total) {
		facts.push(`${p.done ?? 0}/${p.total}${p.failedItems ? `, ${p.failedItems} failed` : ''}`);
	}
	if (job.attempt > 1) facts.push(`${job.attempt - 1} retr${job.attempt === 2 ? 'y' : 'ies'}`);
	if (job.startedAt && job.finishedAt) facts.push(formatDuration(job.finishedAt - (job.createdAt ?? job.startedAt)));
	let line = `${head} ${bits.join(' ')}${facts.length ? `: ${facts.join(', ')}` : ''}`.replace(/\s+:/, ':');
	if (job.state !== 'succeeded' && !p?.failures?.length && job.reason && job.exitCode === undefined) line += `; ${job.reason.split(';')[0]}`;
	const first = p?.failures?.[0]?.id;
	if (first && job.state !== 'succeeded') line += `; first ${first}`;
	if (detail) line += `; ${detail}`;
	else if (paths && job.state !== 'succeeded') line += `; log ${path.relative(paths.root, path.join(paths.logs, `${job.id}.log`))}`;
	line = ascii(line);
	return line.length > RESULT_MAX_BYTES ? line.slice(0, RESULT_MAX_BYTES - 3) + '...' : line;
}
