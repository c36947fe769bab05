import {UsageError} from '../../core/errors.js';
import {attemptText, elapsedText, progressText} from '../../core/job-view.js';
import {listJobJson} from '../../core/list-json.js';
import {jobTitle} from '../../core/job-name.js';
import {whereText} from '../../core/job-where.js';
import type {JobFilter} from '../../core/store-query.js';
import {ascii} from '../../core/text.js';
import {commandLine, type Job, type JobState} from '../../core/types.js';
import {existingQueueFrom, print} from '../context.js';
import type {Parsed} from '../flags.js';
import {writeOut} from '../stdout.js';

const STATES: JobState[] = ['queued', 'running', 'succeeded', 'failed', 'cancelled', 'timed_out', 'skipped', 'interrupted'];

/** Output is written in chunks of about this size: one write per job would cost a syscall each. */
const CHUNK = 64 * 1024;

/** `queue-tui list`: the jobs in queue order, as a table or JSON. */
export async function run(p: Parsed): Promise<number> {
	const state = p.flags.state as JobState | undefined;
	if (state !== undefined && !STATES.includes(state)) throw new UsageError(`--state must be one of ${STATES.join(', ')}`);
	if (p.flags.ids && p.flags.json) throw new UsageError('list takes --ids or --json, not both');
	const q = existingQueueFrom(p);
	const filter: JobFilter = {states: state ? [state] : undefined, label: p.flags.label as string | undefined, last: p.flags.all ? undefined : 50};
	if (p.flags.ids || p.flags.json) {
		// Streamed a row at a time: `list --all --json` on a long history costs what it prints, never all of it in memory.
		const jobs = q ? q.store.eachJob(filter) : [];
		try {
			writeChunked(p.flags.ids ? idLines(jobs) : jsonArray(jobs));
		} finally {
			q?.store.close();
		}
		return 0;
	}
	const jobs = q ? q.store.jobs(filter) : [];
	// A flow's jobs are grouped under one row for the flow (`f3`), indented; the flows' module loads only then.
	const rowsOf = jobs.some(j => j.flowId !== undefined) ? await import('../flow-rows.js') : undefined;
	const flows = q && rowsOf ? rowsOf.flowViews(q.store, jobs) : new Map();
	q?.store.close();
	if (jobs.length === 0) {
		print('no jobs');
		return 0;
	}
	const now = Date.now();
	const rows = jobs.map(j => [`#${j.id}`, j.state, attemptText(j), j.flowStep ?? jobTitle(j), progressText(j), elapsedText(j, now), whereText(j), commandLine(j)]);
	rowsOf?.groupFlows(rows, jobs, flows, now);
	const head = ['ID', 'STATE', 'TRY', 'NAME', 'PROGRESS', 'TIME', 'WHERE', 'COMMAND'];
	const widths = head.map((h, i) => Math.max(h.length, ...rows.map(r => r[i].length)));
	const fmt = (r: string[]) => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]))).join('  ');
	print(fmt(head));
	for (const r of rows) print(ascii(fmt(r)).slice(0, 400));
	return 0;
}

function* idLines(jobs: Iterable<Job>): Generator<string> {
	for (const j of jobs) yield `${j.id}\n`;
}

/** The same text as JSON.stringify(jobs.map(listJobJson)), a job at a time. */
function* jsonArray(jobs: Iterable<Job>): Generator<string> {
	let sep = '[';
	for (const j of jobs) {
		yield sep + JSON.stringify(listJobJson(j));
		sep = ',';
	}
	yield sep === '[' ? '[]\n' : ']\n';
}

function writeChunked(pieces: Iterable<string>): void {
	let buf = '';
	for (const piece of pieces) {
		buf += piece;
		if (buf.length >= CHUNK) {
			writeOut(buf);
			buf = '';
		}
	}
	if (buf) writeOut(buf);
}
