/**
 * What the pages and the JSON endpoints read from the queue, in a few bounded queries each, so a
 * long history costs the same as a short one. The JSON shapes are the CLI's (`list --json`,
 * `status --json`, `wait fN --json`), built by the same functions.
 */
import {flowJson, type FlowJson} from '../core/flows/flow-json.js';
import {flowStore} from '../core/flows/flow-store.js';
import {flowView} from '../core/flows/queue-flow.js';
import type {QueuePaths} from '../core/home.js';
import {listJobJson} from '../core/list-json.js';
import {gatherFacts, statusJson} from '../core/status-file.js';
import {formatStatusLine} from '../core/status.js';
import type {Store} from '../core/store.js';
import type {Job} from '../core/types.js';

export interface LabelRow {
	/** null: the jobs with no label. */
	label: string | null;
	/** Its jobs outside flows and its flows (a flow counts as one), per state. */
	counts: Record<string, number>;
	jobs: number;
	flows: number;
}

/** Every label with its jobs and flows per state, sorted (unlabelled last). */
export function labelRows(store: Store): LabelRow[] {
	const byLabel = new Map<string | null, LabelRow>();
	const add = (label: string | null, state: string, n: number, kind: 'jobs' | 'flows') => {
		const row = byLabel.get(label) ?? {label, counts: {}, jobs: 0, flows: 0};
		row.counts[state] = (row.counts[state] ?? 0) + n;
		row[kind] += n;
		byLabel.set(label, row);
	};
	const flows = flowStore.labelStates(store);
	// A flow's jobs are not counted as jobs: the flow counts once, below.
	for (const r of store.labelStateCounts()) add(r.label, r.state, r.n, 'jobs');
	for (const r of flows.jobs) add(r.label, r.state, -r.n, 'jobs');
	for (const r of flows.ended) add(r.label, r.state, r.n, 'flows');
	for (const id of flows.live) {
		const v = flowView(store, id);
		if (v) add(v.flow.label ?? null, v.outcome.state, 1, 'flows');
	}
	for (const row of byLabel.values()) for (const [state, n] of Object.entries(row.counts)) if (n === 0) delete row.counts[state];
	const labels = [...byLabel.keys()].filter((l): l is string => l !== null).sort();
	const rows = labels.map(label => byLabel.get(label)!);
	if (byLabel.has(null)) rows.push(byLabel.get(null)!);
	return rows;
}

/** `running`, `failed` or `ok`: what a label's dot says. */
export function labelState(counts: Record<string, number>): 'running' | 'queued' | 'failed' | 'ok' {
	if (counts.running) return 'running';
	if (counts.failed || counts.timed_out) return 'failed';
	if (counts.queued || counts.interrupted) return 'queued';
	return 'ok';
}

/** A label's jobs (null: unlabelled), newest first, at most `max`. */
export function labelJobs(store: Store, label: string | null, max = 100): Job[] {
	return store.jobs({label, last: max}).reverse();
}

/** `/api/status`: what `status --json` prints. */
export function statusApi(store: Store, now: number, label?: string): object {
	const facts = gatherFacts(store, now, {label});
	return statusJson(facts, formatStatusLine(facts));
}

/** `/api/flows?label=`: the newest 50 flows (of that label), newest first, as `wait fN --json` prints them. */
export function flowsApi(store: Store, paths: QueuePaths, label?: string): FlowJson[] {
	return flowStore.recent(store, label, 50).flatMap(f => {
		const v = flowView(store, f.id);
		return v ? [flowJson(paths, v)] : [];
	});
}

/** `/api/flows/f3`: one of them (undefined: no such flow). */
export function flowApi(store: Store, paths: QueuePaths, id: number): FlowJson | undefined {
	const v = flowView(store, id);
	return v && flowJson(paths, v);
}

/** `/api/jobs?label=`: what `list --json` prints (the last 50 in queue order). */
export function jobsApi(store: Store, label?: string): object[] {
	return store.jobs({label, last: 50}).map(listJobJson);
}
