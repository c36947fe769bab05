import {loadConfig} from '../../core/config.js';
import {enqueue, ensureRunner} from '../../core/queue.js';
import {ensureReport} from '../../core/report-file.js';
import {factsOf, resultLine} from '../../core/result-line.js';
import {exitCodeFor} from '../../core/transitions.js';
import {pathsFrom, print, queueFrom} from '../context.js';
import type {Parsed} from '../flags.js';
import {depsFrom, jobSpecFrom} from '../job-spec.js';
import {waitForJob} from '../wait-for.js';
import {onWaiterKilled} from '../waiter-killed.js';

/**
 * `queue-tui run -- CMD`: add, wait without output, then exactly one result line and the job's
 * exit code. Killing this waiter never touches the job: it belongs to the queue.
 */
export async function run(p: Parsed): Promise<number> {
	const spec = jobSpecFrom(p, loadConfig(pathsFrom(p).root));
	const deps = depsFrom(p);
	const q = queueFrom(p);
	const id = enqueue(q, spec, deps);
	ensureRunner(q);
	const stopWaiting = onWaiterKilled(`queue #${id}`, String(id), 'job');
	const job = await waitForJob(q, id);
	stopWaiting();
	const facts = factsOf(q.store, job, Date.now());
	ensureReport(q.paths, facts);
	const line = resultLine(facts, q.paths);
	print(p.flags.json ? JSON.stringify({id, state: job.state, exitCode: job.exitCode ?? null, line}) : line);
	// Not marked told: Claude Code's wake for a background shell carries only its exit code, not
	// this line, so the hooks still say it (measured with the real client).
	q.store.close();
	return exitCodeFor(job);
}
