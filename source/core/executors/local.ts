import {exitPath, logPath} from '../home.js';
import {startJobProcess} from '../job-process.js';
import {JobWatch} from '../job-watch.js';
import {identityOf} from '../processes.js';
import type {Executor} from './types.js';

/** Jobs run here: a detached process group under the exit-file wrapper, watched by pid. */
export const localExecutor: Executor = {
	start({paths, job, run, seq, patterns, onEnd}) {
		const proc = startJobProcess({...job, ...run}, seq, logPath(paths, job.id), exitPath(paths, job.id, seq));
		if (typeof proc === 'string') return proc;
		const who = identityOf(proc.pid);
		const watched = {...job, pid: proc.pid, pidStart: who.pidStart, bootId: who.bootId};
		return {
			execution: new JobWatch(paths, watched, seq, proc.logStart, proc, patterns, onEnd),
			logStart: proc.logStart,
			fields: {pid: proc.pid, pid_start: who.pidStart, boot_id: who.bootId},
		};
	},
	adopt: ({paths, job, seq, logStart, patterns}) => new JobWatch(paths, job, seq, logStart, undefined, patterns),
};
