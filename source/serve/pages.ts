/**
 * The dashboard's views, server-rendered: each returns its live regions (sidebar, main) so a page
 * load and an SSE refresh use the same code. Text from jobs goes through `t` (html.ts).
 */
import {formatDuration} from '../core/duration.js';
import {flowViews, type FlowView} from '../core/flows/queue-flow.js';
import type {QueuePaths} from '../core/home.js';
import {logPath} from '../core/home.js';
import {jobName} from '../core/job-name.js';
import {attemptText, elapsedText, progressText} from '../core/job-view.js';
import {tailLines} from '../core/log-reader.js';
import {attemptsOf, finalProgress, merged, verdict} from '../core/report-facts.js';
import {factsOf, resultLine} from '../core/result-line.js';
import type {Store} from '../core/store.js';
import {commandLine, isFinal, type Job} from '../core/types.js';
import {endedJobKey, type FinalMemo} from './final-memo.js';
import {endedFlowKey, flowBlock} from './flow-block.js';
import {bar, seg, t} from './html.js';
import {jobBar} from './job-bar.js';
import {labelJobs, labelRows, labelState} from './reads.js';

export interface ViewContext {
	store: Store;
	paths: QueuePaths;
	now: number;
	/** Set when actions are on: the form token for retry/cancel buttons. */
	csrf?: string;
	/** The server's memo of ended jobs' lines (none: every render reads them afresh). */
	memo?: FinalMemo;
}

export interface View {
	title: string;
	sidebar: string;
	main: string;
}

const LOG_LINES = 200;

export function sidebar(c: ViewContext, current?: string | null): string {
	const rows = labelRows(c.store).map(r => {
		const state = labelState(r.counts);
		const bad = (r.counts.failed ?? 0) + (r.counts.timed_out ?? 0);
		const href = r.label === null ? '/unlabelled' : `/tracker/${seg(r.label)}`;
		const name = r.label === null ? '<em>unlabelled</em>' : t(r.label);
		const here = current !== undefined && current === r.label ? ' aria-current="page"' : '';
		const detail = [countWords(r.jobs, r.flows), r.counts.running ? `${r.counts.running} running` : '', bad ? `${bad} failed` : ''].filter(Boolean).join(' · ');
		return `<li><a href="${href}"${here}><span class="dot ${state}" title="${state}"></span><span class="name">${name}</span><span class="counts">${t(detail)}</span></a></li>`;
	});
	return `<h2>Trackers</h2><ul class="labels">${rows.join('') || '<li class="muted">no jobs yet</li>'}</ul>`;
}

/** `3 jobs · 1 flow` (a flow's steps are not counted as jobs). */
function countWords(jobs: number, flows: number): string {
	const flowWords = flows ? `${flows} flow${flows === 1 ? '' : 's'}` : '';
	return [jobs || !flows ? `${jobs} job${jobs === 1 ? '' : 's'}` : '', flowWords].filter(Boolean).join(' · ');
}

function runningCard(job: Job, now: number): string {
	return `<li class="job running"><div class="head"><a href="/job/${job.id}">#${job.id} ${t(jobName(job, 40))}</a><span class="try">try ${attemptText(job)}</span></div>
${jobBar(job, now)}</li>`;
}

/** An ended job's part of a page, read once (see FinalMemo). */
const once = (c: ViewContext, key: string | undefined, make: () => string) => (c.memo ? c.memo.get(key, make) : make());

function jobLine(c: ViewContext, job: Job): string {
	return once(c, endedJobKey(job, 'line'), () => {
		const line = isFinal(job.state) ? resultLine(factsOf(c.store, job, c.now)) : `#${job.id} ${job.state} ${jobName(job, 40)}`;
		return `<li class="job ${job.state}"><a href="/job/${job.id}"><span class="state">${t(verdict(job))}</span> ${t(line)}</a></li>`;
	});
}

/** `/`: running jobs and flows with bars, then queued, then recent results; a flow is one block. */
export function homeView(c: ViewContext): View {
	const running = c.store.jobs({states: ['running']});
	const queued = c.store.jobs({states: ['queued', 'interrupted'], limit: 50});
	const recent = c.store.recentFinished(20);
	const flows = flowViews(c.store, [...running, ...queued, ...recent]);
	const shown = new Set<number>();
	// A flow between two steps has no running job but is running: it sits with the running.
	const live = [...grouped(running, flows, shown), ...grouped(queued.filter(j => j.flowId !== undefined), flows, shown, v => v.outcome.state === 'running')];
	const waiting = grouped(queued, flows, shown);
	const done = grouped(recent, flows, shown);
	const paused = c.store.meta('paused') === '1';
	const item = (x: Job | FlowView) => ('flow' in x ? flowItem(c, x) : x.state === 'running' ? runningCard(x, c.now) : jobLine(c, x));
	const main = `<section><h2>Running (${live.length})${paused ? ' <span class="badge">paused</span>' : ''}</h2>
<ul class="jobs">${live.map(item).join('') || '<li class="muted">nothing running</li>'}</ul></section>
<section><h2>Queued (${waiting.length})</h2><ul class="jobs">${waiting.map(item).join('') || '<li class="muted">nothing queued</li>'}</ul></section>
<section><h2>Recent results</h2><ul class="jobs">${done.map(item).join('') || '<li class="muted">no results yet</li>'}</ul></section>`;
	return {title: 'queue', sidebar: sidebar(c), main};
}

/**
 * These jobs in their order, each flow's jobs replaced by the flow (once, where its first job
 * is), skipping flows already `shown` and those `keep` refuses.
 */
function grouped(jobs: Job[], flows: Map<number, FlowView>, shown: Set<number>, keep: (v: FlowView) => boolean = () => true): Array<Job | FlowView> {
	const out: Array<Job | FlowView> = [];
	for (const job of jobs) {
		const v = job.flowId === undefined ? undefined : flows.get(job.flowId);
		if (!v) out.push(job);
		else if (!shown.has(v.flow.id) && keep(v)) {
			shown.add(v.flow.id);
			out.push(v);
		}
	}
	return out;
}

const flowItem = (c: ViewContext, v: FlowView) => once(c, endedFlowKey(v), () => flowBlock(c.paths, v, c.now));

/** `/tracker/<label>` (null: unlabelled jobs): newest first, with result lines and failed tests; flows as blocks. */
export function trackerView(c: ViewContext, label: string | null): View {
	const jobs = labelJobs(c.store, label);
	const shown = grouped(jobs, flowViews(c.store, jobs), new Set());
	const flows = shown.filter(x => 'flow' in x).length;
	const items = shown.map(x => {
		if ('flow' in x) return flowItem(c, x);
		return (x.state === 'running' ? runningCard(x, c.now) : jobLine(c, x)) + failureList(c, x);
	});
	const name = label === null ? 'unlabelled jobs' : label;
	// The whole history's count (the sidebar's), not the page's: the page shows the newest 100.
	const all = labelRows(c.store).find(r => r.label === label) ?? {jobs: shown.length - flows, flows};
	const more = all.jobs + all.flows > shown.length ? `, the newest ${shown.length} shown` : '';
	const main = `<section><h2>${t(name)} <span class="muted">(${countWords(all.jobs, all.flows)}, newest first${more})</span></h2>
<ul class="jobs">${items.join('') || '<li class="muted">no jobs</li>'}</ul></section>`;
	return {title: name, sidebar: sidebar(c, label), main};
}

/** A job's failed tests or items under its line (the first ten). */
function failureList(c: ViewContext, job: Job): string {
	return once(c, endedJobKey(job, 'failures'), () => {
		const failures = finalProgress(factsOf(c.store, job, c.now))?.failures ?? [];
		const list = failures.slice(0, 10).map(f => `<li><code>${t(f.id)}</code>${f.reason ? ` — ${t(f.reason)}` : ''}</li>`).join('');
		const more = failures.length > 10 ? `<li class="muted">and ${failures.length - 10} more</li>` : '';
		return list ? `<li class="failures"><ul>${list}${more}</ul></li>` : '';
	});
}

/** `/job/<id>`: the report (attempts, failures with tracebacks, failed items) and the log tail. */
export function jobView(c: ViewContext, job: Job): View {
	const facts = factsOf(c.store, job, c.now);
	const attempts = attemptsOf(facts).map(a => `<tr><td>${a.seq}</td><td>${t(a.state)}</td><td>${a.exitCode ?? t(a.signal ?? '-')}</td><td>${t(a.reason ?? '')}</td><td>${a.finishedAt ? formatDuration(a.finishedAt - a.startedAt) : a.state === 'running' ? `${formatDuration(c.now - a.startedAt)} so far` : '-'}</td><td>${t(a.progress?.summaryLine ?? progressText({...job, progress: a.progress}))}</td></tr>`);
	const p = finalProgress(facts);
	const m = merged(facts);
	const failures = (p?.failures ?? []).map(f => `<details open><summary><code>${t(f.id)}</code>${f.outcome === 'error' ? ' (error)' : ''}</summary><p>${t(f.reason)}</p>${f.traceback?.length ? `<pre>${t(f.traceback.join('\n'))}</pre>` : ''}</details>`);
	const kindWord = job.kind === 'pytest' ? 'Failing tests' : 'Failed items';
	const actions = c.csrf === undefined ? '' : actionButtons(job, c.csrf);
	const main = `<section><h2>#${job.id} <span class="state ${job.state}">${t(verdict(job))}</span> ${t(jobName(job, 60))}</h2>
<p class="result">${t(isFinal(job.state) ? resultLine(facts, c.paths) : progressText(job) || job.state)}</p>
${job.state === 'running' ? bar(p?.percent, progressText(job)) : ''}
<dl><dt>command</dt><dd><code>${t(commandLine(job))}</code></dd><dt>cwd</dt><dd><code>${t(job.cwd)}</code></dd>${job.label ? `<dt>label</dt><dd><a href="/tracker/${seg(job.label)}">${t(job.label)}</a></dd>` : ''}${job.flowId === undefined ? '' : `<dt>flow</dt><dd><a href="/flow/f${job.flowId}">f${job.flowId}</a> ${t(job.flowStep)}</dd>`}<dt>attempts</dt><dd>${attemptText(job)}</dd>${Object.keys(job.env).length ? `<dt>env</dt><dd>${t(Object.keys(job.env).join(', '))} <span class="muted">(values not shown)</span></dd>` : ''}</dl>
${actions}</section>
<section><h2>Attempts</h2><div class="scroll"><table><thead><tr><th>#</th><th>state</th><th>exit</th><th>reason</th><th>took</th><th>result</th></tr></thead><tbody>${attempts.join('') || '<tr><td colspan="6" class="muted">not started</td></tr>'}</tbody></table></div></section>
${m.flaky.length ? `<section><h2>Flaky (${m.flaky.length})</h2><ul>${m.flaky.map(id => `<li><code>${t(id)}</code></li>`).join('')}</ul></section>` : ''}
${failures.length ? `<section><h2>${kindWord} (${failures.length})</h2>${failures.join('')}</section>` : ''}
<section><h2>Log tail</h2><pre id="log" class="log">${logTail(c, job.id)}</pre></section>`;
	return {title: `#${job.id}`, sidebar: sidebar(c, job.label ?? null), main};
}

export function logTail(c: ViewContext, id: number): string {
	return t(tailLines(logPath(c.paths, id), LOG_LINES).join('\n')) || '<span class="muted">(no output yet)</span>';
}

function actionButtons(job: Job, csrf: string): string {
	const form = (what: string, label: string) => `<form method="post" action="/job/${job.id}/${what}"><input type="hidden" name="csrf" value="${t(csrf)}"><button type="submit">${label}</button></form>`;
	const canRetry = ['failed', 'cancelled', 'timed_out', 'skipped'].includes(job.state);
	const canCancel = job.state === 'queued' || job.state === 'running';
	return `<div class="actions">${canRetry ? form('retry', 'Retry') : ''}${canCancel ? form('cancel', 'Cancel') : ''}</div>`;
}
