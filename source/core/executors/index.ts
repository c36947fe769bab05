import type {Job} from '../types.js';
import {localExecutor} from './local.js';
import {slurmExecutor} from './slurm.js';
import type {Executor} from './types.js';

export type {Execution, Executor, Launch} from './types.js';

/** Where a job runs: `executor` from `add --executor` or `.queue-tui.json`, this machine by default. */
export const executorFor = (job: Pick<Job, 'executor'>): Executor => (job.executor === 'slurm' ? slurmExecutor : localExecutor);
