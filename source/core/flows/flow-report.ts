import {formatDuration} from '../duration.js';
import {cell, code, fence, table, when} from '../report-md.js';
import {commandLine, type Job} from '../types.js';
import {flowTitle, stepDetail} from './flow-line.js';
import type {FlowView} from './queue-flow.js';
import type {PlannedJob} from './flow-state.js';
import {plannedJobs} from './flow-state.js';

/** What the flow report reads beside the database: each job's last lines of output. */
export interface FlowReportInput {
	view: FlowView;
	line: string;
	tail: (job: Job, lines: number) => string[];
	now: number;
}

const took = (job: Job | undefined, now: number) => (job?.startedAt ? formatDuration((job.finishedAt ?? now) - job.startedAt) : '-');

function row(p: PlannedJob, now: number): string[] {
	const j = p.job;
	return [
		cell(code(p.entry.name)), p.entry.role === 'step' ? p.entry.when : 'check', j ? `#${j.id}` : '-', j?.state ?? 'deleted',
		cell(code(j && j.state !== 'succeeded' ? stepDetail(p) : '')), took(j, now), cell(code(j ? commandLine(j) : '')),
	];
}

/** `queue-tui report f12` and `.queue/reports/f12.md`: the flow, each step and check, and the output of what failed. */
export function renderFlowReport({view, line, tail, now}: FlowReportInput): string {
	const {flow, outcome} = view;
	const all = plannedJobs(flow, view.jobs);
	const out = [
		`# flow ${flowTitle(flow)}: ${outcome.state}`,
		'',
		code(line, 400),
		'',
		`- workflow: ${code(flow.name)}${flow.label ? `, label ${code(flow.label)}` : ''}`,
		`- variables: ${Object.entries(flow.vars).map(([k, v]) => code(`${k}=${v}`)).join(', ') || '(none)'}`,
		`- started ${when(flow.createdAt)}${flow.finishedAt ? `, ended ${when(flow.finishedAt)} (${formatDuration(flow.finishedAt - flow.createdAt)})` : ''}`,
		'',
		table(['step', 'when', 'job', 'state', 'result', 'time', 'command'], all.map(p => row(p, now))),
	];
	const bad = [...(outcome.failedStep ? [outcome.failedStep] : []), ...outcome.failedChecks].filter(p => p.job && p.job.state !== 'skipped');
	for (const p of bad) {
		out.push('', `## ${p.entry.role} ${p.entry.name} (#${p.job!.id}): ${stepDetail(p)}`, '', fence(tail(p.job!, 20)), '', `Full report: \`queue-tui report ${p.job!.id}\``);
	}
	return out.join('\n') + '\n';
}
