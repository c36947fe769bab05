import path from 'node:path';
import type {DepCond} from '../deps.js';
import {UsageError} from '../errors.js';
import {logPath, type QueuePaths} from '../home.js';
import {requeuePatch} from '../job-patch.js';
import {tailLines} from '../log-reader.js';
import {cancelJobs, change, type Queue} from '../queue.js';
import {placementColumns} from '../store-rows.js';
import {isFinal, type Job} from '../types.js';
import {previousMain, type When} from './definition.js';
import {flowStore, type PlanEntry} from './flow-store.js';
import {retryFrom} from './flow-state.js';
import {flowRef, flowResultLine} from './flow-line.js';
import type {ResolvedFlow} from './resolve.js';
import {flowView, type FlowView} from './flow-view.js';

const COND: Record<When, DepCond> = {after: 'success', 'after-any': 'any', 'if-failed': 'failure'};

/**
 * Queues a whole flow in one transaction (all or nothing) and returns its id. Each step waits for
 * the main-line step before it with its condition; each check waits for every step, however it ended.
 */
export function enqueueFlow(q: Queue, r: ResolvedFlow): number {
	return change(q, () => {
		const now = q.now();
		const flowId = flowStore.insert(q.store, {name: r.workflow, label: r.label, vars: r.vars, sessionId: r.commands[0]?.spec.sessionId}, now);
		const plan: PlanEntry[] = [];
		const steps = r.commands.filter(c => c.role === 'step');
		for (const c of r.commands) {
			const jobId = q.store.insertJob(c.spec, 'queued', now);
			q.store.update(jobId, placementColumns(c.spec));
			flowStore.tagJob(q.store, jobId, flowId, c.name);
			const stepIds = plan.filter(p => p.role === 'step').map(p => p.jobId);
			if (c.role === 'check') {
				q.store.insertDeps(jobId, stepIds.map(depId => ({depId, cond: 'any' as const})));
			} else {
				const prev = previousMain(steps, plan.length);
				if (prev !== undefined) q.store.insertDeps(jobId, [{depId: plan[prev].jobId, cond: COND[c.when]}]);
			}
			plan.push({name: c.name, role: c.role, when: c.when, jobId});
		}
		flowStore.setPlan(q.store, flowId, plan);
		return flowId;
	});
}

// Reading a flow lives in flow-view.ts, which the status line and `list` load without the rest of this module.
export {flowStatusParts, flowView, flowViews, type FlowView} from './flow-view.js';

/** A flow by id, or a UsageError naming it. */
export function mustGetFlow(q: Queue, id: number): FlowView {
	const v = flowView(q.store, id);
	if (!v) throw new UsageError(`no flow ${flowRef(id)} in ${q.paths.home}`);
	return v;
}

/** `.queue/reports/f12.md` */
export const flowReportPath = (paths: QueuePaths, id: number): string => path.join(paths.reports, `${flowRef(id)}.md`);

/** The last non-empty line a job printed (a check's verdict: `curl: (7) Failed to connect`). */
export function lastOutputLine(paths: QueuePaths, job: Job): string {
	// The log's own `[queue-tui] …` markers are not the command's words.
	return tailLines(logPath(paths, job.id), 20).map(l => l.trim()).filter(l => l && !l.startsWith('[queue-tui]')).at(-1) ?? '';
}

/** The one result line of a flow. */
export function flowLine(paths: QueuePaths, v: FlowView): string {
	const pointer = path.relative(paths.root, flowReportPath(paths, v.flow.id));
	return flowResultLine(v.flow, v.outcome, job => lastOutputLine(paths, job), pointer);
}

/**
 * Records a flow's end once every job of it has ended, in the caller's transaction. Returns the
 * flow when this call recorded it (so whoever records it reports and notifies, once).
 */
export function settleFlow(q: Queue, flowId: number): FlowView | undefined {
	const v = flowView(q.store, flowId);
	if (!v || v.flow.finishedAt !== undefined || !v.outcome.ended) return undefined;
	const now = q.now();
	flowStore.update(q.store, flowId, {state: v.outcome.state, finished_at: now});
	return {...v, flow: {...v.flow, state: v.outcome.state, finishedAt: now}};
}

/** Cancel: every job of the flow that has not ended is cancelled (checks too: nothing more of it runs). */
export function cancelFlow(q: Queue, id: number): {view: FlowView; running: number[]} {
	const v = mustGetFlow(q, id);
	if (v.outcome.ended) throw new UsageError(`flow ${flowRef(id)} already ended (${v.outcome.state}); nothing to cancel`);
	change(q, () => flowStore.update(q.store, id, {cancel_requested: 1}));
	let cancelled: Job[] = [];
	// All at once, so no step is skipped (rather than cancelled) for a step cancelled before it.
	for (let tries = 0; tries < 3; tries++) {
		const open = v.flow.plan.map(e => q.store.job(e.jobId)).filter((j): j is Job => j !== undefined && !isFinal(j.state));
		try {
			cancelled = open.length > 0 ? cancelJobs(q, open.map(j => j.id)) : [];
			break;
		} catch (error) {
			// One of them ended on its own meanwhile: look again.
			if (!(error instanceof UsageError)) throw error;
		}
	}
	const running = cancelled.filter(j => j.state === 'running').map(j => j.id);
	return {view: mustGetFlow(q, id), running};
}

/** Retry: runs the flow again from its first step that did not succeed (only the checks when every step did). */
export function retryFlow(q: Queue, id: number): FlowView {
	return change(q, () => {
		const v = mustGetFlow(q, id);
		if (!v.outcome.ended) throw new UsageError(`flow ${flowRef(id)} is still ${v.outcome.state}; only a flow that ended can be retried`);
		const entries = retryFrom(v.flow, v.jobs);
		if (entries.length === 0) throw new UsageError(`flow ${flowRef(id)} succeeded; nothing to retry`);
		let position = q.store.maxPosition();
		for (const e of entries) {
			if (!v.jobs.has(e.jobId)) throw new UsageError(`flow ${flowRef(id)}: job #${e.jobId} (${e.name}) was deleted; run the workflow again instead`);
			q.store.update(e.jobId, {...requeuePatch(++position, `retried with flow ${flowRef(id)}`), started_at: null, progress: null});
		}
		flowStore.update(q.store, id, {state: 'open', cancel_requested: 0, finished_at: null});
		flowStore.forgetTold(q.store, id);
		return mustGetFlow(q, id);
	});
}
