import path from 'node:path';
import type {QueuePaths} from './home.js';
import type {JobPatch} from './job-patch.js';
import {dropSnapshot, gitError} from './snapshot.js';
import {recordTree} from './tree-state.js';
import {addWorktree, retireWorktree} from './snapshot-worktree.js';
import type {WorktreePrep} from './snapshot-prepare.js';
import {isFinal, type Job} from './types.js';

/** Where one attempt runs and what it is given, decided just before it starts. */
export interface Placed {
	cwd: string;
	env: Record<string, string>;
	/** Job columns to record with the start (the worktree, the tree at start time). */
	fields: JobPatch;
}

/** A job's snapshot worktree: inside the queue home, which git and `.queue/.gitignore` keep out of the user's status. */
export const worktreeDir = (paths: QueuePaths, jobId: number) => path.join(paths.home, 'worktrees', String(jobId));

/**
 * Before an attempt starts: a fresh worktree of its snapshot (an earlier attempt's may have been
 * changed by it; the one `prep` checked out while the job waited, when ready), or the tree as it is now for a job without one; its GPUs in CUDA_VISIBLE_DEVICES.
 * A string when it can't run (the reason the attempt fails with).
 */
export function placeAttempt(paths: QueuePaths, job: Job, prep?: WorktreePrep): Placed | string {
	const env: Record<string, string> = {};
	// Slurm sets CUDA_VISIBLE_DEVICES itself for the GPUs it gives (--gres).
	if ((job.gpus ?? 0) > 0 && job.executor !== 'slurm') env.CUDA_VISIBLE_DEVICES = (job.gpuIds ?? []).join(',');
	if (job.snapshot && job.tree) {
		const dir = worktreeDir(paths, job.id);
		try {
			return {cwd: addWorktree(job.tree, dir, prep?.take(job)), env, fields: {worktree: dir}};
		} catch (error) {
			return `snapshot worktree not created: ${gitError(error)}`;
		}
	}
	const now = job.tree ? recordTree(job.cwd) : undefined;
	return {cwd: job.cwd, env, fields: now ? {start_tree: now} : {}};
}

/**
 * After an attempt was recorded (`job` as it is now): its worktree goes, unless the job ended
 * failed or timed out and asked to keep it (it is kept as the repository's spare checkout, for the
 * next snapshot job to start from); the snapshot itself goes once the job is over.
 * Returns the job columns to clear.
 */
export function releaseAttempt(job: Job): JobPatch {
	if (!job.snapshot || !job.tree?.top) return {};
	const final = isFinal(job.state);
	const keep = final && job.keepSnapshot === true && (job.state === 'failed' || job.state === 'timed_out');
	if (keep || job.state === 'running') return {};
	if (job.worktree) retireWorktree(job.tree, job.worktree);
	if (final) dropSnapshot(job.tree);
	return job.worktree ? {worktree: null} : {};
}
