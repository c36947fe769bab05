import fs from 'node:fs';
import path from 'node:path';
import {hookPaths, readHookInput, shownResults, type Shown} from '../../integrations/hook-input.js';
import {glance, markChecked, nothingNew} from '../../integrations/hook-fast.js';
import type {HookAnswer} from '../../integrations/hook.js';
import type {Parsed} from '../flags.js';
import {os} from '../../core/node-lazy.js';
import {writeOut} from '../stdout.js';

const EVENTS = ['prompt', 'post-tool', 'session-start', 'stop'];

/**
 * `queue-tui hook <event>`: a Claude Code command hook. Prints nothing when there is nothing new
 * (an idle hook costs no tokens). Internal errors go to a log file and exit 0: a hook must never
 * show the user a "hook error" or block their prompt.
 */
export async function run(p: Parsed): Promise<number> {
	const event = p.positionals[0] ?? '';
	let result: HookAnswer = {code: 0};
	try {
		if (!EVENTS.includes(event)) throw new Error(`unknown hook event '${event}' (expected ${EVENTS.join(', ')})`);
		const input = await readHookInput();
		const paths = hookPaths(input);
		const session = input.session_id;
		// The common case — a tool call with no job ended since this session last looked — ends here,
		// before SQLite is loaded. Not for `prompt`: it fires on Claude Code's wake for a finished
		// `run`, which can come before the runner has rewritten status.json, and once per prompt.
		const seen = event === 'prompt' || event === 'post-tool' ? glance(paths) : undefined;
		if (event === 'post-tool' && session && seen && nothingNew(paths, session, seen) && nothingShown(shownResults(input))) return 0;
		const {answer, existingQueue, stopWaiter} = await import('../../integrations/hook.js');
		const q = existingQueue(input);
		if (q) {
			try {
				result = event === 'stop' ? await stopWaiter(input, q) : await answer(event, input, q, Date.now());
				if (session && seen) markChecked(paths, session, seen.finishedSeq);
			} finally {
				q.store.close();
			}
		}
	} catch (error) {
		logHookError(event, error);
		result = {code: 0};
	}
	if (result.stdout) writeOut(result.stdout);
	if (result.stderr) process.stderr.write(result.stderr);
	return result.code;
}

const nothingShown = (s: Shown) => s.jobs.length === 0 && s.flows.length === 0;

function logHookError(event: string, error: unknown): void {
	try {
		const dir = path.join(process.env.XDG_STATE_HOME ?? path.join(os().homedir(), '.local', 'state'), 'queue-tui');
		fs.mkdirSync(dir, {recursive: true, mode: 0o700});
		fs.appendFileSync(path.join(dir, 'hook.log'), `${new Date().toISOString()} hook ${event}: ${error instanceof Error ? error.stack ?? error.message : String(error)}\n`, {mode: 0o600});
	} catch {}
}
