import type Database from 'better-sqlite3';
import type {AttemptPatch, JobPatch} from './job-patch.js';
import {openDatabase} from './store-open.js';
import {jobsQuery, type JobFilter} from './store-query.js';
import {encode, toAttempt, toJob, type Row} from './store-rows.js';
import type {Attempt, Job, JobSpec, JobState} from './types.js';

/** The identity of a live process, so a recycled pid is not mistaken for ours. */
export interface ProcessIdentity {
	pid: number;
	pidStart?: string;
	bootId?: string;
}

/** The one module that talks to SQLite. Every write is a short transaction; WAL keeps readers unblocked. */
export class Store {
	readonly db: Database.Database;

	private constructor(db: Database.Database) {
		this.db = db;
	}

	/** Opens (creating if needed) and migrates a queue database. Throws UsageError when the file is not one. */
	static open(file: string): Store {
		return new Store(openDatabase(file));
	}

	/**
	 * A prepared statement for this SQL text, prepared once per connection: preparing costs a parse
	 * and a plan on every call (~3 ms per job in the runner under load), and better-sqlite3
	 * statements are reusable. Not for a statement iterated while others run (eachJob): a cached
	 * one would be busy. The cache is bounded: SQL built from a list's length varies.
	 */
	sql(text: string): Database.Statement {
		let stmt = this.statements.get(text);
		if (!stmt) {
			if (this.statements.size >= 256) this.statements.clear();
			stmt = this.db.prepare(text);
			this.statements.set(text, stmt);
		}
		return stmt;
	}

	private readonly statements = new Map<string, Database.Statement>();

	close(): void {
		this.db.close();
	}

	/**
	 * Runs fn in one write transaction (BEGIN IMMEDIATE): one scheduling decision at a time.
	 * `durable: false` skips the commit's fsync (synchronous NORMAL: safe from any process crash,
	 * and the next durable commit makes it durable too): for the runner's own steps that a power
	 * loss may undo without harm (a claim or a pid undone is a job re-queued, as after any reboot).
	 */
	tx<T>(fn: () => T, durable = true): T {
		if (durable) return this.commit(fn);
		this.db.pragma('synchronous = NORMAL');
		try {
			return this.commit(fn);
		} finally {
			this.db.pragma('synchronous = FULL');
		}
	}

	private commit<T>(fn: () => T): T {
		const result = this.db.transaction(fn).immediate();
		this.ownWrites++;
		return result;
	}

	/**
	 * Runs fn holding the write lock without writing (a BEGIN IMMEDIATE that commits nothing):
	 * processes that must take turns (the status writers) queue up behind each other's commits.
	 */
	locked<T>(fn: () => T): T {
		return this.db.transaction(fn).immediate();
	}

	/** Write transactions this connection committed (SQLite's data_version counts only the others'). */
	private ownWrites = 0;

	/** Changes whenever anyone, this connection included, commits a write. Cheap to poll. */
	version(): string {
		return `${this.dataVersion()}.${this.ownWrites}`;
	}

	/** Changes when another connection, in any process, commits a write. Cheap to poll. */
	dataVersion(): number {
		this.versionStmt ??= this.db.prepare('PRAGMA data_version').pluck();
		return this.versionStmt.get() as number;
	}

	private versionStmt?: Database.Statement;

	insertJob(spec: JobSpec, state: JobState, now: number): number {
		const info = this
			.sql(
				`INSERT INTO jobs (position, argv, shell, cwd, env, label, kind, state, max_retries, timeout_ms,
				 backoff_ms, session_id, notify, created_at, name)
				 VALUES (0, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			)
			.run(
				JSON.stringify(spec.argv), spec.shell ? 1 : 0, spec.cwd, JSON.stringify(spec.env), spec.label ?? null,
				spec.kind, state, spec.maxRetries, spec.timeoutMs ?? null, spec.backoffMs, spec.sessionId ?? null,
				spec.notify ? 1 : 0, now, spec.name ?? null,
			);
		const id = Number(info.lastInsertRowid);
		this.sql('UPDATE jobs SET position = ? WHERE id = ?').run(id, id);
		return id;
	}

	job(id: number): Job | undefined {
		const row = this.sql('SELECT * FROM jobs WHERE id = ?').get(id) as Row | undefined;
		return row ? toJob(row) : undefined;
	}

	/**
	 * Jobs in queue order (position), optionally only some states or one label. `last: N` pages in
	 * SQL (the newest N, still in queue order), so a long history costs nothing to list.
	 */
	jobs(filter: JobFilter = {}): Job[] {
		const {sql, args} = jobsQuery(filter);
		return (this.sql(sql).all(...args) as Row[]).map(toJob);
	}

	/** The same jobs one row at a time: printing the whole history holds one job in memory, not all of them. */
	*eachJob(filter: JobFilter = {}): Generator<Job> {
		const {sql, args} = jobsQuery(filter);
		// Its own statement, not a cached one: the caller may read the store while this one walks.
		for (const row of this.db.prepare(sql).iterate(...args)) yield toJob(row as Row);
	}

	/** The most recently finished jobs, newest first. */
	recentFinished(limit: number, label?: string): Job[] {
		const rows = this
			.sql(
				// `+state`: walk the finished_at index backwards and stop at the limit, rather than sort
				// every finished job (the state index would win otherwise, and cost grows with history).
				`SELECT * FROM jobs WHERE finished_at IS NOT NULL AND +state IN ('succeeded','failed','cancelled','timed_out','skipped')
				 ${label === undefined ? '' : 'AND label = ?'} ORDER BY finished_at DESC, id DESC LIMIT ?`,
			)
			.all(...(label === undefined ? [limit] : [label, limit])) as Row[];
		return rows.map(toJob);
	}

	/** Jobs per state in the whole history (of one label), from the counts the triggers keep: a row per state read, whatever the history. */
	countByState(label?: string): Record<string, number> {
		const rows = this
			.sql(`SELECT state, SUM(n) AS n FROM state_counts WHERE n > 0 ${label === undefined ? '' : 'AND label = ? AND labelled = 1'} GROUP BY state`)
			.all(...(label === undefined ? [] : [label])) as Array<{state: string; n: number}>;
		return Object.fromEntries(rows.map(r => [r.state, r.n]));
	}

	/** How many jobs are in each of these states, from the state index: a cost that follows those jobs, not the history. */
	countStates(states: JobState[], label?: string): Record<string, number> {
		const rows = this
			.sql(`SELECT state, COUNT(*) AS n FROM jobs WHERE state IN (${states.map(() => '?').join(',')}) ${label === undefined ? '' : 'AND label = ?'} GROUP BY state`)
			.all(...states, ...(label === undefined ? [] : [label])) as Array<{state: string; n: number}>;
		return Object.fromEntries(rows.map(r => [r.state, r.n]));
	}

	/** Jobs per label and state (label null: unlabelled), for the dashboard's sidebar. */
	labelStateCounts(): Array<{label: string | null; state: JobState; n: number}> {
		return this.sql('SELECT CASE WHEN labelled THEN label END AS label, state, n FROM state_counts WHERE n > 0').all() as Array<{label: string | null; state: JobState; n: number}>;
	}

	maxPosition(): number {
		return (this.sql('SELECT COALESCE(MAX(position), 0) AS p FROM jobs').get() as {p: number}).p;
	}

	/** Sets the given columns of one job (the event log follows by itself: migration 9's triggers). */
	update(id: number, fields: JobPatch): void {
		const keys = Object.keys(fields);
		if (keys.length === 0) return;
		this
			.sql(`UPDATE jobs SET ${keys.map(k => `${k} = ?`).join(', ')} WHERE id = ?`)
			.run(...keys.map(k => encode(fields[k as keyof JobPatch])), id);
	}

	deleteJob(id: number): void {
		this.sql('DELETE FROM jobs WHERE id = ?').run(id);
	}

	insertAttempt(jobId: number, seq: number, now: number): void {
		this
			.sql(`INSERT INTO attempts (job_id, seq, state, started_at) VALUES (?, ?, 'running', ?)`)
			.run(jobId, seq, now);
	}

	updateAttempt(jobId: number, seq: number, fields: AttemptPatch): void {
		const keys = Object.keys(fields);
		this
			.sql(`UPDATE attempts SET ${keys.map(k => `${k} = ?`).join(', ')} WHERE job_id = ? AND seq = ?`)
			.run(...keys.map(k => encode(fields[k as keyof AttemptPatch])), jobId, seq);
	}

	attempts(jobId: number): Attempt[] {
		const rows = this.sql('SELECT * FROM attempts WHERE job_id = ? ORDER BY seq').all(jobId) as Row[];
		return rows.map(toAttempt);
	}

	lastAttemptSeq(jobId: number): number {
		const row = this.sql('SELECT COALESCE(MAX(seq), 0) AS s FROM attempts WHERE job_id = ?').get(jobId) as {s: number};
		return row.s;
	}

	insertDeps(jobId: number, deps: Array<{depId: number; cond: string}>): void {
		const insert = this.sql('INSERT INTO deps (job_id, dep_id, cond) VALUES (?, ?, ?)');
		for (const d of deps) insert.run(jobId, d.depId, d.cond);
	}

	/** Each waiting job's dependencies with their current states. */
	depsOf(jobIds: number[]): Map<number, Array<{depId: number; cond: 'success' | 'any' | 'failure'; state?: JobState}>> {
		const out = new Map<number, Array<{depId: number; cond: 'success' | 'any' | 'failure'; state?: JobState}>>();
		if (jobIds.length === 0) return out;
		const rows = this
			.sql(`SELECT d.job_id, d.dep_id, d.cond, j.state FROM deps d LEFT JOIN jobs j ON j.id = d.dep_id
			 WHERE d.job_id IN (${jobIds.map(() => '?').join(',')}) ORDER BY d.dep_id`)
			.all(...jobIds) as Array<{job_id: number; dep_id: number; cond: 'success' | 'any' | 'failure'; state: JobState | null}>;
		for (const r of rows) {
			const list = out.get(r.job_id) ?? [];
			list.push({depId: r.dep_id, cond: r.cond, state: r.state ?? undefined});
			out.set(r.job_id, list);
		}
		return out;
	}

	/** The whole dependency graph, job → the jobs it waits for. */
	depGraph(): Map<number, number[]> {
		const graph = new Map<number, number[]>();
		for (const r of this.sql('SELECT job_id, dep_id FROM deps').all() as Array<{job_id: number; dep_id: number}>) {
			graph.set(r.job_id, [...(graph.get(r.job_id) ?? []), r.dep_id]);
		}
		return graph;
	}

	/**
	 * Finished jobs (not steps of a flow: a flow is told once, as a whole) a Claude Code session has not been told about: its own, and jobs with no
	 * session that finished after `since` (those queued from the TUI while the session was open).
	 */
	untold(sessionId: string, since: number): Job[] {
		const rows = this
			.sql(
				// `+state`, `+flow_id`: the two halves of the OR each search the session index (migration 11);
				// either other index would walk every finished job, a cost that grows with history.
				`SELECT * FROM jobs j WHERE +state IN ('succeeded','failed','cancelled','timed_out','skipped')
				 AND (session_id = ? OR (session_id IS NULL AND finished_at >= ?)) AND +flow_id IS NULL
				 AND NOT EXISTS (SELECT 1 FROM notices n WHERE n.job_id = j.id AND n.session_id = ?)
				 ORDER BY finished_at, id LIMIT 20`,
			)
			.all(sessionId, since, sessionId) as Row[];
		return rows.map(toJob);
	}

	/** Records that a session has been told about these jobs: each result reaches a session once. */
	markTold(sessionId: string, jobIds: number[], now: number): void {
		const insert = this.sql('INSERT OR IGNORE INTO notices (job_id, session_id, told_at) VALUES (?, ?, ?)');
		for (const id of jobIds) insert.run(id, sessionId, now);
	}

	meta(key: string): string | undefined {
		const row = this.sql('SELECT value FROM meta WHERE key = ?').get(key) as {value: string} | undefined;
		return row?.value;
	}

	setMeta(key: string, value: string): void {
		this.sql('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value').run(key, value);
	}

	runner(): (ProcessIdentity & {startedAt: number; heartbeatAt: number}) | undefined {
		const row = this.sql('SELECT * FROM runner WHERE id = 1').get() as Row | undefined;
		if (!row) return undefined;
		return {
			pid: row.pid as number, pidStart: (row.pid_start as string) ?? undefined, bootId: (row.boot_id as string) ?? undefined,
			startedAt: row.started_at as number, heartbeatAt: row.heartbeat_at as number,
		};
	}

	setRunner(who: ProcessIdentity, now: number): void {
		this
			.sql(
				`INSERT INTO runner (id, pid, pid_start, boot_id, started_at, heartbeat_at) VALUES (1, ?, ?, ?, ?, ?)
				 ON CONFLICT(id) DO UPDATE SET pid = excluded.pid, pid_start = excluded.pid_start, boot_id = excluded.boot_id,
				 started_at = excluded.started_at, heartbeat_at = excluded.heartbeat_at`,
			)
			.run(who.pid, who.pidStart ?? null, who.bootId ?? null, now, now);
	}

	heartbeat(pid: number, now: number): void {
		this.sql('UPDATE runner SET heartbeat_at = ? WHERE id = 1 AND pid = ?').run(now, pid);
	}

	clearRunner(pid: number): void {
		this.sql('DELETE FROM runner WHERE id = 1 AND pid = ?').run(pid);
	}
}
