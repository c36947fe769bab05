/**
 * Where a flow is, derived from its jobs alone (pure): a flow has no life of its own beyond them,
 * so whatever recovers a job (a new runner after kill -9, a reboot) moves its flow along too.
 */
import {exitCodeFor} from '../transitions.js';
import {isFinal, type Job} from '../types.js';
import type {FlowRow, PlanEntry} from './flow-store.js';

export type FlowState = 'queued' | 'running' | 'succeeded' | 'failed' | 'cancelled';

export interface PlannedJob {
	entry: PlanEntry;
	/** undefined when the job was deleted. */
	job?: Job;
}

export interface FlowOutcome {
	state: FlowState;
	ended: boolean;
	/** The step (or check) running now, or the next one to run; `index` counts from 1 within its role. */
	current?: PlannedJob & {index: number; of: number};
	/** The first step of the main line (not an if-failed diagnostics step) that did not succeed. */
	failedStep?: PlannedJob;
	failedChecks: PlannedJob[];
	steps: number;
	checks: number;
	/** When its last job ended (once ended). */
	endedAt?: number;
}

const jobState = (p: PlannedJob) => p.job?.state ?? 'cancelled';

/** The flow's plan joined with its jobs, in plan order. */
export function plannedJobs(flow: Pick<FlowRow, 'plan'>, jobs: Map<number, Job>): PlannedJob[] {
	return flow.plan.map(entry => ({entry, job: jobs.get(entry.jobId)}));
}

/**
 * A flow succeeds only when every step it had to run succeeded and every check passed. A
 * diagnostics step (`if-failed`) is never required: it runs only once something has failed.
 */
export function flowOutcome(flow: Pick<FlowRow, 'plan' | 'cancelRequested'>, jobs: Map<number, Job>): FlowOutcome {
	const all = plannedJobs(flow, jobs);
	const steps = all.filter(p => p.entry.role === 'step');
	const checks = all.filter(p => p.entry.role === 'check');
	const ended = all.every(p => isFinal(jobState(p)));
	const failedStep = steps.find(p => p.entry.when !== 'if-failed' && jobState(p) !== 'succeeded');
	const failedChecks = checks.filter(p => jobState(p) !== 'succeeded');
	const live = all.find(p => jobState(p) === 'running') ?? all.find(p => !isFinal(jobState(p)));
	const current = live && {...live, index: (live.entry.role === 'step' ? steps : checks).indexOf(live) + 1, of: live.entry.role === 'step' ? steps.length : checks.length};
	let state: FlowState;
	if (!ended) state = all.some(p => p.job?.startedAt !== undefined || isFinal(jobState(p))) ? 'running' : 'queued';
	else if (flow.cancelRequested) state = 'cancelled';
	else state = failedStep || failedChecks.length > 0 ? 'failed' : 'succeeded';
	const endedAt = ended ? Math.max(0, ...all.map(p => p.job?.finishedAt ?? 0)) || undefined : undefined;
	return {state, ended, current, failedStep, failedChecks, steps: steps.length, checks: checks.length, endedAt};
}

/** The exit code `flow run --wait` and `wait fN` give: the failed step's own, 1 for a failed check, 130 when cancelled. */
export function flowExitCode(o: FlowOutcome): number {
	if (o.state === 'succeeded') return 0;
	if (o.state === 'cancelled') return 130;
	if (o.failedStep?.job) return exitCodeFor(o.failedStep.job);
	return 1;
}

/**
 * Retry: the jobs to run again — from the first main-line step that did not succeed to the end,
 * every check included (only the checks when every step succeeded). Empty when nothing failed.
 */
export function retryFrom(flow: Pick<FlowRow, 'plan' | 'cancelRequested'>, jobs: Map<number, Job>): PlanEntry[] {
	const all = plannedJobs(flow, jobs);
	const o = flowOutcome(flow, jobs);
	if (!o.ended || o.state === 'succeeded') return [];
	const from = o.failedStep ? all.findIndex(p => p.entry.jobId === o.failedStep!.entry.jobId) : all.findIndex(p => p.entry.role === 'check');
	return all.slice(from).map(p => p.entry);
}
