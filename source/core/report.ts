/**
 * A job's report: the markdown in `.queue/reports/<id>.md` and `queue-tui report <id>`.
 * Pure: the job, its attempts and its log tail come in; text comes out. Everything the job
 * printed (and its command and label) is untrusted and goes out sanitized, in code spans or
 * fences it cannot break (see report-md).
 *
 *   # queue #12 FAILED: pytest `QUAL-044`
 *   - command: `python3 -m pytest tests/` …
 *   ## Attempts (table) · ## Result (counts, flaky, failures + tracebacks) · ## Log tail
 */
import {formatDuration} from './duration.js';
import {jobName} from './job-name.js';
import {treeNote} from './job-where.js';
import type {Failure, Progress} from './parsers/types.js';
import {attemptsOf, attemptTook, failureById, finalProgress, merged, runningMs, triesOf, verdict, wallMs, type JobFacts, type ReportInput} from './report-facts.js';
import {cell, code, fence, table, when} from './report-md.js';
import {commandLine, type Job} from './types.js';

export {briefReport, BRIEF_MAX_BYTES} from './report-brief.js';
export {labelReport} from './report-label.js';
export type {ReportInput} from './report-facts.js';


const TAIL_LINES = 30;
const TRACEBACK_LINES = 5;
// Past this many failures the rest are listed one line each: a report stays readable.
const DETAILED_FAILURES = 50;

/** The full markdown report of one job. */
export function renderReport(input: ReportInput): string {
	const f: JobFacts = input;
	const {job} = input;
	const out: string[] = [`# queue #${job.id} ${verdict(job)}: ${titleName(job)}`, '', ...details(input), ''];
	out.push('## Attempts', '', attemptTable(f), '');
	out.push('## Result', '', ...(job.kind === 'pytest' ? pytestResult(f) : batchResult(f)), '');
	const tail = input.logTail.slice(-TAIL_LINES);
	while (tail.length > 0 && tail[tail.length - 1].trim() === '') tail.pop();
	out.push('## Log tail', '');
	if (tail.length === 0) out.push(`(no output in ${code(input.logPath)})`);
	else out.push(`Last ${tail.length} lines of ${code(input.logPath)}:`, '', fence(tail));
	return out.join('\n') + '\n';
}

function titleName(job: Job): string {
	const name = code(jobName({...job, label: undefined}, 40));
	return job.label ? `${name} ${code(job.label, 80)}` : name;
}

function details(input: ReportInput): string[] {
	const {job, now} = input;
	const lines = [`- command: ${code(commandLine(job), 2000)}`, `- cwd: ${code(job.cwd, 1000)}`];
	if (job.label) lines.push(`- label: ${code(job.label, 200)}`);
	lines.push(`- kind: ${job.kind}`);
	const first = attemptsOf(input)[0]?.startedAt ?? job.startedAt;
	lines.push(`- created: ${when(job.createdAt)}, started: ${when(first)}, finished: ${when(job.finishedAt)}`);
	const ran = runningMs(input);
	const wall = wallMs(input);
	if (ran !== undefined && wall !== undefined) {
		const queued = first !== undefined ? formatDuration(first - job.createdAt) : '';
		const tries = triesOf(input);
		// Retry backoff and a wait for a manual `retry` are not run time; the wall clock says how long it all took.
		const span = wall - ran >= 1000 ? `, ${formatDuration(wall)} from first start to ${job.finishedAt === undefined ? 'now' : 'end'}` : '';
		lines.push(`- duration: ${formatDuration(ran)} running${job.finishedAt === undefined ? ' so far' : ''} over ${tries} ${tries === 1 ? 'try' : 'tries'}${span} (queued ${queued} before)`);
	}
	if (job.reason) lines.push(`- reason: ${code(job.reason)}`);
	const tree = treeNote(job);
	if (tree) lines.push(`- tree: ${code(tree.long, 1000)}`);
	lines.push(`- log: ${code(input.logPath, 1000)}`);
	return lines;
}

function attemptTable(f: JobFacts): string {
	const list = attemptsOf(f);
	if (list.length === 0) return '(not started)';
	const rows = list.map((a) => [
		String(a.seq),
		a.state,
		a.exitCode !== undefined ? String(a.exitCode) : a.signal ? cell(code(a.signal, 20)) : '-',
		a.reason ? cell(code(a.reason, 200)) : '-',
		attemptTook(a, f.now),
		a.counts ? 'yes' : `no (${a.state === 'interrupted' ? 'interrupted' : 'not counted'})`,
		cell(attemptResult(a.progress)),
	]);
	return table(['#', 'state', 'exit', 'reason', 'took', 'counted', 'result'], rows);
}

function attemptResult(p: Progress | undefined): string {
	if (!p) return '-';
	if (p.summaryLine) return code(p.summaryLine, 120);
	if (p.total) return `${p.done ?? 0}/${p.total}${p.note ? ` ${code(p.note, 80)}` : ''}`;
	return p.note ? code(p.note, 80) : '-';
}

function pytestResult(f: JobFacts): string[] {
	const p = finalProgress(f);
	if (!p) return ['No test output was parsed.'];
	const out: string[] = [];
	if (p.summaryLine) out.push(`Last run: ${code(p.summaryLine)}`, '');
	const counts = Object.entries(p.counts).filter(([, n]) => n > 0).map(([k, n]) => `${k} ${n}`);
	out.push(`- counts (last run): ${counts.length > 0 ? counts.join(', ') : 'none'}`);
	if (p.total !== undefined && p.summaryLine === undefined) out.push(`- progress: ${p.done ?? 0}/${p.total} tests run`);
	const m = merged(f);
	if (m.text.includes('→')) out.push(`- across attempts: ${m.text}`);
	if (p.note) out.push(`- note: ${code(p.note)}`);
	if (m.flaky.length > 0) {
		out.push('', `### Flaky (${m.flaky.length}): failed, then passed on a retry`, '', ...m.flaky.map((id) => `- ${code(id, 500)}`));
	}
	out.push(...failureSection('Failing', p.failures));
	const notRerun = m.notRerun.map((id) => failureById(f, id) ?? {id, reason: ''});
	out.push(...failureSection('Failed earlier, not re-run since', notRerun));
	return out;
}

function failureSection(title: string, failures: Failure[]): string[] {
	if (failures.length === 0) return [];
	const out = ['', `### ${title} (${failures.length})`];
	failures.forEach((x, i) => {
		const what = x.outcome === 'error' ? ' (error)' : '';
		if (i >= DETAILED_FAILURES) {
			out.push(`- ${code(x.id, 500)}${what}: ${code(x.reason)}`);
			return;
		}
		out.push('', `#### ${code(x.id, 500)}${what}`, '', `reason: ${code(x.reason)}`);
		const tb = (x.traceback ?? []).slice(0, TRACEBACK_LINES);
		if (tb.length > 0) out.push('', fence(tb));
	});
	return out;
}

function batchResult(f: JobFacts): string[] {
	const p = finalProgress(f);
	if (!p) return ['No progress was parsed from the output.'];
	const out: string[] = [];
	if (p.total !== undefined) out.push(`- processed: ${p.done ?? 0}/${p.total}${p.percent !== undefined ? ` (${Math.floor(p.percent)}%)` : ''}`);
	else if (p.done !== undefined) out.push(`- processed: ${p.done}`);
	if (p.succeeded !== undefined) out.push(`- succeeded items: ${p.succeeded}`);
	if (p.failedItems !== undefined) out.push(`- failed items: ${p.failedItems}`);
	if (p.summaryLine) out.push(`- summary: ${code(p.summaryLine)}`);
	if (p.note) out.push(`- note: ${code(p.note)}`);
	if (p.current && f.job.finishedAt === undefined) out.push(`- current: ${code(p.current)}`);
	if (out.length === 0) out.push('No progress was parsed from the output.');
	if (p.failures.length > 0) {
		out.push('', `### Failed items (${p.failures.length})`, '', ...p.failures.map((x) => `- ${code(x.id, 500)}${x.reason ? `: ${code(x.reason)}` : ''}`));
	}
	return out;
}
