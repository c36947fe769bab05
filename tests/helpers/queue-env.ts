import {execFile, spawn} from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';

export const CLI = path.resolve('dist/bin.cjs');

export interface CliResult {
	code: number;
	stdout: string;
	stderr: string;
}

/** A private project directory with its own queue home; cleanup ends the runner and jobs it started. */
export class QueueEnv {
	readonly dir: string;
	readonly home: string;
	private readonly env: NodeJS.ProcessEnv;
	private readonly children: number[] = [];

	constructor(extraEnv: NodeJS.ProcessEnv = {}) {
		this.dir = fs.mkdtempSync(path.join(os.tmpdir(), 'qtui-'));
		this.home = path.join(this.dir, '.queue');
		const env: NodeJS.ProcessEnv = {...process.env, QUEUE_TUI_KILL_GRACE_MS: '1000', ...extraEnv};
		delete env.QUEUE_TUI_HOME;
		delete env.CLAUDE_CODE_SESSION_ID;
		this.env = env;
	}

	/** Runs the built `queue-tui` command (or `entry`, e.g. dist/cli.js) with `--home`-free args in this project's directory. */
	cli(args: string[], opts: {env?: NodeJS.ProcessEnv; cwd?: string; timeoutMs?: number; entry?: string} = {}): Promise<CliResult> {
		return new Promise(resolve => {
			execFile(process.execPath, [opts.entry ? path.resolve(opts.entry) : CLI, ...args], {cwd: opts.cwd ?? this.dir, env: {...this.env, ...opts.env}, timeout: opts.timeoutMs ?? 60_000, maxBuffer: 64 * 1024 * 1024}, (error, stdout, stderr) => {
				const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
				resolve({code, stdout, stderr});
			});
		});
	}

	/**
	 * Starts the CLI without waiting for it: `output()` is what it printed so far (to wait on a
	 * line it prints when ready), `done` its result. Cleanup kills it if it is still running.
	 */
	start(args: string[]): {output: () => string; done: Promise<CliResult>} {
		const child = spawn(process.execPath, [CLI, ...args], {cwd: this.dir, env: this.env, stdio: ['ignore', 'pipe', 'pipe']});
		this.children.push(child.pid!);
		let stdout = '';
		let stderr = '';
		child.stdout.on('data', d => (stdout += d));
		child.stderr.on('data', d => (stderr += d));
		const done = new Promise<CliResult>(resolve => child.on('close', code => resolve({code: code ?? 1, stdout, stderr})));
		return {output: () => stdout, done};
	}

	/** `add` and return the id. */
	async add(args: string[]): Promise<number> {
		const r = await this.cli(['add', ...args]);
		if (r.code !== 0) throw new Error(`add failed (${r.code}): ${r.stderr}`);
		return Number(r.stdout.trim());
	}

	/** Reads the database directly (a second connection, like any other process). */
	query<T = Record<string, unknown>>(sql: string, ...args: unknown[]): T[] {
		const db = new Database(path.join(this.home, 'queue.db'), {readonly: true, timeout: 5000});
		try {
			return db.prepare(sql).all(...args) as T[];
		} finally {
			db.close();
		}
	}

	job(id: number): Record<string, any> {
		return this.query('SELECT * FROM jobs WHERE id = ?', id)[0] as Record<string, any>;
	}

	runnerPid(): number | undefined {
		if (!fs.existsSync(path.join(this.home, 'queue.db'))) return undefined;
		try {
			return this.query<{pid: number}>('SELECT pid FROM runner WHERE id = 1')[0]?.pid;
		} catch {
			return undefined; // not a database (the bad-input tests make such files)
		}
	}

	/** Polls until fn returns a truthy value or the deadline passes. */
	async until<T>(fn: () => T | Promise<T>, what: string, ms = 20_000): Promise<T> {
		const end = Date.now() + ms;
		let last: T | undefined;
		while (Date.now() < end) {
			last = await fn();
			if (last) return last;
			await new Promise(r => setTimeout(r, 50));
		}
		throw new Error(`timed out waiting for ${what} (last: ${JSON.stringify(last)})`);
	}

	/** Ends the runner this test started and any job process groups still recorded as running, then removes the directory. */
	async cleanup(): Promise<void> {
		for (const pid of this.children) tryKill(pid, 'SIGKILL');
		try {
			if (fs.existsSync(path.join(this.home, 'queue.db'))) {
				const pid = this.runnerPid();
				if (pid) tryKill(pid, 'SIGKILL');
				const running = (() => {
					try {
						return this.query<{pid: number | null}>("SELECT pid FROM jobs WHERE state = 'running'");
					} catch {
						return [];
					}
				})();
				for (const r of running) if (r.pid) tryKill(-r.pid, 'SIGKILL');
			}
		} finally {
			fs.rmSync(this.dir, {recursive: true, force: true});
		}
	}
}

export function tryKill(pid: number, signal: NodeJS.Signals): boolean {
	try {
		process.kill(pid, signal);
		return true;
	} catch {
		return false;
	}
}

export function alive(pid: number): boolean {
	try {
		process.kill(pid, 0);
		const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
		return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
	} catch {
		return false;
	}
}

/** Live (non-zombie) processes in a process group, read from /proc. */
export function groupMembers(pgid: number): number[] {
	const members: number[] = [];
	for (const entry of fs.readdirSync('/proc')) {
		if (!/^\d+$/.test(entry)) continue;
		try {
			const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
			const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
			if (Number(fields[2]) === pgid && fields[0] !== 'Z') members.push(Number(entry));
		} catch {}
	}
	return members;
}

/** Starts a node script (ESM source text) as a child and resolves with its output. */
export function nodeScript(source: string, env: NodeJS.ProcessEnv = process.env): Promise<CliResult> {
	return new Promise(resolve => {
		const child = spawn(process.execPath, ['--input-type=module', '-e', source], {env, stdio: ['ignore', 'pipe', 'pipe']});
		let stdout = '';
		let stderr = '';
		child.stdout.on('data', d => (stdout += d));
		child.stderr.on('data', d => (stderr += d));
		child.on('close', code => resolve({code: code ?? 1, stdout, stderr}));
	});
}
