import {writeAtomic} from './atomic-file.js';
import {crashPoint} from './crash-points.js';
import type {QueuePaths} from './home.js';
import {flowStatusParts} from './flows/flow-view.js';
import {jobName} from './job-name.js';
import {tryFields} from './job-view.js';
import {isStalled} from './parsers/eta.js';
import {isAlive} from './processes.js';
import {formatStatusLine, resultPart, type StatusFacts} from './status.js';
import type {Store} from './store.js';
import type {Job} from './types.js';

/** Reads what the status line needs, in one go. `runnerAlive` may be passed by the runner itself. */
export function gatherFacts(store: Store, now: number, opts: {runnerAlive?: boolean; label?: string} = {}): StatusFacts {
	const running = store.jobs({states: ['running'], label: opts.label});
	const counts = store.countStates(['queued', 'interrupted'], opts.label);
	return {
		now,
		running,
		waiting: (counts.queued ?? 0) + (counts.interrupted ?? 0),
		paused: store.meta('paused') === '1',
		runnerAlive: opts.runnerAlive ?? isAlive(store.runner()),
		recent: store.recentFinished(20, opts.label),
		stalledAfterMs: Number(store.meta('stalled_after_ms') ?? 600_000),
		notifyWarning: store.meta('notify_warning') || undefined,
		finishedSeq: Number(store.meta('finished_seq') ?? 0),
		diskFull: Boolean(store.meta('disk_full')),
		flowParts: flowStatusParts(store, running, now),
	};
}

/** status.json: the same facts as the line, for programs. */
export function statusJson(f: StatusFacts, line: string): object {
	const brief = (j: Job) => ({
		id: j.id, name: jobName(j), label: j.label ?? null, kind: j.kind, state: j.state,
		exitCode: j.exitCode ?? null, reason: j.reason ?? null, finishedAt: j.finishedAt ?? null, result: resultPart(j),
	});
	return {
		version: 1,
		updatedAt: new Date(f.now).toISOString(),
		line,
		runner: f.runnerAlive,
		notifyWarning: f.notifyWarning ?? null,
		diskFull: f.diskFull ?? false,
		paused: f.paused,
		queued: f.waiting,
		finishedSeq: f.finishedSeq ?? 0,
		running: f.running.map(j => ({
			id: j.id, name: jobName(j), label: j.label ?? null, kind: j.kind, ...tryFields(j), maxRetries: j.maxRetries,
			startedAt: j.startedAt ?? null, elapsedMs: f.now - (j.startedAt ?? f.now),
			percent: j.progress?.percent ?? null, done: j.progress?.done ?? null, total: j.progress?.total ?? null,
			counts: j.progress?.counts ?? null, etaSeconds: j.progress?.etaSeconds ?? null, current: j.progress?.current ?? null,
			stalled: j.progress ? isStalled(j.progress, f.now, f.stalledAfterMs, j.startedAt) : false,
		})),
		last: f.recent[0] ? brief(f.recent[0]) : null,
		attention: f.recent.filter(j => j.state === 'failed' || j.state === 'timed_out').slice(0, 5).map(brief),
	};
}

/**
 * Rewrites `.queue/status` and `.queue/status.json` from the database's current state. Throws when
 * a file can't be written; `refreshStatus` (status-writer.ts) is the caller that never does.
 */
export function writeStatus(paths: QueuePaths, store: Store, now: number, runnerAlive?: boolean): string {
	const facts = gatherFacts(store, now, {runnerAlive});
	const line = formatStatusLine(facts);
	// Each file on its own: one that can't be written (a directory in its place) must not stop the other.
	let failure: unknown;
	try {
		writeAtomic(paths.status, line + '\n');
	} catch (error) {
		failure = error;
	}
	if (facts.recent.length > 0) crashPoint('mid-status');
	try {
		writeAtomic(paths.statusJson, JSON.stringify(statusJson(facts, line)) + '\n');
	} catch (error) {
		failure ??= error;
	}
	if (failure) throw failure;
	return line;
}
