import type {Store} from './store.js';
import type {JobState} from './types.js';

/** What the event log records (migration 9 writes them, in the transaction that changed the job). */
export type EventType = 'queued' | 'requeued' | 'started' | 'progress' | 'retried' | 'cancelling' | 'cancelled' | 'ended';

/** One row of the event log: what happened to a job, with the facts as they were at that moment. */
export interface LoggedEvent {
	seq: number;
	jobId: number;
	flowId?: number;
	type: EventType;
	time: number;
	state: JobState;
	/** The state it left (state changes only). */
	from?: JobState;
	attempt: number;
	/** The job's try count then (jobs.tries; state changes only, from migration 12 on). */
	tries?: number;
	reason?: string;
	exitCode?: number;
	percent?: number;
}

interface EventRow {
	seq: number;
	job_id: number;
	flow_id: number | null;
	type: EventType;
	payload: string;
	time: number;
}

/** The newest event's seq (0 for none): a reader's cursor when it starts, so it tells only what happens next. */
export function lastEventSeq(store: Store): number {
	return store.sql('SELECT COALESCE(MAX(seq), 0) FROM events').pluck().get() as number;
}

/** Events after `cursor`, oldest first, at most `limit` (a primary-key range: the cost is what happened, not the history). */
export function eventsAfter(store: Store, cursor: number, limit = 1000): LoggedEvent[] {
	const rows = store.sql('SELECT * FROM events WHERE seq > ? ORDER BY seq LIMIT ?').all(cursor, limit) as EventRow[];
	return rows.map(r => {
		const p = JSON.parse(r.payload) as {state: JobState; from?: JobState; attempt: number; tries?: number; reason?: string | null; exitCode?: number | null; percent?: number | null};
		return {
			seq: r.seq, jobId: r.job_id, ...(r.flow_id === null ? {} : {flowId: r.flow_id}), type: r.type, time: r.time,
			state: p.state, ...(p.from ? {from: p.from} : {}), attempt: p.attempt, ...(p.tries === undefined ? {} : {tries: p.tries}),
			...(p.reason == null ? {} : {reason: p.reason}), ...(p.exitCode == null ? {} : {exitCode: p.exitCode}),
			...(p.percent == null ? {} : {percent: p.percent}),
		};
	});
}

/**
 * What the log holds after `cursor`: the newest seq (the next cursor) and whether a job (this one,
 * or any when `jobId` is left out) reached an end meanwhile. One range of the primary key, whatever the history.
 */
export function jobEndAfter(store: Store, cursor: number, jobId?: number): {last: number; ended: boolean} {
	const which = jobId === undefined ? '' : 'job_id = ? AND ';
	const row = store.sql(`SELECT MAX(seq) AS last, MAX(${which}type IN ('ended', 'cancelled')) AS ended FROM events WHERE seq > ?`)
		.get(...(jobId === undefined ? [cursor] : [jobId, cursor])) as {last: number | null; ended: number | null};
	return {last: row.last ?? cursor, ended: row.ended === 1};
}

/** Bumped by every removal of a job (migration 9): a reader holding jobs drops what is gone when it moves. */
export function removedSeq(store: Store): number {
	return Number(store.meta('removed_seq') ?? 0);
}
