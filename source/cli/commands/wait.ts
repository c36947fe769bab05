import {mustGetFlow} from '../../core/flows/queue-flow.js';
import {mustGet} from '../../core/queue.js';
import {ensureReport} from '../../core/report-file.js';
import {factsOf, resultLine} from '../../core/result-line.js';
import {exitCodeFor} from '../../core/transitions.js';
import {print} from '../context.js';
import type {Parsed} from '../flags.js';
import {queueWithTargets, targetsFrom} from '../flow-ids.js';
import {flowResult, waitForFlow} from '../flow-wait.js';
import {waitForJob} from '../wait-for.js';

/** `queue-tui wait ID…` (jobs, or flows written f12): blocks until each ends; exit code = the first failing one's, else 0. */
export async function run(p: Parsed): Promise<number> {
	const targets = targetsFrom(p.positionals, 'wait');
	const q = queueWithTargets(p, targets);
	for (const t of targets) (t.type === 'flow' ? mustGetFlow : mustGet)(q, t.id);
	let code = 0;
	for (const t of targets) {
		let result: {text: string; code: number};
		if (t.type === 'flow') {
			result = flowResult(q, await waitForFlow(q, t.id), p.flags.json === true);
		} else {
			const job = await waitForJob(q, t.id);
			const facts = factsOf(q.store, job, Date.now());
			ensureReport(q.paths, facts);
			const line = resultLine(facts, q.paths);
			result = {text: p.flags.json ? JSON.stringify({id: t.id, state: job.state, exitCode: job.exitCode ?? null, line}) : line, code: exitCodeFor(job)};
		}
		print(result.text);
		if (code === 0) code = result.code;
	}
	q.store.close();
	return code;
}
