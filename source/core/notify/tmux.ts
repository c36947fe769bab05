import {spawn} from 'node:child_process';
import {closeSync, openSync, statSync, writeSync} from 'node:fs';
import {stateWord} from './format.js';
import {cut, oneLine} from '../text.js';
import type {NotifyEvent, NotifyResult} from './types.js';

/** tmux answers at once; anything slower is a hung server we should not wait on. */
const TMUX_TIMEOUT_MS = 5_000;

/**
 * The text for `display-message`: `queue #12 FAILED: <line>` (a flow: its line), printable, one line.
 * display-message treats its argument as a tmux format, where `#(cmd)` RUNS cmd, and then
 * as a strftime template: every `#` and `%` is doubled so job output is shown as written and
 * can never execute anything: job output is untrusted.
 */
export function tmuxMessage(event: NotifyEvent): string {
	// A flow's line already names it (`queue flow f3 quality QUAL-044 FAILED …`).
	const head = event.state === 'test' ? 'queue-tui test: ' : event.flow ? '' : `queue #${event.jobId} ${stateWord(event.state)}: `;
	return cut(`${head}${oneLine(event.line)}`, 200).replace(/#/g, '##').replace(/%/g, '%%');
}

interface Run {
	code: number | null;
	stdout: string;
	error?: string;
}

/** tmux with an argv (no shell), finding the server through `$TMUX` in `env`. */
function tmux(args: string[], env: NodeJS.ProcessEnv): Promise<Run> {
	return new Promise(resolve => {
		const child = spawn('tmux', args, {env, stdio: ['ignore', 'pipe', 'pipe'], timeout: TMUX_TIMEOUT_MS});
		let stdout = '';
		let stderr = '';
		child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
		child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
		child.on('error', error => resolve({code: null, stdout, error: error.message}));
		child.on('close', code => resolve({code, stdout, error: code === 0 ? undefined : oneLine(stderr) || undefined}));
	});
}

/**
 * Rings the terminal bell by writing BEL to the tmux client's tty: the runner has no pane
 * of its own to ring in. Only a character device is written to, so a strange answer from
 * tmux can never make us write into a regular file.
 */
function ringBell(tty: string): boolean {
	try {
		if (!tty.startsWith('/dev/') || !statSync(tty).isCharacterDevice()) return false;
		const fd = openSync(tty, 'w');
		try {
			writeSync(fd, '\u0007');
		} finally {
			closeSync(fd);
		}
		return true;
	} catch {
		return false;
	}
}

/**
 * Inside tmux: a `display-message` on the current client, then a bell on its terminal.
 * Never throws.
 */
export async function notifyTmux(event: NotifyEvent, env: NodeJS.ProcessEnv): Promise<NotifyResult> {
	const base = {notifier: 'tmux' as const, attempts: 1};
	if (!env.TMUX) return {...base, ok: false, detail: 'not inside tmux ($TMUX is not set)'};
	const shown = await tmux(['display-message', tmuxMessage(event)], env);
	if (shown.code !== 0) {
		return {...base, ok: false, status: shown.code ?? undefined, detail: `display-message failed: ${shown.error ?? 'no reason'}`};
	}
	const asked = await tmux(['display-message', '-p', '#{client_tty}'], env);
	const tty = asked.code === 0 ? asked.stdout.trim() : '';
	const rang = tty !== '' && ringBell(tty);
	return {...base, ok: true, status: 0, detail: rang ? `displayed; bell on ${tty}` : 'displayed; no bell (client tty not writable)'};
}
