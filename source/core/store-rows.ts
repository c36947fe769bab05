import type {JobPatch} from './job-patch.js';
import type {Progress} from './parsers/types.js';
import type {Attempt, Job, JobSpec, JobState, TreeState} from './types.js';

/** A row as better-sqlite3 returns it. */
export type Row = Record<string, unknown>;

/** A value as SQLite stores it: booleans as 0/1, objects as JSON, undefined as NULL. */
export function encode(value: unknown): unknown {
	if (value === undefined) return null;
	if (typeof value === 'boolean') return value ? 1 : 0;
	if (value !== null && typeof value === 'object') return JSON.stringify(value);
	return value;
}

const opt = <T>(v: unknown): T | undefined => (v === null || v === undefined ? undefined : (v as T));

export function toJob(r: Row): Job {
	return {
		id: r.id as number,
		position: r.position as number,
		argv: JSON.parse(r.argv as string) as string[],
		shell: r.shell === 1,
		cwd: r.cwd as string,
		env: JSON.parse(r.env as string) as Record<string, string>,
		label: opt(r.label),
		name: opt(r.name),
		kind: r.kind as Job['kind'],
		state: r.state as JobState,
		attempt: r.attempt as number,
		tries: r.tries as number,
		maxRetries: r.max_retries as number,
		timeoutMs: opt(r.timeout_ms),
		backoffMs: r.backoff_ms as number,
		notBefore: opt(r.not_before),
		sessionId: opt(r.session_id),
		notify: r.notify === 1,
		createdAt: r.created_at as number,
		startedAt: opt(r.started_at),
		finishedAt: opt(r.finished_at),
		pid: opt(r.pid),
		pidStart: opt(r.pid_start),
		bootId: opt(r.boot_id),
		exitCode: opt(r.exit_code),
		signal: opt(r.signal),
		reason: opt(r.reason),
		cancelRequested: r.cancel_requested === 1,
		progress: r.progress ? (JSON.parse(r.progress as string) as Progress) : undefined,
		...placement(r),
		flowId: opt(r.flow_id),
		flowStep: opt(r.flow_step),
	};
}

/** Where and on what the job runs (migration 4): only the fields that are set. */
function placement(r: Row): Partial<Job> {
	const out: Partial<Job> = {};
	if (r.tree) out.tree = JSON.parse(r.tree as string) as TreeState;
	if (r.start_tree) out.startTree = JSON.parse(r.start_tree as string) as TreeState;
	if (r.snapshot === 1) out.snapshot = true;
	if (r.keep_snapshot === 1) out.keepSnapshot = true;
	if (r.worktree) out.worktree = r.worktree as string;
	if (r.gpus) out.gpus = r.gpus as number;
	if (r.gpu_ids) out.gpuIds = JSON.parse(r.gpu_ids as string) as string[];
	if (r.executor) out.executor = r.executor as Job['executor'];
	if (r.partition) out.partition = r.partition as string;
	if (r.slurm_id) out.slurmId = r.slurm_id as string;
	if (r.slurm_state) out.slurmState = r.slurm_state as string;
	return out;
}

/** The columns `enqueue` writes for a spec's placement (migration 4). */
export function placementColumns(spec: JobSpec): JobPatch {
	return {
		tree: spec.tree, snapshot: spec.snapshot === true, keep_snapshot: spec.keepSnapshot === true, gpus: spec.gpus ?? 0,
		executor: spec.executor, partition: spec.partition,
	};
}

export function toAttempt(r: Row): Attempt {
	return {
		jobId: r.job_id as number,
		seq: r.seq as number,
		state: r.state as JobState,
		counts: r.counts === 1,
		startedAt: r.started_at as number,
		finishedAt: opt(r.finished_at),
		exitCode: opt(r.exit_code),
		signal: opt(r.signal),
		reason: opt(r.reason),
		progress: r.progress ? (JSON.parse(r.progress as string) as Progress) : undefined,
		logStart: (r.log_start as number) ?? 0,
		argv: r.argv ? (JSON.parse(r.argv as string) as string[]) : undefined,
	};
}
