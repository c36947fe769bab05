import type {Progress} from './parsers/types.js';
import type {Job, JobState, TreeState} from './types.js';

/**
 * The columns of a job a change may set, each with its type (null clears it). The one shape every
 * writer of a job row uses, so a misspelt column or a wrong value is a compile error, not SQL's.
 * `id`, `argv`, `cwd` and the rest of what was asked at queue time are not in it: they never change.
 */
export interface JobPatch {
	position?: number;
	state?: JobState;
	attempt?: number;
	/** The last attempt's number across manual retries (migration 10). */
	tries?: number;
	not_before?: number | null;
	started_at?: number | null;
	finished_at?: number | null;
	pid?: number | null;
	pid_start?: string | null;
	boot_id?: string | null;
	exit_code?: number | null;
	signal?: string | null;
	reason?: string | null;
	cancel_requested?: 0 | 1 | boolean;
	progress?: Progress | null;
	tree?: TreeState | null;
	start_tree?: TreeState | null;
	snapshot?: boolean;
	keep_snapshot?: boolean;
	worktree?: string | null;
	gpus?: number;
	gpu_ids?: string[] | null;
	executor?: Job['executor'] | null;
	partition?: string | null;
	slurm_id?: string | null;
	slurm_state?: string | null;
	flow_id?: number | null;
	flow_step?: string | null;
}

/** The columns of an attempt row a change may set. */
export interface AttemptPatch {
	state?: JobState;
	counts?: boolean;
	finished_at?: number | null;
	exit_code?: number | null;
	signal?: string | null;
	reason?: string | null;
	progress?: Progress | null;
	log_start?: number;
	argv?: string[] | null;
}

// The named transitions of a job: what each change writes, in one place. The event log needs
// nothing from them (migration 9's triggers follow the state), and they are pure.

/** claim: the job starts attempt `attempt`, clean of the last one's exit, reason and progress (they stay in its attempt row). */
export const claimPatch = (attempt: number, now: number, gpuIds?: string[]): JobPatch => ({
	state: 'running', attempt, started_at: now, not_before: null, pid: null, gpu_ids: gpuIds ?? null,
	exit_code: null, signal: null, reason: null, progress: null,
});

/** skip: a dependency went the wrong way; it ends without running. */
export const skipPatch = (reason: string, now: number): JobPatch => ({state: 'skipped', reason, finished_at: now, not_before: null});

/** cancel: a running job is flagged (the runner ends it); a waiting one ends at once. */
export const cancelPatch = (running: boolean, now: number): JobPatch =>
	running ? {cancel_requested: 1} : {state: 'cancelled', reason: 'cancelled before it started', finished_at: now, cancel_requested: 1};

/** requeue (a retry by hand, alone or with its flow): to the back of the queue with a fresh set of retries. */
export const requeuePatch = (position: number, reason: string): JobPatch => ({
	state: 'queued', attempt: 0, position, not_before: null, finished_at: null,
	exit_code: null, signal: null, reason, cancel_requested: 0, pid: null, pid_start: null,
});

/** recordEnd: how an attempt ended and what follows it (a retry queued again, or the final state). */
export function recordEndPatch(job: Pick<Job, 'attempt'>, d: {jobState: JobState; reason: string; notBefore?: number; counts: boolean; final: boolean},
	end: {exitCode?: number; signal?: string}, now: number): JobPatch {
	return {
		state: d.jobState, reason: d.reason, exit_code: end.exitCode, signal: end.signal, pid: null, pid_start: null,
		attempt: d.counts ? job.attempt : job.attempt - 1, not_before: d.notBefore, finished_at: d.final ? now : null,
	};
}
