import {UsageError} from '../../core/errors.js';
import {attemptText, elapsedText, progressText} from '../../core/job-view.js';
import {listJobJson} from '../../core/list-json.js';
import {jobTitle} from '../../core/job-name.js';
import {whereText} from '../../core/job-where.js';
import {ascii} from '../../core/text.js';
import {commandLine, type JobState} from '../../core/types.js';
import {existingQueueFrom, print} from '../context.js';
import {flowViews, groupFlows} from '../flow-rows.js';
import type {Parsed} from '../flags.js';

const STATES: JobState[] = ['queued', 'running', 'succeeded', 'failed', 'cancelled', 'timed_out', 'skipped', 'interrupted'];

/** `queue-tui list`: the jobs in queue order, as a table or JSON. */
export async function run(p: Parsed): Promise<number> {
	const state = p.flags.state as JobState | undefined;
	if (state !== undefined && !STATES.includes(state)) throw new UsageError(`--state must be one of ${STATES.join(', ')}`);
	if (p.flags.ids && p.flags.json) throw new UsageError('list takes --ids or --json, not both');
	const q = existingQueueFrom(p);
	const jobs = q ? q.store.jobs({states: state ? [state] : undefined, label: p.flags.label as string | undefined, last: p.flags.all ? undefined : 50}) : [];
	const flows = q ? flowViews(q.store, jobs) : new Map();
	q?.store.close();
	if (p.flags.ids) {
		for (const j of jobs) print(String(j.id));
		return 0;
	}
	if (p.flags.json) {
		print(JSON.stringify(jobs.map(listJobJson)));
		return 0;
	}
	if (jobs.length === 0) {
		print('no jobs');
		return 0;
	}
	const now = Date.now();
	const rows = jobs.map(j => [`#${j.id}`, j.state, attemptText(j), j.flowStep ?? jobTitle(j), progressText(j), elapsedText(j, now), whereText(j), commandLine(j)]);
	// A flow's jobs are grouped under one row for the flow (`f3`), indented.
	groupFlows(rows, jobs, flows, now);
	const head = ['ID', 'STATE', 'TRY', 'NAME', 'PROGRESS', 'TIME', 'WHERE', 'COMMAND'];
	const widths = head.map((h, i) => Math.max(h.length, ...rows.map(r => r[i].length)));
	const fmt = (r: string[]) => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]))).join('  ');
	print(fmt(head));
	for (const r of rows) print(ascii(fmt(r)).slice(0, 400));
	return 0;
}
