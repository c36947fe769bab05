// The random-kill soak. Run: npm run bench -- kill-soak   (or: node bench/kill-soak.js --jobs 12 --kills 8)
// Jobs that append their id to a file (so each run is counted) and end with a known exit code are
// queued; runners (detached ones started by `start`, and a foreground `--headless`) and the TUI (in
// a private tmux server, often killed just after Enter in its add prompt) are killed with SIGKILL at
// random instants while jobs start and end, and started again. Afterwards a clean runner finishes
// the queue, and every job is checked: lost (never ended), run twice, wedged (not ended in time),
// wrong (state or exit code not the job's own). All four must be 0. A job typed into a TUI killed
// right after Enter may or may not have been queued (no id was shown yet); each one that was must
// run once and succeed, and none may appear twice.
import {execFileSync, spawn, spawnSync} from 'node:child_process';
import {randomBytes} from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import {CLI, runnerPid, stopRunner, tempDir} from './lib.js';

const arg = (name, fallback) => {
	const i = process.argv.indexOf(`--${name}`);
	return i === -1 ? fallback : Number(process.argv[i + 1]);
};
const JOBS = arg('jobs', 60);
const KILLS = arg('kills', 40);
const sleep = ms => new Promise(r => setTimeout(r, ms));
const rand = (lo, hi) => lo + Math.random() * (hi - lo);

const dir = tempDir('qtui-soak-');
const home = path.join(dir, '.queue');
const runs = path.join(dir, 'runs');
const env = {...process.env, QUEUE_TUI_HOME: home, QUEUE_TUI_KILL_GRACE_MS: '1000'};
const cli = (...args) => spawnSync(process.execPath, [CLI, ...args], {env, cwd: dir, encoding: 'utf8'});
const kill = (pid, signal = 'SIGKILL') => {
	try {
		process.kill(pid, signal);
		return true;
	} catch {
		return false;
	}
};

// The TUI, in a private tmux server (it needs a terminal); skipped where tmux is missing.
const hasTmux = spawnSync('tmux', ['-V']).status === 0;
const tuiEnv = Object.fromEntries(Object.entries(env).filter(([k]) => k !== 'CI' && !k.startsWith('TMUX') && k !== 'QUEUE_TUI_HOME'));
Object.assign(tuiEnv, {TERM: 'xterm-256color', LANG: 'C.UTF-8'});
const socket = `qtui-soak-${randomBytes(4).toString('hex')}`;
const tmux = (...args) => execFileSync('tmux', ['-u', '-L', socket, '-f', '/dev/null', ...args], {env: tuiEnv, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore']});
const tuiPid = () => {
	try {
		return Number(tmux('display-message', '-p', '-t', 'tui', '#{pane_pid}').trim()) || undefined;
	} catch {
		return undefined;
	}
};
const screen = () => {
	try {
		return tmux('capture-pane', '-p', '-t', 'tui');
	} catch {
		return '';
	}
};
const startTui = () => tmux('new-session', '-d', '-s', 'tui', '-x', '100', '-y', '30', '-c', dir, process.execPath, CLI, '--home', home);
let typed = 0;
/** Kills the TUI, half the time just after Enter in its add prompt; then opens it again. */
async function killTui() {
	const pid = tuiPid();
	if (!pid) return false;
	// Acting needs a drawn TUI (keys sent while it starts are lost, which is no test of anything).
	for (let i = 0; i < 100 && !/#\d|queue/.test(screen()); i++) await sleep(20);
	if (Math.random() < 0.5) {
		typed++;
		tmux('send-keys', '-t', 'tui', 'a');
		await sleep(rand(50, 150));
		tmux('send-keys', '-t', 'tui', '-l', `echo $QUEUE_TUI_JOB_ID >> ${runs}`);
		tmux('send-keys', '-t', 'tui', 'Enter');
		await sleep(rand(0, 150));
	}
	const killed = kill(pid);
	for (let i = 0; i < 50 && tuiPid(); i++) await sleep(20);
	startTui();
	return killed;
}

const expected = new Map();
for (let i = 1; i <= JOBS; i++) {
	const code = i % 4 === 0 ? 3 : 0;
	const r = cli('add', '--no-start', '--retries', '0', '--shell', `echo $QUEUE_TUI_JOB_ID >> ${runs}; sleep ${rand(0, 0.25).toFixed(2)}; exit ${code}`);
	if (r.status !== 0) throw new Error(`add failed: ${r.stderr}`);
	expected.set(Number(r.stdout.trim()), code);
}

// Kill at random: the lease holder (whoever it is) most of the time, the foreground headless one now and then.
let kills = 0;
let tuiKills = 0;
let headless;
if (hasTmux) startTui();
const started = Date.now();
while (kills < KILLS) {
	if (!headless || headless.exitCode !== null || headless.signalCode !== null) {
		headless = spawn(process.execPath, [CLI, '--headless'], {env, cwd: dir, stdio: 'ignore'});
	}
	if (Math.random() < 0.5) cli('start');
	await sleep(rand(20, 400));
	// Every fourth kill is the TUI's; the others the lease holder's, or the foreground --headless.
	const dice = Math.random();
	if (hasTmux && kills % 4 === 1) {
		if (await killTui()) (kills++, tuiKills++);
		continue;
	}
	const target = dice < 0.25 ? headless.pid : runnerPid(home);
	if (target && kill(target)) kills++;
}
if (headless && headless.exitCode === null) kill(headless.pid);
if (hasTmux) {
	const pid = tuiPid();
	if (pid) kill(pid);
	try {
		tmux('kill-server');
	} catch {}
}
const killPhaseMs = Date.now() - started;

// A clean runner finishes the queue; whatever has not ended within the deadline is wedged.
cli('start');
const deadline = Date.now() + 120_000;
const states = () => {
	const r = cli('list', '--all', '--json');
	return r.status === 0 ? JSON.parse(r.stdout) : [];
};
let jobs = states();
while (Date.now() < deadline && jobs.some(j => !['succeeded', 'failed', 'cancelled', 'timed_out', 'skipped'].includes(j.state))) {
	await sleep(200);
	jobs = states();
}
const counts = new Map();
for (const line of (fs.existsSync(runs) ? fs.readFileSync(runs, 'utf8') : '').split('\n').filter(Boolean)) counts.set(Number(line), (counts.get(Number(line)) ?? 0) + 1);
const result = {bench: 'kill-soak', node: process.version, date: new Date().toISOString(), jobs: JOBS, kills, tuiKills, typed, tuiJobs: 0, killPhaseMs, runs: 0, lost: 0, ranTwice: 0, wedged: 0, wrong: 0, problems: []};
for (const [id, code] of expected) {
	const job = jobs.find(j => j.id === id);
	const n = counts.get(id) ?? 0;
	result.runs += n;
	const final = job && ['succeeded', 'failed'].includes(job.state);
	if (!job) result.lost++;
	else if (!final) result.wedged++;
	if (n > 1) result.ranTwice++;
	const right = final && n === 1 && job.exitCode === code && job.state === (code === 0 ? 'succeeded' : 'failed');
	if (final && !right) result.wrong++;
	if (!right) result.problems.push({id, state: job?.state, exitCode: job?.exitCode, runs: n, want: code});
}
// Jobs typed into the TUI: each queued one ran once and succeeded; no more of them than were typed.
for (const job of jobs.filter(j => !expected.has(j.id))) {
	const n = counts.get(job.id) ?? 0;
	result.tuiJobs++;
	result.runs += n;
	if (!['succeeded', 'failed'].includes(job.state)) result.wedged++;
	else if (n !== 1 || job.state !== 'succeeded') result.wrong++;
	if (n > 1) result.ranTwice++;
	if (n !== 1 || job.state !== 'succeeded') result.problems.push({id: job.id, typed: true, state: job.state, exitCode: job.exitCode, runs: n, want: 0});
}
if (result.tuiJobs > typed) result.problems.push({tuiJobs: result.tuiJobs, typed});
stopRunner(home);
await sleep(300);
fs.rmSync(dir, {recursive: true, force: true});
console.log(JSON.stringify(result, null, 2));
