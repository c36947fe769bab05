import fs from 'node:fs';
import path from 'node:path';
import {CommitSignal} from '../core/commit-signal.js';
import type {QueuePaths} from '../core/home.js';
import {Store} from '../core/store.js';
import {jobEndAfter, lastEventSeq} from '../core/store-events.js';
import {isFinal, type Job} from '../core/types.js';
import {writeAtomic} from '../core/atomic-file.js';
import {hookPaths, shownResults, type HookInput} from './hook-input.js';

/** A hook's answer: what to print where, and the exit code. Empty stdout = zero tokens. */
export interface HookAnswer {
	stdout?: string;
	stderr?: string;
	code: number;
}

const SILENT: HookAnswer = {code: 0};

/** The project's queue, if it has one. A hook never creates `.queue/`. */
export function existingQueue(input: HookInput, env: NodeJS.ProcessEnv = process.env): {paths: QueuePaths; store: Store} | undefined {
	const paths = hookPaths(input, env);
	// An empty file is a queue being created by another process right now: no queue yet.
	if (!fs.existsSync(paths.db) || fs.statSync(paths.db).size === 0) return undefined;
	return {paths, store: Store.open(paths.db)};
}

/**
 * Results this session has not been told yet, joined into one line; marks them told. The report
 * code loads only when there is news: an idle hook stays at the cost of opening the database.
 */
export async function untoldLine(store: Store, paths: QueuePaths, session: string, now: number): Promise<string | undefined> {
	const jobs = store.tx(() => {
		const since = Number(store.meta(`session_seen:${session}`) ?? now);
		const found = store.untold(session, since);
		store.markTold(session, found.map(j => j.id), now);
		return found;
	});
	const lines: string[] = [];
	if (jobs.length > 0) {
		const {factsOf, resultLine} = await import('../core/result-line.js');
		lines.push(...jobs.map(j => resultLine(factsOf(store, j, now), paths)));
	}
	// Workflows: told once, when the whole flow has ended (its steps are not told one by one).
	const {untoldFlowLines} = await import('../core/flows/flow-told.js');
	lines.push(...untoldFlowLines(store, paths, session, now));
	return lines.length > 0 ? lines.join('; ') : undefined;
}

/** Jobs and flows whose result line the model already read (see shownResults) are not told again. */
async function markShown(store: Store, input: HookInput, session: string, now: number): Promise<void> {
	const shown = shownResults(input);
	const jobs = shown.jobs.filter(id => isFinal(store.job(id)?.state ?? 'queued'));
	if (jobs.length > 0) store.tx(() => store.markTold(session, jobs, now));
	if (shown.flows.length === 0) return;
	const [{flowStore}, {flowView}] = await Promise.all([import('../core/flows/flow-store.js'), import('../core/flows/queue-flow.js')]);
	const flows = shown.flows.filter(id => flowView(store, id)?.outcome.ended === true);
	if (flows.length > 0) store.tx(() => flowStore.markTold(store, session, flows, now));
}

/**
 * Remembers when a session was first seen, so TUI-queued jobs finishing after that reach it too.
 * A session opened before the project had a queue is first seen later: its transcript's birth time
 * says when it really started.
 */
function seen(store: Store, session: string, now: number, transcript?: string): void {
	if (store.meta(`session_seen:${session}`) !== undefined) return;
	let started = now;
	try {
		if (transcript) started = Math.min(now, fs.statSync(transcript).birthtimeMs || now);
	} catch {}
	store.tx(() => store.setMeta(`session_seen:${session}`, String(Math.floor(started))));
}

/** The non-waiting events: `prompt`, `post-tool`, `session-start`. Pure over the database. */
export async function answer(event: string, input: HookInput, q: {paths: QueuePaths; store: Store}, now: number): Promise<HookAnswer> {
	const session = input.session_id;
	if (!session) return SILENT;
	seen(q.store, session, now, input.transcript_path);
	if (event === 'session-start') {
		const counts = q.store.countStates(['running', 'queued', 'interrupted']);
		if (!counts.running && !counts.queued && !counts.interrupted) return SILENT;
		const [{gatherFacts}, {formatStatusLine}] = await Promise.all([import('../core/status-file.js'), import('../core/status.js')]);
		const facts = gatherFacts(q.store, now);
		if (facts.running.length === 0 && facts.waiting === 0) return SILENT;
		return {stdout: formatStatusLine({...facts, recent: []}) + '\n', code: 0};
	}
	await markShown(q.store, input, session, now);
	const line = await untoldLine(q.store, q.paths, session, now);
	if (!line) return SILENT;
	if (event === 'post-tool') {
		return {stdout: JSON.stringify({hookSpecificOutput: {hookEventName: 'PostToolUse', additionalContext: line}}) + '\n', code: 0};
	}
	return {stdout: line + '\n', code: 0};
}

/** This session's jobs that have not ended yet. */
function pendingJobs(store: Store, session: string): Job[] {
	return store.jobs({states: ['queued', 'running', 'interrupted']}).filter(j => j.sessionId === session);
}

/** How many results the session still waits for: a flow's jobs give one (its line comes at its end). */
function pendingResults(jobs: Job[]): number {
	return new Set(jobs.map(j => (j.flowId === undefined ? `#${j.id}` : `f${j.flowId}`))).size;
}

/** How many `queue-tui run`/`wait`/`flow run --wait` background shells Claude Code is already keeping for this session. */
export function backgroundWaiters(input: HookInput): number {
	return (input.background_tasks ?? []).filter(t => t.status !== 'completed' && waits(t.command ?? '')).length;
}

/** A command that waits for a result and prints its line: `run`, `wait`, or `flow run` with `--wait`. */
function waits(command: string): boolean {
	if (!/\bqueue-tui\b/.test(command)) return false;
	return /\bflow\s+run\b/.test(command) ? /\s--wait\b/.test(command) : /\b(run|wait)\b/.test(command);
}

/**
 * The Stop hook (asyncRewake): results not told yet wake the session at once (exit 2, line on stderr);
 * otherwise, while this session has jobs pending, wait for one to end. One waiter per session:
 * a newer one takes the pidfile, and the older one leaves quietly.
 */
export async function stopWaiter(input: HookInput, q: {paths: QueuePaths; store: Store}, opts: {pollMs?: number; maxMs?: number} = {}): Promise<HookAnswer> {
	const session = input.session_id;
	if (!session) return SILENT;
	seen(q.store, session, Date.now(), input.transcript_path);
	const now = () => Date.now();
	// Taken before the first look, so an end committed in between is in the log after it.
	let cursor = lastEventSeq(q.store);
	await markShown(q.store, input, session, now());
	const first = await untoldLine(q.store, q.paths, session, now());
	if (first) return {stderr: first + '\n', code: 2};
	const pendingNow = pendingJobs(q.store, session);
	if (pendingNow.length === 0 || backgroundWaiters(input) >= pendingResults(pendingNow)) return SILENT;
	const pending = pendingNow.map(j => j.id);
	const dir = path.join(q.paths.home, 'waiters');
	fs.mkdirSync(dir, {recursive: true, mode: 0o700});
	const pidfile = path.join(dir, `${session.replace(/[^\w.-]/g, '_')}.pid`);
	writeAtomic(pidfile, String(process.pid)); // never through a planted symlink
	const deadline = now() + (opts.maxMs ?? 2 * 3_600_000);
	let version = -1;
	// Woken by each commit at once; the slow timer notices a newer waiter taking the pidfile. Most
	// commits are progress, output and other sessions' jobs starting: the event log says whether a
	// job ended since the last look, and only then are results looked for (a write transaction).
	const signal = new CommitSignal(q.paths);
	try {
		while (now() < deadline) {
			if (fs.readFileSync(pidfile, 'utf8') !== String(process.pid)) return SILENT;
			const v = q.store.dataVersion();
			if (v !== version) {
				version = v;
				const log = jobEndAfter(q.store, cursor);
				cursor = log.last;
				if (log.ended) {
					const line = await untoldLine(q.store, q.paths, session, now());
					if (line) return {stderr: line + '\n', code: 2};
					if (pending.every(id => isFinal(q.store.job(id)?.state ?? 'succeeded')) && pendingJobs(q.store, session).length === 0) return SILENT;
				}
			}
			await signal.next(opts.pollMs ?? 1000);
		}
		return SILENT;
	} finally {
		signal.close();
		try {
			if (fs.readFileSync(pidfile, 'utf8') === String(process.pid)) fs.rmSync(pidfile, {force: true});
		} catch {}
	}
}
