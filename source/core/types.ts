import type {ParserKind, Progress} from './parsers/types.js';

/** Where a job is in its life. Identical words in the DB, the views and the status file. */
export type JobState =
	| 'queued'
	| 'running'
	| 'succeeded'
	| 'failed'
	| 'cancelled'
	| 'timed_out'
	| 'skipped'
	| 'interrupted';

/** States a job never leaves on its own. */
export const FINAL_STATES: readonly JobState[] = ['succeeded', 'failed', 'cancelled', 'timed_out', 'skipped'];

export const isFinal = (state: JobState): boolean => FINAL_STATES.includes(state);

/** What a caller asks for with `add` / `run`. */
export interface JobSpec {
	argv: string[];
	/** true when the user gave `--shell 'cmd'`: argv is then `['sh', '-c', cmd]`. */
	shell: boolean;
	cwd: string;
	/** Only the entries the caller set with `--env K=V`, never the whole environment. */
	env: Record<string, string>;
	label?: string;
	/** What the user called the job (`--name`); else a name is made from its command (job-name.ts). */
	name?: string;
	kind: ParserKind;
	maxRetries: number;
	timeoutMs?: number;
	backoffMs: number;
	sessionId?: string;
	notify?: boolean;
	/** Run in a git worktree of the tree as it was at `add` time (see snapshot.ts). */
	snapshot?: boolean;
	/** Keep that worktree when the job ends failed or timed out. */
	keepSnapshot?: boolean;
	/** The git tree at queue time (the snapshot's commit with --snapshot). */
	tree?: TreeState;
	/** GPUs the job needs (0: CPU only). */
	gpus?: number;
	/** Where it runs: this machine (default) or a Slurm cluster. */
	executor?: 'local' | 'slurm';
	/** The Slurm partition (`sbatch --partition`). */
	partition?: string;
}

/** A git working tree at one moment: its HEAD, whether it had changes, and a fingerprint of them. */
export interface TreeState {
	/** HEAD's commit id (null in a repository without commits). */
	commit: string | null;
	dirty: boolean;
	/** Changes when HEAD or any changed file changes. */
	fingerprint: string;
	/** With --snapshot: the commit holding the whole tree (untracked files included, ignored excluded). */
	snap?: string;
	/** The ref that keeps `snap` from git's garbage collection until the job is over. */
	ref?: string;
	/** The repository's top level and the job's directory inside it. */
	top?: string;
	rel?: string;
}

/** One try at running a job. */
export interface Attempt {
	jobId: number;
	/** 1, 2, 3 … in the order they started (interrupted runs get a number too). */
	seq: number;
	state: JobState;
	startedAt: number;
	finishedAt?: number;
	exitCode?: number;
	signal?: string;
	reason?: string;
	/** false for a run cut short by a crash or reboot: it does not spend a retry. */
	counts: boolean;
	progress?: Progress;
	/** Byte offset in the job's log where this attempt's output starts. */
	logStart: number;
	/** The argv this attempt ran when it differs from the job's (a pytest retry of only the failed tests). */
	argv?: string[];
}

/** A job as the store returns it. Times are epoch milliseconds. */
export interface Job extends JobSpec {
	id: number;
	position: number;
	state: JobState;
	/** Counted attempts so far in this round (retries used = attempt - 1); a manual retry starts a new round. */
	attempt: number;
	/** Attempts started across all rounds: the last attempt's number (0 before the first). */
	tries?: number;
	createdAt: number;
	startedAt?: number;
	finishedAt?: number;
	/** Retry backoff: a queued job does not start before this. */
	notBefore?: number;
	pid?: number;
	pidStart?: string;
	bootId?: string;
	exitCode?: number;
	signal?: string;
	reason?: string;
	cancelRequested: boolean;
	progress?: Progress;
	/** The tree when the current attempt started (jobs without --snapshot). */
	startTree?: TreeState;
	/** The snapshot worktree the current (or kept) attempt runs in. */
	worktree?: string;
	/** The GPU ids the job holds while it runs (CUDA_VISIBLE_DEVICES). */
	gpuIds?: string[];
	slurmId?: string;
	/** Slurm's own word for the job's state (PENDING, RUNNING, …) with its reason. */
	slurmState?: string;
	/** The flow this job is a step (or check) of, and that step's name. */
	flowId?: number;
	flowStep?: string;
}

/** The command line as one readable string. */
export function commandLine(job: Pick<JobSpec, 'argv' | 'shell'>): string {
	if (job.shell) return job.argv[2] ?? '';
	return job.argv.map(quoteArg).join(' ');
}

/** A word as sh reads it back: bare when it is plain, single-quoted otherwise. */
export function quoteArg(arg: string): string {
	return /^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replaceAll("'", `'\\''`)}'`;
}
