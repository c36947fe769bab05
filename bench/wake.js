// Job exit → `queue-tui wait` returns: how long a waiting agent or script sits after its job ended.
// Each job writes the time (ns) just before it exits; `wait` was started well before. p50/p95
// over N jobs (QTUI_BENCH_RUNS, default 50). `npm run bench -- wake`.
import {spawn, spawnSync} from 'node:child_process';
import fs from 'node:fs';
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

const lags = [];
for (let i = 0; i < RUNS; i++) {
	const stamp = path.join(dir, `t${i}`);
	const id = cli(['add', '--retries', '0', '--shell', `sleep 0.6; date +%s%N > ${stamp}`]).stdout.trim();
	const waited = await new Promise(resolve => {
		const w = spawn(process.execPath, [CLI, 'wait', id], {cwd: dir, env, stdio: ['ignore', 'pipe', 'inherit']});
		w.stdout.once('data', () => resolve(nowNs()));
	});
	const exited = BigInt(fs.readFileSync(stamp, 'utf8').trim());
	lags.push(Number(waited - exited) / 1e6);
}
stopRunner(home);
fs.rmSync(dir, {recursive: true, force: true});
console.log(JSON.stringify({bench: 'wake', runs: RUNS, exitToWaitMs: {p50: round(percentile(lags, 50)), p95: round(percentile(lags, 95)), max: round(Math.max(...lags))}}));
