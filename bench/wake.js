// Job exit → `queue-tui wait` returns, and job exit → the status files show the end: how long a
// waiting agent or script (or a reader of .queue/status.json) sits after its job ended. Each job
// writes the time (ns) just before it exits; `wait` was started well before. Beside it, the floor
// of the same run: this process, idle and watching the directory, woken by the job's own write.
// p50/p95 over N jobs (QTUI_BENCH_RUNS, default 50). `npm run bench -- wake`.
import {spawn, spawnSync} from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {CLI, percentile, round, stopRunner, tempDir} from './lib.js';

const RUNS = Number(process.env.QTUI_BENCH_RUNS ?? 50);
const dir = tempDir();
const home = path.join(dir, '.queue');
const env = {...process.env, QUEUE_TUI_HOME: home};
const cli = args => spawnSync(process.execPath, [CLI, ...args], {cwd: dir, env, encoding: 'utf8'});

const nowNs = () => process.hrtime.bigint() + OFFSET;
// hrtime has no fixed origin: line it up with the wall clock once, so the job's `date +%s%N` compares.
const OFFSET = BigInt(Date.now()) * 1_000_000n - process.hrtime.bigint();

// The floor: the job's stamp file seen by a directory watch in this (idle) process.
const stampSeen = new Map();
fs.watch(dir, (_e, name) => {
	if (name && /^t\d+$/.test(name) && !stampSeen.has(name)) stampSeen.set(name, nowNs());
}).unref();
// status.json showing job `id` ended, the first time a rewrite of it does.
const statusSeen = new Map();
let current;
const lookAtStatus = () => {
	try {
		const s = JSON.parse(fs.readFileSync(path.join(home, 'status.json'), 'utf8'));
		if (current && s.last?.id === Number(current) && !statusSeen.has(current)) statusSeen.set(current, nowNs());
	} catch {}
};

const waitLags = [];
const statusLags = [];
const floorLags = [];
for (let i = 0; i < RUNS; i++) {
	const stamp = path.join(dir, `t${i}`);
	const id = cli(['add', '--retries', '0', '--shell', `sleep 0.6; date +%s%N > ${stamp}`]).stdout.trim();
	current = id;
	const watcher = fs.watch(home, (_e, name) => name === 'status.json' && lookAtStatus());
	const waited = await new Promise(resolve => {
		const w = spawn(process.execPath, [CLI, 'wait', id], {cwd: dir, env, stdio: ['ignore', 'pipe', 'inherit']});
		w.stdout.once('data', () => resolve(nowNs()));
	});
	const deadline = Date.now() + 10_000;
	while (!statusSeen.has(id) && Date.now() < deadline) await new Promise(r => setTimeout(r, 5));
	watcher.close();
	const exited = BigInt(fs.readFileSync(stamp, 'utf8').trim());
	waitLags.push(Number(waited - exited) / 1e6);
	if (statusSeen.has(id)) statusLags.push(Number(statusSeen.get(id) - exited) / 1e6);
	if (stampSeen.has(`t${i}`)) floorLags.push(Number(stampSeen.get(`t${i}`) - exited) / 1e6);
}
stopRunner(home);
fs.rmSync(dir, {recursive: true, force: true});
const figures = lags => ({p50: round(percentile(lags, 50)), p95: round(percentile(lags, 95)), max: round(Math.max(...lags))});
console.log(JSON.stringify({
	bench: 'wake', node: process.version, date: new Date().toISOString(), loadavg: os.loadavg().map(n => round(n, 1)), runs: RUNS,
	exitToWaitMs: figures(waitLags), exitToStatusFileMs: {...figures(statusLags), seen: statusLags.length},
	floorIdleWatcherMs: figures(floorLags), targets: {waitP95: '<= 20 ms', statusFileP95: '<= 300 ms'},
}));
