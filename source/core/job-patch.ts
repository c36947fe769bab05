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
