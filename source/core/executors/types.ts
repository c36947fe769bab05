import type {QueuePaths} from '../home.js';
import type {JobPatch} from '../job-patch.js';
import type {JobWatch} from '../job-watch.js';
import type {CompiledPattern} from '../parsers/custom.js';
import type {Job} from '../types.js';

/** One running attempt as the runner drives it, wherever it runs: output, limits, end. */
export type Execution = Pick<JobWatch, 'jobId' | 'seq' | 'parser' | 'pump' | 'enforce' | 'end' | 'lastWritten' | 'lastOutputSaved' | 'lastWriteAt'> & {
	/** Job columns to record because the executor learned something (Slurm's state word), once each. */
	news?(): JobPatch | undefined;
};

/** A started attempt: its execution, where its output starts in the log, and the job columns to record. */
export interface Launch {
	execution: Execution;
	logStart: number;
	fields: JobPatch;
	/** A line for the runner's log (once: what the executor checked). */
	say?: string;
}

export interface StartRequest {
	paths: QueuePaths;
	/** The job as queued. */
	job: Job;
	/** What this attempt runs: argv (a pytest retry's), cwd (a snapshot worktree's), env (GPUs). */
	run: Pick<Job, 'id' | 'argv' | 'shell' | 'cwd' | 'env'>;
	seq: number;
	patterns?: CompiledPattern[];
	/** Called when the attempt ends, so the runner records it at once. */
	onEnd?: () => void;
}

/** The seam where a job is launched and observed: a process here, or a Slurm batch job. */
export interface Executor {
	/** Starts an attempt, or says why it can't (the attempt then fails with that reason). */
	start(r: StartRequest): Launch | string;
	/** Watches an attempt an earlier runner started. */
	adopt(r: Omit<StartRequest, 'run' | 'onEnd'> & {logStart: number}): Execution;
}
