// CPU the TUI itself spends, as a share of one core: idle (one finished job on screen) and while the
// selected job prints ~10,000 lines a second. The built TUI runs in a private tmux server at 100×30;
// its CPU comes from /proc/<pid>/stat (utime + stime). Run: npm run bench -- tui-cpu
// (or node bench/tui-cpu.js). Targets: under 1% idle, under 10% busy. Build first: npx tsc -p tsconfig.json
import {execFileSync, spawnSync} from 'node:child_process';
import {randomBytes} from 'node:crypto';
import fs from 'node:fs';
import {createRequire} from 'node:module';
import os from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {cpuMs, end, paneEnv, sleep, tuiPidIn, untilShown} from './tui-lib.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const CLI = path.join(ROOT, 'dist/bin.cjs');
const IDLE_S = 30;
const BUSY_S = 20;
const RATE = 10_000; // lines a second the job aims at
const LINES = RATE * (BUSY_S + 8); // enough to outlast the busy window and its warm-up
const COLUMNS = 100;
const ROWS = 30;

const round = (n, d = 2) => Math.round(n * 10 ** d) / 10 ** d;
const env = paneEnv();

if (!fs.existsSync(CLI)) {
	process.stderr.write('tui-cpu: build first (npx tsc -p tsconfig.json)\n');
	process.exit(2);
}
if (spawnSync('tmux', ['-V']).status !== 0) {
	process.stderr.write('tui-cpu: needs tmux\n');
	process.exit(2);
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'qtui-bench-tui-'));
const home = path.join(dir, '.queue');
const socket = `qtui-bench-${randomBytes(4).toString('hex')}`;
const tmux = (...args) => execFileSync('tmux', ['-u', '-L', socket, '-f', '/dev/null', ...args], {env, encoding: 'utf8'});
const cli = (...args) => execFileSync(process.execPath, [CLI, ...args, '--home', home], {env, cwd: dir, encoding: 'utf8'}).trim();
const screen = () => tmux('capture-pane', '-p', '-t', 'tui');
const tuiCommand = `node dist/bin.cjs --home ${home}`;

const until = (what, fn, ms) => untilShown(what, fn, screen, ms);

/** The runner's pid, from the queue's own `runner` table (it is detached: not a child of anything we hold). */
function runnerPid() {
	const db = path.join(home, 'queue.db');
	if (!fs.existsSync(db)) return undefined;
	const Database = createRequire(path.join(ROOT, 'package.json'))('better-sqlite3');
	const d = new Database(db, {readonly: true, timeout: 5000});
	try {
		return d.prepare('SELECT pid FROM runner').get()?.pid;
	} catch {
		return undefined;
	} finally {
		d.close();
	}
}

const tuiPid = () => tuiPidIn(tmux, 'tui');

const lineCount = file => {
	try {
		const b = fs.readFileSync(file);
		let n = 0;
		for (let i = b.indexOf(10); i !== -1; i = b.indexOf(10, i + 1)) n++;
		return n;
	} catch {
		return 0;
	}
};

let tui;
const runners = new Set();
let jobId;
try {
	// The TUI, started by tmux without a shell (one word per argument).
	tmux('new-session', '-d', '-s', 'tui', '-x', String(COLUMNS), '-y', String(ROWS), '-c', dir, process.execPath, CLI, '--home', home);
	await until('the empty TUI', () => screen().includes('no jobs yet'));
	tui = tuiPid();

	// Idle: one finished job on screen (a real queue is rarely empty), nothing running.
	const first = cli('add', '--', 'echo', 'hello');
	const r1 = runnerPid();
	if (r1) runners.add(r1);
	cli('wait', first);
	await until('the finished job on screen', () => /#1 .*(ok|succeeded)/.test(screen()));
	await sleep(2000); // let the last redraws (the fading message, the clock) settle
	const idle0 = cpuMs(tui);
	const idleT0 = Date.now();
	await sleep(IDLE_S * 1000);
	const idleCpu = cpuMs(tui) - idle0;
	const idleWall = Date.now() - idleT0;

	// Busy: a job printing `[i/N] item` lines, paced to RATE a second by a sleep every 1000 lines.
	const py = [
		'import sys, time',
		`n = ${LINES}`,
		't0 = time.monotonic()',
		'w = sys.stdout.write',
		'for i in range(1, n + 1):',
		'    w(f"[{i}/{n}] item\\n")',
		'    if i % 1000 == 0:',
		'        sys.stdout.flush()',
		`        time.sleep(max(0.0, t0 + i / ${RATE} - time.monotonic()))`,
	].join('\n');
	jobId = cli('add', '--retries', '0', '--', 'python3', '-c', py);
	const r2 = runnerPid();
	if (r2) runners.add(r2);
	const log = path.join(home, 'logs', `${jobId}.log`);
	await until('the job running on screen', () => new RegExp(`#${jobId} `).test(screen()) && lineCount(log) > 0);
	// Look at it, as a user would: select the newest job (the one printing), so the TUI tails its log.
	tmux('send-keys', '-t', 'tui', 'G');
	await until('the job selected', () => screen().split('\n').some(l => l.startsWith('>') && l.includes(`#${jobId} `)));
	await sleep(1000); // past start-up
	const busy0 = cpuMs(tui);
	const lines0 = lineCount(log);
	const busyT0 = Date.now();
	await sleep(BUSY_S * 1000);
	const busyCpu = cpuMs(tui) - busy0;
	const busyWall = Date.now() - busyT0;
	const lines = lineCount(log) - lines0;
	const stillRunning = JSON.parse(cli('list', '--json')).find(j => String(j.id) === jobId)?.state === 'running';

	console.log(JSON.stringify({
		bench: 'tui-cpu', node: process.version, date: new Date().toISOString(), cores: os.cpus().length, size: `${COLUMNS}x${ROWS}`,
		idle: {seconds: round(idleWall / 1000, 1), cpuMs: round(idleCpu, 0), cpuPercent: round((idleCpu / idleWall) * 100)},
		busy: {
			seconds: round(busyWall / 1000, 1), cpuMs: round(busyCpu, 0), cpuPercent: round((busyCpu / busyWall) * 100),
			linesPerSecond: Math.round(lines / (busyWall / 1000)), jobRanThroughout: stillRunning,
		},
		targets: {idleCpuPercent: '< 1', busyCpuPercent: '< 10'},
		pass: {idle: (idleCpu / idleWall) * 100 < 1, busy: (busyCpu / busyWall) * 100 < 10},
		command: 'node bench/tui-cpu.js',
		tui: `${tuiCommand} (tmux -L ${socket} -f /dev/null, ${COLUMNS}x${ROWS})`,
		job: `python3 -c '<print ${LINES} "[i/${LINES}] item" lines, sleep every 1000 to pace at ${RATE}/s>'`,
	}, null, 2));
} catch (error) {
	process.exitCode = 1;
	process.stderr.write(`tui-cpu: ${error instanceof Error ? error.message : error}\n`);
} finally {
	// Everything we started, by pid: the job (cancel kills its process group), the runners, the TUI, the tmux server.
	if (jobId) {
		try {
			cli('cancel', jobId);
		} catch {}
		try {
			execFileSync(process.execPath, [CLI, 'wait', jobId, '--home', home], {env, cwd: dir, stdio: 'ignore', timeout: 15_000});
		} catch {}
	}
	const r = runnerPid();
	if (r) runners.add(r);
	for (const pid of runners) await end(pid);
	await end(tui);
	spawnSync('tmux', ['-L', socket, 'kill-server'], {env});
	fs.rmSync(dir, {recursive: true, force: true});
}
