/**
 * `/flow/f<N>`: one flow's page. Where it stands, each step and check with its state, how long it
 * took and its result, the running step's live bar, and the last output of what failed (the failing
 * check says why in its own words). Built from the same facts as `/api/flows/f<N>` (flowJson).
 */
import {formatDuration} from '../core/duration.js';
import {flowJson, type FlowJson} from '../core/flows/flow-json.js';
import type {FlowView} from '../core/flows/queue-flow.js';
import {logPath} from '../core/home.js';
import {elapsedText} from '../core/job-view.js';
import {tailLines} from '../core/log-reader.js';
import {endedFlowKey, STATE_WORDS} from './flow-block.js';
import {seg, t} from './html.js';
import {jobBar} from './job-bar.js';
import {sidebar, type View, type ViewContext} from './pages.js';

/** How many of a failed step's or check's last lines the page shows. */
const FAILED_LINES = 30;

type Step = FlowJson['steps'][number];

function stepRow(v: FlowView, s: Step, now: number): string {
	const job = v.jobs.get(s.job);
	const took = job ? elapsedText(job, now) + (job.state === 'running' ? ' so far' : '') : '';
	const when = s.when === 'if-failed' ? ' <span class="muted">if failed</span>' : '';
	return `<tr class="step ${t(s.state)}"><td>${s.role}</td><td><a href="/job/${s.job}">${t(s.name)}</a>${when}</td><td class="state">${t(STATE_WORDS[s.state] ?? s.state.toUpperCase())}</td><td>${t(took) || '-'}</td><td>${t(s.result ?? '')}</td></tr>`;
}

/** The last lines of each failed step or check, the failing check first (it says what is wrong). */
function failedOutput(c: ViewContext, f: FlowJson): string {
	const failed = f.steps.filter(s => s.state === 'failed' || s.state === 'timed_out').sort((a, b) => (a.role === b.role ? 0 : a.role === 'check' ? -1 : 1));
	return failed.map(s => {
		const lines = tailLines(logPath(c.paths, s.job), FAILED_LINES).join('\n');
		return `<section class="failed-output"><h2>${s.role} ${t(s.name)}: last output <a class="muted" href="/job/${s.job}">#${s.job}</a></h2><pre class="log">${t(lines) || '<span class="muted">(no output)</span>'}</pre></section>`;
	}).join('\n');
}

function flowMain(c: ViewContext, v: FlowView): string {
	const f = flowJson(c.paths, v);
	const cur = f.current;
	const running = cur ? v.jobs.get(cur.job) : undefined;
	const end = v.flow.finishedAt ?? v.outcome.endedAt;
	const took = formatDuration((f.ended && end ? end : c.now) - v.flow.createdAt) + (f.ended ? '' : ' so far');
	const vars = Object.entries(v.flow.vars).map(([k, val]) => `${t(k)}=${t(val)}`).join(' ');
	const where = cur ? `${cur.role} ${cur.index}/${cur.of} ${cur.name}` : '';
	return `<section><h2><span class="state ${f.state}">${t(STATE_WORDS[f.state])}</span> flow ${t(f.flow)} ${t(f.workflow)}</h2>
<p class="result">${t(f.ended ? f.line : where || f.state)}</p>
${running?.state === 'running' ? jobBar(running, c.now) : ''}
<dl><dt>workflow</dt><dd>${t(f.workflow)}</dd>${f.label === null ? '' : `<dt>label</dt><dd><a href="/tracker/${seg(f.label)}">${t(f.label)}</a></dd>`}${vars ? `<dt>vars</dt><dd><code>${vars}</code></dd>` : ''}<dt>queued</dt><dd>${t(new Date(v.flow.createdAt).toISOString().replace('T', ' ').slice(0, 19))} UTC</dd><dt>took</dt><dd>${t(took)}</dd></dl></section>
<section><h2>Steps and checks</h2><div class="scroll"><table class="flow-steps"><thead><tr><th></th><th>name</th><th>state</th><th>took</th><th>result</th></tr></thead><tbody>${f.steps.map(s => stepRow(v, s, c.now)).join('')}</tbody></table></div></section>
${failedOutput(c, f)}`;
}

/** The flow's view; what an ended flow shows is read once (FinalMemo). */
export function flowPage(c: ViewContext, v: FlowView): View {
	const key = endedFlowKey(v);
	const main = c.memo ? c.memo.get(key && `page:${key}`, () => flowMain(c, v)) : flowMain(c, v);
	return {title: `flow f${v.flow.id}`, sidebar: sidebar(c, v.flow.label ?? null), main};
}
