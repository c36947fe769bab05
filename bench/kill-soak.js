// The random-kill soak. Run: npm run bench -- kill-soak   (or: node bench/kill-soak.js --jobs 12 --kills 8)
// Jobs that append their id to a file (so each run is counted) and end with a known exit code are
// queued; runners (detached ones started by `start`, and a foreground `--headless`) are killed with
// SIGKILL at random instants while jobs start and end, and started again. Afterwards a clean runner
// finishes the queue, and every job is checked: lost (never ended), run twice, wedged (not ended in
// time), wrong (state or exit code not the job's own). All four must be 0.
import {spawn, spawnSync} from 'node:child_process';
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

const expected = new Map();
for (let i = 1; i <= JOBS; i++) {
	const code = i % 4 === 0 ? 3 : 0;
	const r = cli('add', '--no-start', '--retries', '0', '--shell', `echo $QUEUE_TUI_JOB_ID >> ${runs}; sleep ${rand(0, 0.25).toFixed(2)}; exit ${code}`);
	if (r.status !== 0) throw new Error(`add failed: ${r.stderr}`);
	expected.set(Number(r.stdout.trim()), code);
}

// Kill at random: the lease holder (whoever it is) most of the time, the foreground headless one now and then.
let kills = 0;
let headless;
const started = Date.now();
while (kills < KILLS) {
	if (!headless || headless.exitCode !== null || headless.signalCode !== null) {
		headless = spawn(process.execPath, [CLI, '--headless'], {env, cwd: dir, stdio: 'ignore'});
	}
	if (Math.random() < 0.5) cli('start');
	await sleep(rand(20, 400));
	const target = Math.random() < 0.25 ? headless.pid : runnerPid(home);
	if (target && kill(target)) kills++;
}
if (headless && headless.exitCode === null) kill(headless.pid);
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
const result = {bench: 'kill-soak', node: process.version, date: new Date().toISOString(), jobs: JOBS, kills, killPhaseMs, runs: 0, lost: 0, ranTwice: 0, wedged: 0, wrong: 0, problems: []};
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
stopRunner(home);
await sleep(300);
fs.rmSync(dir, {recursive: true, force: true});
console.log(JSON.stringify(result, null, 2));
