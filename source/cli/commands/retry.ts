import {flowRef} from '../../core/flows/flow-line.js';
import {retryFlow} from '../../core/flows/queue-flow.js';
import {ensureRunner, retryJobs} from '../../core/queue.js';
import {print, queueFrom} from '../context.js';
import type {Parsed} from '../flags.js';
import {jobIds, targetsFrom} from '../flow-ids.js';

/** `queue-tui retry ID…`: queues jobs that ended badly again, at the back, with fresh retries; a flow (f12) from its first step that did not succeed. */
export async function run(p: Parsed): Promise<number> {
	const targets = targetsFrom(p.positionals, 'retry');
	const q = queueFrom(p);
	for (const job of retryJobs(q, jobIds(targets))) print(`#${job.id} queued again`);
	for (const t of targets.filter(t => t.type === 'flow')) {
		const v = retryFlow(q, t.id);
		const again = v.flow.plan.filter(e => v.jobs.get(e.jobId)?.state === 'queued').map(e => e.name);
		print(`${flowRef(t.id)} queued again from ${again[0]} (${again.join(', ')})`);
	}
	if (p.flags['no-start'] !== true) ensureRunner(q);
	q.store.close();
	return 0;
}
