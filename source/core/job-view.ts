import {formatDuration} from './duration.js';
import type {Attempt, Job} from './types.js';

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

/**
 * The try counter every view shows (list, TUI rows and header, status line, --headless, JSON),
 * numbered like the attempt list (`try 3/4`): `n` is the number of the latest attempt, `of` the
 * most there can be. A manual `retry` gives a fresh set of tries and an interrupted attempt does
 * not spend one: both raise `of`, never reset `n`. `attempts` (the job's attempt rows) wins over
 * the store's `job.tries`; with neither (a job not read from the store), the current round's count.
 */
export function tryCounter(job: Job, attempts?: Attempt[]): {n: number; of: number} {
	const budget = job.maxRetries + 1;
	const n = attempts ? attempts.reduce((max, a) => Math.max(max, a.seq), 0) : job.tries ?? job.attempt;
	return {n, of: Math.max(n, n - job.attempt + budget)};
}

/** `3/4`: the try counter as text. */
export const attemptText = (job: Job, attempts?: Attempt[]) => {
	const {n, of} = tryCounter(job, attempts);
	return `${n}/${of}`;
};

/** A job for `list --json` and `status --json`: facts only, never the job's environment values. */
export function jobJson(job: Job): object {
	return {
		id: job.id, state: job.state, label: job.label ?? null, kind: job.kind, argv: job.argv, shell: job.shell, cwd: job.cwd,
		envKeys: Object.keys(job.env), ...tryFields(job), maxRetries: job.maxRetries, timeoutMs: job.timeoutMs ?? null,
		createdAt: job.createdAt, startedAt: job.startedAt ?? null, finishedAt: job.finishedAt ?? null,
		exitCode: job.exitCode ?? null, signal: job.signal ?? null, reason: job.reason ?? null, progress: job.progress ?? null,
		tree: job.tree ? {commit: job.tree.commit, dirty: job.tree.dirty, snapshot: job.tree.snap ?? null} : null,
		startTree: job.startTree ? {commit: job.startTree.commit, dirty: job.startTree.dirty} : null,
		worktree: job.worktree ?? null, gpus: job.gpus ?? 0, gpuIds: job.gpuIds ?? null, executor: job.executor ?? 'local',
		partition: job.partition ?? null, slurmId: job.slurmId ?? null, slurmState: job.slurmState ?? null,
	};
}

/** `attempt` and `maxAttempts` for JSON output: the try counter's numbers. */
export function tryFields(job: Job): {attempt: number; maxAttempts: number} {
	const {n, of} = tryCounter(job);
	return {attempt: n, maxAttempts: of};
}
