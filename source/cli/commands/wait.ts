import {mustGet} from '../../core/queue.js';
import {factsOf, resultLine} from '../../core/result-line.js';
import {exitCodeFor} from '../../core/transitions.js';
import {idsFrom, print, queueWithJobs} from '../context.js';
import type {Parsed} from '../flags.js';
import {waitForJob} from '../wait-for.js';

/** `queue-tui wait ID…`: blocks until every job ends; exit code = the first failing job's, else 0. */
export async function run(p: Parsed): Promise<number> {
	const ids = idsFrom(p, 'wait');
	const q = queueWithJobs(p, ids);
	for (const id of ids) mustGet(q, id);
	let code = 0;
	for (const id of ids) {
		const job = await waitForJob(q, id);
		print(p.flags.json ? JSON.stringify({id, state: job.state, exitCode: job.exitCode ?? null, line: resultLine(factsOf(q.store, job, Date.now()), q.paths)}) : resultLine(factsOf(q.store, job, Date.now()), q.paths));
		if (code === 0) code = exitCodeFor(job);
	}
	q.store.close();
	return code;
}
