import {announceFlowEnd} from '../../core/flows/flow-end.js';
import {flowRef} from '../../core/flows/flow-line.js';
import {cancelFlow} from '../../core/flows/queue-flow.js';
import {cancelJobs, ensureRunner} from '../../core/queue.js';
import {print, queueFrom} from '../context.js';
import type {Parsed} from '../flags.js';
import {jobIds, targetsFrom} from '../flow-ids.js';

/**
 * `queue-tui cancel ID…`: a waiting job ends at once; a running one gets SIGTERM, then SIGKILL from
 * the runner. A flow (f12): every job of it that has not ended.
 */
export async function run(p: Parsed): Promise<number> {
	const targets = targetsFrom(p.positionals, 'cancel');
	const q = queueFrom(p);
	const jobs = cancelJobs(q, jobIds(targets));
	const lines = jobs.map(job => (job.state === 'running' ? `#${job.id} cancelling (SIGTERM sent to its process group)` : `#${job.id} cancelled`));
	let running = jobs.some(j => j.state === 'running');
	const flows = new Set(jobs.filter(j => j.state !== 'running' && j.flowId !== undefined).map(j => j.flowId!));
	for (const t of targets.filter(t => t.type === 'flow')) {
		const {running: still} = cancelFlow(q, t.id);
		running ||= still.length > 0;
		flows.add(t.id);
		lines.push(`${flowRef(t.id)} ${still.length > 0 ? `cancelling (SIGTERM sent to #${still.join(', #')})` : 'cancelled'}`);
	}
	// A flow whose last job was cancelled before it started ends now; the runner records the others.
	for (const id of flows) announceFlowEnd(q, id, {});
	// The runner finishes a cancel (SIGKILL after the grace period) and records it; make sure one is there.
	if (running) ensureRunner(q);
	for (const line of lines) print(line);
	q.store.close();
	return 0;
}
