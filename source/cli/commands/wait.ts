import fs from 'node:fs';
import {reportPath} from '../../core/home.js';
import {mustGet} from '../../core/queue-open.js';
import {factsOf, resultLine} from '../../core/result-line.js';
import {exitCodeFor} from '../../core/transitions.js';
import {isFinal} from '../../core/types.js';
import {print} from '../context.js';
import type {Parsed} from '../flags.js';
import {queueWithTargets, targetsFrom} from '../flow-ids.js';

/**
 * `queue-tui wait ID…` (jobs, or flows written f12): blocks until each ends; exit code = the first failing one's, else 0.
 * A job already over is answered from its row: the waiting machinery, the flows' modules and the
 * report writer load only when they have something to do (the common `wait` on a finished job stays cheap).
 */
export async function run(p: Parsed): Promise<number> {
	const targets = targetsFrom(p.positionals, 'wait');
	const q = queueWithTargets(p, targets);
	const flows = targets.some(t => t.type === 'flow') ? await import('../../core/flows/queue-flow.js') : undefined;
	for (const t of targets) (t.type === 'flow' ? flows!.mustGetFlow : mustGet)(q, t.id);
	let code = 0;
	for (const t of targets) {
		let result: {text: string; code: number};
		if (t.type === 'flow') {
			const {flowResult, waitForFlow} = await import('../flow-wait.js');
			result = flowResult(q, await waitForFlow(q, t.id), p.flags.json === true);
		} else {
			let job = mustGet(q, t.id);
			if (!isFinal(job.state)) job = await (await import('../wait-for.js')).waitForJob(q, t.id);
			const facts = factsOf(q.store, job, Date.now());
			if (!fs.existsSync(reportPath(q.paths, t.id))) (await import('../../core/report-file.js')).ensureReport(q.paths, facts);
			const line = resultLine(facts, q.paths);
			result = {text: p.flags.json ? JSON.stringify({id: t.id, state: job.state, exitCode: job.exitCode ?? null, line}) : line, code: exitCodeFor(job)};
		}
		print(result.text);
		if (code === 0) code = result.code;
	}
	q.store.close();
	return code;
}
