/**
 * A flow on the dashboard: one block (workflow, label, state, the step it is on with its live bar,
 * then each step and check with its result), built from the same facts as `/api/flows`.
 */
import {flowJson, type FlowJson} from '../core/flows/flow-json.js';
import type {FlowView} from '../core/flows/queue-flow.js';
import type {QueuePaths} from '../core/home.js';
import {seg, t} from './html.js';
import {jobBar} from './job-bar.js';

export const STATE_WORDS: Record<string, string> = {succeeded: 'OK', failed: 'FAILED', cancelled: 'CANCELLED', running: 'RUNNING', queued: 'QUEUED'};

function stepItem(s: FlowJson['steps'][number]): string {
	const role = s.role === 'check' ? ' <span class="muted">check</span>' : s.when === 'if-failed' ? ' <span class="muted">if failed</span>' : '';
	const result = s.result ? ` <span class="muted">${t(s.result)}</span>` : '';
	return `<li class="step ${t(s.state)}"><span class="state">${t(STATE_WORDS[s.state] ?? s.state.toUpperCase())}</span> <a href="/job/${s.job}">${t(s.name)}</a>${role}${result}</li>`;
}

/** The block of one flow; `now` for the running step's bar. */
export function flowBlock(paths: QueuePaths, v: FlowView, now: number): string {
	const f = flowJson(paths, v);
	const c = f.current;
	const where = c ? `${c.role} ${c.index}/${c.of} ${c.name}` : '';
	const running = c ? v.jobs.get(c.job) : undefined;
	const label = f.label === null ? '' : ` <a href="/tracker/${seg(f.label)}">${t(f.label)}</a>`;
	return `<li class="flow ${f.state}" data-flow="${t(f.flow)}"><div class="head"><span><span class="state">${t(STATE_WORDS[f.state])}</span> <a href="/flow/${t(f.flow)}">flow ${t(f.flow)} ${t(f.workflow)}</a>${label}</span><span class="try">${t(where)}</span></div>
${running?.state === 'running' ? jobBar(running, now) : ''}
<ol class="steps">${f.steps.map(stepItem).join('')}</ol>
${f.ended ? `<div class="result">${t(f.line)}</div>` : ''}</li>`;
}

/** The memo key of an ended flow's block (undefined while it runs: rendered afresh). */
export const endedFlowKey = (v: FlowView): string | undefined =>
	v.flow.finishedAt === undefined ? undefined : `flow:${v.flow.id}:${v.flow.finishedAt}`;
