import {loadConfig} from '../../core/config.js';
import {enqueue, ensureRunner} from '../../core/queue.js';
import {ensureReport} from '../../core/report-file.js';
import {factsOf, resultLine} from '../../core/result-line.js';
import {exitCodeFor} from '../../core/transitions.js';
import {pathsFrom, print, queueFrom} from '../context.js';
import type {Parsed} from '../flags.js';
import {depsFrom, jobSpecFrom} from '../job-spec.js';
import {waitForJob} from '../wait-for.js';

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
	const stopWaiting = onKilled(id);
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

/**
 * When the waiter's shell is killed before the job ends (headless `claude -p` ends its background
 * shells ~8 s after its last turn), its one line says how to get the result later. The job goes on.
 */
function onKilled(id: number): () => void {
	const signals = ['SIGTERM', 'SIGHUP', 'SIGINT'] as const;
	const handler = (signal: NodeJS.Signals) => {
		process.stdout.write(`queue #${id} not finished; this waiter was stopped (${signal}), the job goes on: queue-tui wait ${id}\n`);
		process.exit(128 + (signal === 'SIGHUP' ? 1 : signal === 'SIGINT' ? 2 : 15));
	};
	for (const s of signals) process.once(s, handler);
	return () => {
		for (const s of signals) process.removeListener(s, handler);
	};
}
