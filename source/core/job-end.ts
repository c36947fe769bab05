import {writeAtomic} from './atomic-file.js';
import type {Config} from './config.js';
import {logPath, reportPath, type QueuePaths} from './home.js';
import {tailLines} from './log-reader.js';
import {notifyAll, shouldNotify, type NotifyEvent, type NotifyResult} from './notify/index.js';
import {renderReport} from './report.js';
import {runningMs, type JobFacts} from './report-facts.js';
import {resultLine} from './result-line.js';
import {commandLine} from './types.js';

export {factsOf} from './result-line.js';

/** Writes `.queue/reports/<id>.md` for a job that ended (atomic, 0600). */
export function writeReport(paths: QueuePaths, facts: JobFacts): string {
	const file = reportPath(paths, facts.job.id);
	const log = logPath(paths, facts.job.id);
	writeAtomic(file, renderReport({...facts, logTail: tailLines(log, 30), logPath: log}));
	return file;
}

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
