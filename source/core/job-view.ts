import {formatDuration} from './duration.js';
import type {Job} from './types.js';

/** `45% 120/267 1 failed` or `12/40` or '' : progress in a few characters. */
export function progressText(job: Job): string {
	const p = job.progress;
	if (!p) return '';
	const bits: string[] = [];
	if (p.percent !== undefined) bits.push(`${Math.floor(p.percent)}%`);
	if (p.done !== undefined && p.total) bits.push(`${p.done}/${p.total}`);
	const failed = p.counts.failed + p.counts.errors + (p.failedItems ?? 0);
	if (failed > 0) bits.push(`${failed} failed`);
	return bits.join(' ');
}

/** How long the job ran (or has been running). */
export function elapsedText(job: Job, now: number): string {
	if (!job.startedAt) return '';
	return formatDuration((job.finishedAt ?? now) - job.startedAt);
}

/** `1/3`: the counted attempt out of the attempts allowed. */
export const attemptText = (job: Job) => `${job.attempt}/${job.maxRetries + 1}`;

/** A job for `list --json` and `status --json`: facts only, never the job's environment values. */
export function jobJson(job: Job): object {
	return {
		id: job.id, state: job.state, label: job.label ?? null, kind: job.kind, argv: job.argv, shell: job.shell, cwd: job.cwd,
		envKeys: Object.keys(job.env), attempt: job.attempt, maxRetries: job.maxRetries, timeoutMs: job.timeoutMs ?? null,
		createdAt: job.createdAt, startedAt: job.startedAt ?? null, finishedAt: job.finishedAt ?? null,
		exitCode: job.exitCode ?? null, signal: job.signal ?? null, reason: job.reason ?? null, progress: job.progress ?? null,
		tree: job.tree ? {commit: job.tree.commit, dirty: job.tree.dirty, snapshot: job.tree.snap ?? null} : null,
		startTree: job.startTree ? {commit: job.startTree.commit, dirty: job.startTree.dirty} : null,
		worktree: job.worktree ?? null, gpus: job.gpus ?? 0, gpuIds: job.gpuIds ?? null, executor: job.executor ?? 'local',
		partition: job.partition ?? null, slurmId: job.slurmId ?? null, slurmState: job.slurmState ?? null,
	};
}
