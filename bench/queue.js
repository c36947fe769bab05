// Benchmarks for the queue core. Run: npm run bench -- queue
// 1. `add` wall time against a bare `node -e 0` (the Node floor), interleaved in one run.
// 2. Job exit -> status file updated: p50/p95 over 50 jobs.
// 3. 200 trivial jobs enqueued (one `add` process each) and run to the end, beside task-spooler and nq when installed.
import {execFileSync, spawnSync} from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import {CLI, have, median, percentile, round, stopRunner, tempDir, timeCommand} from './lib.js';

const results = {};

function benchAdd(runs = 30) {
	const dir = tempDir();
	const home = path.join(dir, '.queue');
	const env = {...process.env, QUEUE_TUI_HOME: home};
	timeCommand(process.execPath, [CLI, 'add', '--no-start', '--', 'true'], {env, cwd: dir}); // creates the queue
	const floor = [];
	const add = [];
	for (let i = 0; i < runs; i++) {
		floor.push(timeCommand(process.execPath, ['-e', '0']));
		add.push(timeCommand(process.execPath, [CLI, 'add', '--no-start', '--', 'true'], {env, cwd: dir}));
	}
	results.add = {runs, nodeFloorMs: round(median(floor)), addMs: round(median(add)), ratio: round(median(add) / median(floor), 2), target: '<= 1.3'};
	fs.rmSync(dir, {recursive: true, force: true});
}

async function benchExitToStatus(jobs = 50) {
	const dir = tempDir();
	const home = path.join(dir, '.queue');
	const env = {...process.env, QUEUE_TUI_HOME: home};
	const marks = path.join(dir, 'marks');
	fs.mkdirSync(marks);
	// Each job writes its own exit moment (ns) as its last act, then exits.
	for (let i = 0; i < jobs; i++) {
		execFileSync(process.execPath, [CLI, 'add', '--no-start', '--shell', `sleep 0.15; date +%s%N > ${marks}/$QUEUE_TUI_JOB_ID`], {env, cwd: dir});
	}
	execFileSync(process.execPath, [CLI, 'start'], {env, cwd: dir});
	const statusFile = path.join(home, 'status.json');
	const seen = new Map(); // job id -> wall-clock ns when the status file first named it as the last result
	const wallNs = () => BigInt(Math.round((performance.timeOrigin + performance.now()) * 1e6));
	const deadline = Date.now() + 120_000;
	while (seen.size < jobs && Date.now() < deadline) {
		try {
			const s = JSON.parse(fs.readFileSync(statusFile, 'utf8'));
			if (s.last && !seen.has(String(s.last.id))) seen.set(String(s.last.id), wallNs());
		} catch {}
		await new Promise(r => setTimeout(r, 1));
	}
	const lat = [];
	for (const f of fs.readdirSync(marks)) {
		const exitNs = BigInt(fs.readFileSync(path.join(marks, f), 'utf8').trim());
		const seenNs = seen.get(f);
		if (seenNs !== undefined) lat.push(Number(seenNs - exitNs) / 1e6);
	}
	results.exitToStatus = {jobs: lat.length, p50Ms: round(percentile(lat, 50)), p95Ms: round(percentile(lat, 95)), maxMs: round(Math.max(...lat)), target: 'p95 <= 300'};
	stopRunner(home);
	fs.rmSync(dir, {recursive: true, force: true});
}

function bench200(n = 200) {
	const dir = tempDir();
	const home = path.join(dir, '.queue');
	const env = {...process.env, QUEUE_TUI_HOME: home};
	// Phase 1: 200 separate `add` processes (a user's or an agent's loop). Phase 2: the runner works through them.
	const addMs = timeCommand('bash', ['-c', `for i in $(seq ${n}); do node ${CLI} add --no-start -- true >/dev/null; done`], {env, cwd: dir});
	const runMs = timeCommand('bash', ['-c', `node ${CLI} start >/dev/null && node ${CLI} wait $(seq ${n}) >/dev/null`], {env, cwd: dir});
	const floor = timeCommand('bash', ['-c', `for i in $(seq ${n}); do node -e 0; done`]);
	results.twoHundred = {
		jobs: n, totalMs: Math.round(addMs + runMs), addPhaseMs: Math.round(addMs), runPhaseMs: Math.round(runMs),
		runnerPerJobMs: round(runMs / n), nodeStartFloorMs: Math.round(floor),
	};
	stopRunner(home);
	fs.rmSync(dir, {recursive: true, force: true});
	if (have('tsp')) {
		const tmp = tempDir();
		const e = {...process.env, TMPDIR: tmp, TS_SOCKET: path.join(tmp, 'sock'), TS_MAXFINISHED: '1000'};
		results.twoHundred.tspMs = Math.round(timeCommand('bash', ['-c', `for i in $(seq ${n}); do tsp true >/dev/null; done; tsp -w >/dev/null 2>&1 || true`], {env: e}));
		spawnSync('tsp', ['-K'], {env: e});
		fs.rmSync(tmp, {recursive: true, force: true});
	}
	if (have('nq')) {
		const tmp = tempDir();
		const e = {...process.env, NQDIR: tmp};
		results.twoHundred.nqMs = Math.round(timeCommand('bash', ['-c', `for i in $(seq ${n}); do nq -q true >/dev/null; done; nq -w`], {env: e}));
		fs.rmSync(tmp, {recursive: true, force: true});
	}
}

benchAdd();
await benchExitToStatus();
bench200();
console.log(JSON.stringify({bench: 'queue', node: process.version, date: new Date().toISOString(), ...results}, null, 2));
