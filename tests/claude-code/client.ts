/**
 * The real Claude Code client, offline: a pinned binary installed for tests only (see
 * install-client.ts), a throwaway HOME that has done onboarding, approved the key and trusted the
 * project, and the stand-in Messages API. Interactive sessions run in a private tmux server.
 */
import {spawn, spawnSync, type ChildProcess} from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import {alive, tryKill} from '../helpers/queue-env.js';
import {TmuxServer, until} from '../ui/tmux-harness.js';
import {CLAUDE_BIN} from './install-client.js';
import {startMessagesApi, type Reply} from './messages-api.js';

const CLI = path.resolve('dist/bin.cjs');
const KEY = `sk-ant-api03-${'t'.repeat(60)}QUEUETUITESTKEY00001`;

/** A tiny pytest suite: one test passes, one fails once the file `release` exists (so the job ends when the test says). */
const SUITE = `import os, time
def test_ok():
    assert True

def test_bad():
    while not os.path.exists(os.path.join(os.path.dirname(__file__), '..', 'release')):
        time.sleep(0.05)
    assert 1 == 2
`;

/** A project with queue-tui on PATH, a gated pytest suite, a throwaway HOME, and the stand-in API. */
export class ClaudeProject {
	readonly root = fs.mkdtempSync(path.join(os.tmpdir(), 'qt-claude-'));
	readonly dir = path.join(this.root, 'proj');
	readonly home = path.join(this.root, 'home');
	readonly tmux = new TmuxServer();
	private readonly children: ChildProcess[] = [];
	api!: Awaited<ReturnType<typeof startMessagesApi>>;

	constructor() {
		fs.mkdirSync(path.join(this.dir, 'tests'), {recursive: true});
		fs.writeFileSync(path.join(this.dir, 'tests', 'test_a.py'), SUITE);
		const bin = path.join(this.root, 'bin');
		fs.mkdirSync(bin);
		fs.writeFileSync(path.join(bin, 'queue-tui'), `#!/bin/sh\nexec '${process.execPath}' '${CLI}' "$@"\n`, {mode: 0o755});
		fs.mkdirSync(this.home);
		fs.writeFileSync(path.join(this.home, '.claude.json'), JSON.stringify({
			hasCompletedOnboarding: true,
			bypassPermissionsModeAccepted: true,
			customApiKeyResponses: {approved: [KEY.slice(-20)], rejected: []},
			projects: {[this.dir]: {hasTrustDialogAccepted: true}},
		}));
	}

	/** Starts the stand-in API answering the agent's turns with `script`. */
	async start(script: Reply[]): Promise<void> {
		this.api = await startMessagesApi(script);
	}

	/** The environment Claude Code (and so its hooks and Bash tool) runs with. */
	env(): Record<string, string> {
		return {
			HOME: this.home,
			PATH: `${path.join(this.root, 'bin')}:${process.env.PATH ?? '/usr/bin:/bin'}`,
			ANTHROPIC_BASE_URL: this.api.url,
			ANTHROPIC_API_KEY: KEY,
			CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1',
			IS_SANDBOX: '1', // bypass-permissions mode is refused to root otherwise
			XDG_STATE_HOME: path.join(this.home, 'state'),
			TERM: 'xterm-256color',
			LANG: 'C.UTF-8',
		};
	}

	/** Runs a command in the project with that environment (e.g. `queue-tui init claude`, `claude plugin validate`). */
	exec(command: string[], extraEnv: Record<string, string> = {}): {code: number; stdout: string; stderr: string} {
		const r = spawnSync(command[0]!, command.slice(1), {cwd: this.dir, env: {...this.env(), ...extraEnv}, encoding: 'utf8', timeout: 60_000});
		return {code: r.status ?? 1, stdout: r.stdout, stderr: r.stderr};
	}

	queueTui(args: string[], extraEnv: Record<string, string> = {}) {
		return this.exec([process.execPath, CLI, ...args], extraEnv);
	}

	/** Installs the package's plugin as a user would: its marketplace (the package root), then the plugin. */
	installPlugin(): void {
		for (const args of [['plugin', 'marketplace', 'add', path.resolve('.')], ['plugin', 'install', 'queue-tui@queue-tui']]) {
			const r = this.exec([CLAUDE_BIN, ...args]);
			if (r.code !== 0) throw new Error(`claude ${args.join(' ')}: ${r.code} ${r.stdout}${r.stderr}`);
		}
	}

	/** An interactive session in tmux, ready for a prompt. `args` are extra client flags. */
	async open(name: string, args: string[] = []): Promise<Session> {
		// `env` rather than tmux -e: the server's own environment would win for PATH.
		const env = Object.entries(this.env()).map(([k, v]) => `${k}=${v}`);
		this.tmux.session(name, 160, 50, this.dir, ['env', ...env, CLAUDE_BIN, '--dangerously-skip-permissions', ...args]);
		const session = new Session(this, name);
		await until(() => /bypass permissions/.test(session.screen()), `${name}: the client's prompt`, 60_000, () => session.screen());
		return session;
	}

	/** A headless client (`-p`, or stream-json input held open as the Agent SDK runs it), output ignored. */
	headless(args: string[]): ChildProcess {
		const child = spawn(CLAUDE_BIN, ['--dangerously-skip-permissions', ...args], {cwd: this.dir, env: this.env(), stdio: ['pipe', 'ignore', 'ignore']});
		this.children.push(child);
		return child;
	}

	/** Writes the project's `.queue-tui.json` (e.g. its workflows). */
	writeConfig(config: object): void {
		fs.writeFileSync(path.join(this.dir, '.queue-tui.json'), JSON.stringify(config));
	}

	/** Lets the gated failing test finish. */
	release(): void {
		fs.writeFileSync(path.join(this.dir, 'release'), '');
	}

	async close(): Promise<void> {
		for (const child of this.children) if (child.exitCode === null && child.pid) tryKill(child.pid, 'SIGTERM');
		await until(() => this.children.every(c => c.exitCode !== null || c.signalCode !== null), 'headless clients to exit', 20_000);
		let panes: number[] = [];
		try {
			panes = this.tmux.run('list-panes', '-a', '-F', '#{pane_pid}').split('\n').filter(Boolean).map(Number);
		} catch {}
		this.tmux.kill();
		// The clients save their session files while they exit: wait for them before removing HOME.
		await until(() => panes.every(pid => !alive(pid)), 'the clients to exit', 20_000);
		await this.api?.close();
		stopQueue(path.join(this.dir, '.queue'));
		fs.rmSync(this.root, {recursive: true, force: true, maxRetries: 5, retryDelay: 200});
	}
}

/** One interactive client in a tmux window. */
export class Session {
	constructor(readonly project: ClaudeProject, readonly name: string) {}

	screen(): string {
		return this.project.tmux.screen(this.name);
	}

	/** Types a prompt and presses Enter (separately, so the paste is not taken for a newline). */
	async prompt(text: string): Promise<void> {
		this.project.tmux.keys(this.name, '-l', text);
		await until(() => this.screen().includes(text), 'the prompt on screen', 10_000, () => this.screen());
		this.project.tmux.keys(this.name, 'Enter');
	}
}

/** Ends the runner and job process groups this project's queue recorded. */
function stopQueue(home: string): void {
	const file = path.join(home, 'queue.db');
	if (!fs.existsSync(file)) return;
	const db = new Database(file, {readonly: true, timeout: 5000});
	try {
		for (const r of db.prepare('SELECT pid FROM runner').all() as Array<{pid: number | null}>) if (r.pid) tryKill(r.pid, 'SIGKILL');
		for (const r of db.prepare("SELECT pid FROM jobs WHERE state = 'running'").all() as Array<{pid: number | null}>) if (r.pid) tryKill(-r.pid, 'SIGKILL');
	} finally {
		db.close();
	}
}

/** Waits for the agent's n-th request. */
export const turns = (p: ClaudeProject, n: number, what: string) =>
	until(() => p.api.agentTurns().length >= n, what, 90_000, () => `${p.api.agentTurns().length} turns`);

/** Closes a test's project (if any); returns undefined for the next test. */
export async function closed(p: ClaudeProject | undefined): Promise<undefined> {
	await p?.close();
	return undefined;
}
