/**
 * A private tmux server for end-to-end tests of the TUI (tests/e2e/tui*.test.ts): its own socket
 * (`-L qtui-test-<random>`), no config (`-f /dev/null`), and helpers to type keys, read the
 * screen and wait with deadlines. `kill()` ends the server and everything it started.
 */
import {execFileSync, spawnSync} from 'node:child_process';
import {randomBytes} from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';

export const CLI = path.resolve('dist/bin.cjs');

/** The environment panes get: no CI (ink would only draw at exit), no outer tmux, no queue override; UTF-8; NO_COLOR. */
export function paneEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
	const env: NodeJS.ProcessEnv = {};
	for (const [k, v] of Object.entries(process.env)) {
		if (k === 'CI' || k.startsWith('CI_') || k === 'CONTINUOUS_INTEGRATION' || k.startsWith('TMUX') || k.startsWith('QUEUE_TUI')) continue;
		if (k === 'CLAUDE_CODE_SESSION_ID') continue;
		env[k] = v;
	}
	return {...env, LANG: env.LANG?.includes('UTF-8') ? env.LANG : 'C.UTF-8', NO_COLOR: '1', TERM: 'xterm-256color', QUEUE_TUI_KILL_GRACE_MS: '1000', ...extra};
}

export class TmuxServer {
	readonly socket = `qtui-test-${randomBytes(4).toString('hex')}`;
	readonly env = paneEnv();

	/** Runs a tmux command on this server and returns its stdout. */
	run(...args: string[]): string {
		return execFileSync('tmux', ['-u', '-L', this.socket, '-f', '/dev/null', ...args], {env: this.env, encoding: 'utf8'});
	}

	/** Starts a detached session running `command` (words, run without a shell) in `cwd`. */
	session(name: string, columns: number, rows: number, cwd: string, command: string[]): void {
		this.run('new-session', '-d', '-s', name, '-x', String(columns), '-y', String(rows), '-c', cwd, ...command);
		// Keep a pane whose process exited, so the test can see that (and how) it exited.
		this.run('set-option', '-w', '-t', name, 'remain-on-exit', 'on');
	}

	/** The visible screen as plain text. */
	screen(target: string): string {
		return this.run('capture-pane', '-p', '-t', target);
	}

	keys(target: string, ...keys: string[]): void {
		this.run('send-keys', '-t', target, ...keys);
	}

	info(target: string, format: string): string {
		return this.run('display-message', '-p', '-t', target, format).trim();
	}

	kill(): void {
		spawnSync('tmux', ['-L', this.socket, 'kill-server'], {env: this.env});
	}
}

/** Polls until fn returns something truthy; throws with the last value (e.g. the screen) at the deadline. */
export async function until<T>(fn: () => T | undefined | false | null, what: string, ms = 15_000, last?: () => string): Promise<T> {
	const end = Date.now() + ms;
	for (;;) {
		const v = fn();
		if (v) return v;
		if (Date.now() > end) throw new Error(`timed out waiting for ${what}${last ? `; last:\n${last()}` : ''}`);
		await new Promise(r => setTimeout(r, 100));
	}
}

/** Runs the built CLI (`node dist/bin.cjs …`, the `queue-tui` command) synchronously with the test environment. */
export function cli(args: string[], cwd: string): {code: number; stdout: string; stderr: string} {
	const r = spawnSync(process.execPath, [CLI, ...args], {cwd, env: paneEnv(), encoding: 'utf8', timeout: 30_000});
	return {code: r.status ?? 1, stdout: r.stdout, stderr: r.stderr};
}

/** Reads the queue database directly (read-only), as another process would. */
export function query<T>(home: string, sql: string, ...args: unknown[]): T[] {
	const db = new Database(path.join(home, 'queue.db'), {readonly: true, timeout: 5000});
	try {
		return db.prepare(sql).all(...args) as T[];
	} finally {
		db.close();
	}
}

/** Ends the runner and job process groups this test's queue started (nothing else), then removes the directory. */
export function cleanupQueue(home: string, dir: string): void {
	try {
		if (fs.existsSync(path.join(home, 'queue.db'))) {
			cli(['pause', '--home', home], dir);
			const pids = [
				...query<{pid: number}>(home, 'SELECT pid FROM runner').map(r => r.pid),
				...query<{pid: number | null}>(home, "SELECT pid FROM jobs WHERE state = 'running'").flatMap(r => (r.pid ? [-r.pid] : [])),
			];
			for (const pid of pids) {
				if (!isOurs(Math.abs(pid), home, dir)) continue; // a recycled pid belongs to someone else
				try {
					process.kill(pid, 'SIGKILL');
				} catch {
					// Already gone.
				}
			}
		}
	} finally {
		fs.rmSync(dir, {recursive: true, force: true});
	}
}

/** Whether a process is this test's: a runner of `home`, or a job working in `dir`. */
function isOurs(pid: number, home: string, dir: string): boolean {
	try {
		if (fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(home)) return true;
		return fs.readlinkSync(`/proc/${pid}/cwd`).startsWith(dir);
	} catch {
		return false;
	}
}
