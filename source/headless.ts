import {listenForAdds, type AddServer} from './core/add-server.js';
import {loadConfig, type Config} from './core/config.js';
import {resolvePaths} from './core/home.js';
import {EventFollower, type QueueEvent} from './core/events.js';
import {change, ensureRunner, openQueue, type Queue} from './core/queue.js';
import {cleanHistory} from './core/history.js';
import {Runner} from './core/runner.js';
import {gpuIds} from './core/gpus.js';
import {sanitize} from './core/text.js';
import {tryFields} from './core/job-view.js';

/**
 * The runner's narration is a courtesy: a write that fails (runner.log on a full disk, a closed
 * pipe) must never end the runner that holds the queue. The command line's own handler, which
 * ends a command whose reader went away, is replaced for the headless runner.
 */
function narrate(stream: NodeJS.WriteStream, text: string): void {
	if (!quiet.has(stream)) {
		quiet.add(stream);
		stream.removeAllListeners('error');
		stream.on('error', () => {});
	}
	try {
		stream.write(text);
	} catch {}
}
const quiet = new Set<NodeJS.WriteStream>();

export interface HeadlessOptions {
	home?: string;
	json: boolean;
	exitWhenIdle: boolean;
	/** --parallel; otherwise the queue's saved setting, the config's, or 1. */
	parallel?: number;
}


/**
 * `queue-tui --headless`: the queue in the foreground, one plain line (or JSON line) per event.
 * It runs the jobs when it holds the runner lease; when another runner does, it narrates that one's
 * work and takes over if it goes. Exit code 1 when a job that ended meanwhile failed for good.
 */
export async function runHeadless(opts: HeadlessOptions): Promise<number> {
	// A broken config stops the runner before it touches anything: running with defaults would
	// silently ignore the user's timeouts, retries and notifiers.
	const config: Config = loadConfig(resolvePaths({cwd: process.cwd(), home: opts.home}).root);
	const q = openQueue({home: opts.home});
	change(q, () => {
		if (opts.parallel !== undefined) q.store.setMeta('parallel', String(opts.parallel));
		q.store.setMeta('stalled_after_ms', String(config.stalledAfterMs ?? 600_000));
	});
	const note = (text: string) => narrate(process.stdout, opts.json ? JSON.stringify({time: new Date().toISOString(), event: 'notice', text: sanitize(text)}) + '\n' : `${clock(Date.now())} ${sanitize(text)}\n`);
	const runner = new Runner(q, {slots: config.parallel ?? 1, patterns: config.patterns, gpus: gpuIds(config), notify: config.notify, say: note});
	const follower = new EventFollower(q.store);
	let owner = false;
	let failed = false;
	let stopping = false;
	let lastTry = 0;
	let toldFollowing = false;
	let adds: AddServer | undefined;
	const say = (e: QueueEvent) => narrate(process.stdout, format(e, opts.json) + '\n');
	const stop = () => {
		stopping = true;
	};
	for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(sig, stop);

	let idleSince: number | undefined;
	let lastVersion = '';
	while (!stopping) {
		const now = Date.now();
		if (!owner && now - lastTry > 1000) {
			lastTry = now;
			owner = runner.acquire();
			// Said once, so whoever watches knows why no job starts here (and when this one is listening).
			if (!owner && !toldFollowing) note('another runner holds the queue: following its work');
			toldFollowing ||= !owner;
			if (owner) {
				runner.recover();
				// `add` hands its jobs over this socket while we hold the lease (and queues directly otherwise).
				adds = listenForAdds(q, () => runner.queued());
				// history.keep: trimmed once per runner life (a runner starts with the first add after idle).
				if (config.historyKeep !== undefined) cleanHistory(q, {keep: config.historyKeep});
			}
		}
		let idle: boolean;
		try {
			idle = owner ? runner.tick() : isQuiet(q);
		} catch (error) {
			narrate(process.stderr, `queue-tui: ${sanitize(String(error))}\n`);
			idle = false;
		}
		// Narrate only when something was written (by anyone): then only the events since the last look.
		const version = q.store.version();
		const events = version === lastVersion ? [] : follower.next();
		lastVersion = version;
		for (const e of events) {
			if (e.event === 'ended' && (e.state === 'failed' || e.state === 'timed_out')) failed = true;
			say(e);
		}
		if (opts.exitWhenIdle && idle) {
			idleSince ??= now;
			if (now - idleSince >= 300) break;
		} else {
			idleSince = undefined;
		}
		// The next look in 100 ms, or at once when a job exits (its end is recorded without delay).
		await new Promise<void>(resolve => {
			const timer = setTimeout(resolve, 100);
			runner.wake = () => {
				clearTimeout(timer);
				resolve();
			};
		});
	}
	adds?.close();
	if (owner) {
		// Notifications already under way are let finish (each is bounded by its own timeouts).
		await Promise.allSettled([...runner.pending]);
		runner.release();
		// Interrupted while work remains: hand the queue to a background runner, never strand it.
		if (stopping && !isQuiet(q)) ensureRunner(q);
	}
	q.store.close();
	return failed ? 1 : 0;
}

function isQuiet(q: Queue): boolean {
	const c = q.store.countByState();
	return (c.running ?? 0) === 0 && ((c.queued ?? 0) + (c.interrupted ?? 0) === 0 || q.store.meta('paused') === '1');
}

/** HH:MM:SS, local time, at the head of each plain line. */
const clock = (ms: number) => new Date(ms).toTimeString().slice(0, 8);

function format(e: QueueEvent, json: boolean): string {
	if (json) {
		return JSON.stringify({time: new Date(e.time).toISOString(), event: e.event, id: e.id, state: e.state, ...tryFields(e.job),
			exitCode: e.job.exitCode ?? null, reason: e.job.reason ?? null, progress: e.job.progress ?? null, text: sanitize(e.text)});
	}
	return `${clock(e.time)} #${e.id} ${sanitize(e.text)}`;
}
