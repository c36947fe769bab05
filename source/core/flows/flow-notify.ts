/**
 * A flow's end as one notification (pure). Its steps' own ends are not notified: a flow of four
 * steps that fails at the third sends one message, naming that step and the last line it printed.
 */
import type {FlowNotice, NotifyEvent} from '../notify/types.js';
import type {Job} from '../types.js';
import {flowRef, flowTitle, stepDetail} from './flow-line.js';
import type {FlowView} from './queue-flow.js';

export interface FlowEventFacts {
	/** The flow's one result line. */
	line: string;
	/** The last line a job printed. */
	lastLine: (job: Job) => string;
	reportPath: string;
	cwd: string;
	now: number;
}

/** The flow's state as a notification says it: a flow that ended neither succeeded nor was cancelled failed. */
function flowState(v: FlowView): FlowNotice['state'] {
	return v.outcome.state === 'succeeded' || v.outcome.state === 'cancelled' ? v.outcome.state : 'failed';
}

/** The flow as notifiers carry it. */
export function flowNotice(v: FlowView, lastLine: (job: Job) => string): FlowNotice {
	const {flow, outcome} = v;
	const culprit = outcome.failedStep ?? outcome.failedChecks[0];
	const notice: FlowNotice = {
		id: flowRef(flow.id), name: flow.name, label: flow.label, state: flowState(v),
		jobs: flow.plan.map(e => ({name: e.name, role: e.role, jobId: e.jobId, state: v.jobs.get(e.jobId)?.state ?? 'deleted'})),
	};
	if (culprit && notice.state === 'failed') {
		const {entry, job} = culprit;
		notice.failed = {role: entry.role, name: entry.name, jobId: entry.jobId, detail: stepDetail(culprit), lastLine: job ? lastLine(job) : ''};
	}
	return notice;
}

/** The notify event for a flow that ended; its job id is the job that decided the outcome (else the last one). */
export function flowNotifyEvent(v: FlowView, facts: FlowEventFacts): NotifyEvent {
	const flow = flowNotice(v, facts.lastLine);
	const jobId = flow.failed?.jobId ?? v.flow.plan.at(-1)?.jobId ?? 0;
	const job = v.jobs.get(jobId);
	return {
		jobId, label: v.flow.label, kind: 'flow', command: `flow run ${flowTitle(v.flow)}`, state: flow.state,
		exitCode: flow.failed ? job?.exitCode ?? null : null, signal: flow.failed ? job?.signal ?? null : null, attempts: 1,
		durationMs: (v.flow.finishedAt ?? facts.now) - v.flow.createdAt,
		line: facts.line, reportPath: facts.reportPath, cwd: facts.cwd, flow,
	};
}
