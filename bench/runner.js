// The runner's own cost per job: 1,000 `true` jobs queued beforehand (in one process, so client
// start-up is not counted), then one runner works through them at parallel 1; wall time per job,
// less the floor measured in the same run: Node starting 1,000 `true`s one after the other, each
// under the same /bin/sh exit-status wrapper the runner uses (bookkeeping = per job - floor).
// Beside it, task-spooler and nq (when installed) queue and run the same 1,000 `true`s: their
// figure includes their (C / shell) client per job, ours does not.
// `npm run bench -- runner` (QTUI_BENCH_JOBS=N to change the count).
import {spawn, spawnSync} from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import {CLI, have, round, stopRunner, tempDir, timeCommand} from './lib.js';

const N = Number(process.env.QTUI_BENCH_JOBS ?? 1000);

/** ms per job to start `true` under the wrapper and see it exit, one at a time, from Node (no queue). */
async function spawnFloor(cwd) {
	const {WRAPPER_SCRIPT: wrapper} = await import('../dist/source/core/job-process.js');
	const t = process.hrtime.bigint();
	for (let i = 0; i < N; i++) {
		const exit = path.join(cwd, `floor-${i}`);
		await new Promise((resolve, reject) => {
			const child = spawn('/bin/sh', ['-c', wrapper, 'queue-tui-job', exit, 'true'], {cwd, stdio: 'ignore', detached: true});
			child.on('error', reject);
			child.on('exit', resolve);
		});
		fs.rmSync(exit, {force: true});
	}
	return Number(process.hrtime.bigint() - t) / 1e6 / N;
}
const results = {jobs: N};

const {openQueue, enqueue} = await import('../dist/source/core/queue.js');
const dir = tempDir();
const home = path.join(dir, '.queue');
const q = openQueue({home});
const spec = {argv: ['true'], shell: false, cwd: dir, env: {}, kind: 'generic', maxRetries: 0, backoffMs: 0};
for (let i = 0; i < N; i++) enqueue(q, spec);
q.store.close();
const env = {...process.env, QUEUE_TUI_HOME: home};
const ms = timeCommand('bash', ['-c', `node ${CLI} start >/dev/null && node ${CLI} wait ${N} >/dev/null`], {env, cwd: dir});
// What the two CLI starts cost on their own, measured the same way, is taken off.
const cliFloor = timeCommand('bash', ['-c', `node ${CLI} --version >/dev/null && node ${CLI} --version >/dev/null`]);
const perJob = (ms - cliFloor) / N;
const floor = await spawnFloor(dir);
results.queueTui = {totalMs: Math.round(ms), perJobMs: round(perJob, 2), spawnFloorPerJobMs: round(floor, 2), bookkeepingPerJobMs: round(perJob - floor, 2), target: 'bookkeeping <= 10 ms per job'};
stopRunner(home);
fs.rmSync(dir, {recursive: true, force: true});

if (have('tsp')) {
	const tmp = tempDir();
	const e = {...process.env, TMPDIR: tmp, TS_SOCKET: path.join(tmp, 'sock'), TS_MAXFINISHED: String(N + 10)};
	const t = timeCommand('bash', ['-c', `for i in $(seq ${N}); do tsp true >/dev/null; done; tsp -w >/dev/null 2>&1 || true`], {env: e});
	results.tsp = {totalMs: Math.round(t), perJobMs: round(t / N, 2)};
	spawnSync('tsp', ['-K'], {env: e});
	fs.rmSync(tmp, {recursive: true, force: true});
}
if (have('nq')) {
	const tmp = tempDir();
	const t = timeCommand('bash', ['-c', `for i in $(seq ${N}); do nq -q true >/dev/null; done; nq -w`], {env: {...process.env, NQDIR: tmp}});
	results.nq = {totalMs: Math.round(t), perJobMs: round(t / N, 2)};
	fs.rmSync(tmp, {recursive: true, force: true});
}
console.log(JSON.stringify({bench: 'runner', node: process.version, date: new Date().toISOString(), ...results}, null, 2));
