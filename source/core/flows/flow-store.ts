import type {Store} from '../store.js';
import {toJob, type Row} from '../store-rows.js';
import type {Job} from '../types.js';
import type {When} from './definition.js';

/** One command of a queued flow: its step or check, and the job that runs it. */
export interface PlanEntry {
	name: string;
	role: 'step' | 'check';
	when: When;
	jobId: number;
}

export interface LabelCount {
	label: string | null;
	state: string;
	n: number;
}

/** A flow as stored. `state` is `open` until the flow's end is recorded (then succeeded, failed or cancelled). */
export interface FlowRow {
	id: number;
	name: string;
	label?: string;
	vars: Record<string, string>;
	plan: PlanEntry[];
	state: string;
	cancelRequested: boolean;
	sessionId?: string;
	createdAt: number;
	finishedAt?: number;
}

const toFlow = (r: Row): FlowRow => ({
	id: r.id as number,
	name: r.name as string,
	label: (r.label as string | null) ?? undefined,
	vars: JSON.parse(r.vars as string) as Record<string, string>,
	plan: JSON.parse(r.plan as string) as PlanEntry[],
	state: r.state as string,
	cancelRequested: r.cancel_requested === 1,
	sessionId: (r.session_id as string | null) ?? undefined,
	createdAt: r.created_at as number,
	finishedAt: (r.finished_at as number | null) ?? undefined,
});

/** The flows table and flow jobs: the SQL for workflows, beside the job store. Call inside its transactions. */
export const flowStore = {
	insert(store: Store, f: {name: string; label?: string; vars: Record<string, string>; sessionId?: string}, now: number): number {
		const info = store.db
			.prepare('INSERT INTO flows (name, label, vars, plan, session_id, created_at) VALUES (?, ?, ?, ?, ?, ?)')
			.run(f.name, f.label ?? null, JSON.stringify(f.vars), '[]', f.sessionId ?? null, now);
		return Number(info.lastInsertRowid);
	},

	setPlan(store: Store, id: number, plan: PlanEntry[]): void {
		store.db.prepare('UPDATE flows SET plan = ? WHERE id = ?').run(JSON.stringify(plan), id);
	},

	tagJob(store: Store, jobId: number, flowId: number, step: string): void {
		store.db.prepare('UPDATE jobs SET flow_id = ?, flow_step = ? WHERE id = ?').run(flowId, step, jobId);
	},

	get(store: Store, id: number): FlowRow | undefined {
		const row = store.db.prepare('SELECT * FROM flows WHERE id = ?').get(id) as Row | undefined;
		return row ? toFlow(row) : undefined;
	},

	/** Flows whose ids are given (in id order); all when ids is undefined. */
	list(store: Store, ids?: number[]): FlowRow[] {
		if (ids && ids.length === 0) return [];
		const where = ids ? `WHERE id IN (${ids.map(() => '?').join(',')})` : '';
		return (store.db.prepare(`SELECT * FROM flows ${where} ORDER BY id`).all(...(ids ?? [])) as Row[]).map(toFlow);
	},

	/** The newest `last` flows of a label (null: unlabelled; undefined: any), newest first. */
	recent(store: Store, label: string | null | undefined, last: number): FlowRow[] {
		const where = label === undefined ? '' : label === null ? 'WHERE label IS NULL' : 'WHERE label = ?';
		const args = label === undefined || label === null ? [] : [label];
		return (store.db.prepare(`SELECT * FROM flows ${where} ORDER BY id DESC LIMIT ?`).all(...args, Math.floor(last)) as Row[]).map(toFlow);
	},

	/**
	 * Ended flows per label and state, the ids of the others (open, or with a job of theirs queued
	 * or running again: a step retried on its own), whose state only their jobs can tell, and the
	 * flows' jobs per label and state.
	 */
	labelStates(store: Store): {ended: LabelCount[]; live: number[]; jobs: LabelCount[]} {
		const live = `finished_at IS NULL OR EXISTS (SELECT 1 FROM jobs j WHERE j.flow_id = f.id AND j.state IN ('queued', 'running', 'interrupted'))`;
		const ended = store.db.prepare(`SELECT label, state, COUNT(*) AS n FROM flows f WHERE NOT (${live}) GROUP BY label, state`).all() as LabelCount[];
		// Read through the flow index: left to itself SQLite scans every job's row for its flow_id.
		const jobs = store.db.prepare('SELECT label, state, COUNT(*) AS n FROM jobs INDEXED BY jobs_flow WHERE flow_id > 0 GROUP BY label, state').all() as LabelCount[];
		return {ended, live: store.db.prepare(`SELECT id FROM flows f WHERE ${live}`).pluck().all() as number[], jobs};
	},

	/** A flow's jobs by id. */
	jobs(store: Store, flowId: number): Map<number, Job> {
		const rows = store.db.prepare('SELECT * FROM jobs WHERE flow_id = ?').all(flowId) as Row[];
		return new Map(rows.map(r => [r.id as number, toJob(r)]));
	},

	update(store: Store, id: number, fields: {state?: string; cancel_requested?: number; finished_at?: number | null}): void {
		const keys = Object.keys(fields) as Array<keyof typeof fields>;
		store.db.prepare(`UPDATE flows SET ${keys.map(k => `${k} = ?`).join(', ')} WHERE id = ?`).run(...keys.map(k => fields[k] ?? null), id);
	},

	/**
	 * Flows a Claude Code session has not been told about, none of whose jobs is left to run: its
	 * own, and flows with no session that ended after `since` (the same rule as for jobs). Read from
	 * the jobs, so a flow is news the moment its last job ends.
	 */
	untold(store: Store, sessionId: string, since: number): FlowRow[] {
		const rows = store.db
			.prepare(
				`SELECT * FROM flows f WHERE NOT EXISTS (SELECT 1 FROM jobs j WHERE j.flow_id = f.id AND j.state IN ('queued', 'running', 'interrupted'))
				 AND (session_id = ? OR (session_id IS NULL AND (SELECT MAX(finished_at) FROM jobs j WHERE j.flow_id = f.id) >= ?))
				 AND NOT EXISTS (SELECT 1 FROM flow_notices n WHERE n.flow_id = f.id AND n.session_id = ?) ORDER BY id LIMIT 20`,
			)
			.all(sessionId, since, sessionId) as Row[];
		return rows.map(toFlow);
	},

	markTold(store: Store, sessionId: string, flowIds: number[], now: number): void {
		const insert = store.db.prepare('INSERT OR IGNORE INTO flow_notices (flow_id, session_id, told_at) VALUES (?, ?, ?)');
		for (const id of flowIds) insert.run(id, sessionId, now);
	},

	/** Open flows none of whose jobs is left to run: their end is due to be recorded. */
	endedOpen(store: Store): number[] {
		return store.db
			.prepare(`SELECT id FROM flows f WHERE finished_at IS NULL AND NOT EXISTS
			 (SELECT 1 FROM jobs j WHERE j.flow_id = f.id AND j.state IN ('queued', 'running', 'interrupted'))`)
			.pluck()
			.all() as number[];
	},

	forgetTold(store: Store, flowId: number): void {
		store.db.prepare('DELETE FROM flow_notices WHERE flow_id = ?').run(flowId);
	},
};
