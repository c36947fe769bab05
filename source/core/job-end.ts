import type {Config} from './config.js';
import {reportPath, type QueuePaths} from './home.js';
import {notifyAll, shouldNotify, type NotifyEvent, type NotifyResult} from './notify/index.js';
import {writeReport} from './report-file.js';
import {runningMs, type JobFacts} from './report-facts.js';
import {crashPoint} from './crash-points.js';
import {change, type Queue} from './queue.js';
import {factsOf, resultLine} from './result-line.js';
import {commandLine, type Job} from './types.js';

export {factsOf} from './result-line.js';


/** The facts a notifier may say about a finished job (never its environment). */
export function notifyEvent(paths: QueuePaths, facts: JobFacts): NotifyEvent {
	const {job} = facts;
	return {
		jobId: job.id, label: job.label, kind: job.kind, command: commandLine(job),
		state: job.state as NotifyEvent['state'], exitCode: job.exitCode ?? null, signal: job.signal ?? null,
		attempts: facts.attempts.filter(a => a.counts).length, durationMs: runningMs(facts) ?? 0,
		line: resultLine(facts, paths), reportPath: reportPath(paths, job.id), cwd: job.cwd,
	};
}

/**
 * Notifies when the policy says so. Never throws and never blocks the queue: the caller does not
 * await it for scheduling; failures come back as results for the log and the status.
 */
export async function notifyEnd(paths: QueuePaths, facts: JobFacts, config: Config['notify']): Promise<NotifyResult[]> {
	const event = notifyEvent(paths, facts);
	if (!shouldNotify(event, config, facts.job.notify === true)) return [];
	try {
		return await notifyAll(event, config);
	} catch (error) {
		return [{notifier: 'command', ok: false, detail: String(error), attempts: 0}];
	}
}

/**
 * What follows a job's final end: its report file, then (unless it is a flow's step) notifications in the background (added to
 * `pending`, which the runner lets finish before it exits). A notifier's trouble goes to the queue's
 * `notify_warning`, which the status line shows.
 */
export function announceEnd(q: Queue, job: Job, opts: {notify?: Config['notify']; say?: (line: string) => void}, pending: Set<Promise<void>>): void {
	const facts = factsOf(q.store, job, q.now());
	crashPoint('before-report');
	try {
		writeReport(q.paths, facts);
	} catch (error) {
		opts.say?.(`#${job.id} report not written: ${String(error)}`);
	}
	// A flow's step is told in the flow's one notification when the flow ends (flows/flow-end.ts), not on its own.
	if (opts.notify && job.flowId === undefined) trackNotify(q, `#${job.id}`, notifyEnd(q.paths, facts, opts.notify), opts, pending);
}

/** Keeps a notification in flight in `pending` until it is answered, then says how it went (runner log, status warning). */
export function trackNotify(q: Queue, who: string, notifying: Promise<NotifyResult[]>, opts: {say?: (line: string) => void}, pending: Set<Promise<void>>): void {
	const sending = notifying.then(results => {
		for (const r of results) {
			opts.say?.(`${who} notify ${r.notifier}: ${r.ok ? 'sent' : 'FAILED'} ${r.detail}${r.warning ? ` (${r.warning})` : ''}`);
		}
		const problem = results.find(r => !r.ok || r.warning);
		if (results.length > 0) {
			change(q, () => q.store.setMeta('notify_warning', problem ? `${problem.notifier}: ${problem.warning ?? problem.detail}` : ''), true);
		}
	}).catch((error: unknown) => opts.say?.(`${who} notify: ${String(error)}`));
	pending.add(sending);
	void sending.finally(() => pending.delete(sending));
}
