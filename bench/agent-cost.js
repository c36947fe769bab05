// What an agent pays to follow the queue, in bytes (~4 bytes a token), beside task-spooler's `tsp -l`
// for the same six jobs, and how long the non-waiting hooks take. Run: npm run bench -- agent-cost
import {execFileSync, spawnSync} from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import {CLI, have, median, percentile, round, stopRunner, tempDir} from './lib.js';

const dir = tempDir();
const home = path.join(dir, '.queue');
const env = {...process.env, QUEUE_TUI_HOME: home, CLAUDE_CODE_SESSION_ID: 'bench-session'};
const q = (...args) => execFileSync(process.execPath, [CLI, ...args], {env, cwd: dir, encoding: 'utf8'});

// Six jobs as in the task-spooler measurement: 3 finished, 1 running, 2 queued (sleep 60).
for (let i = 0; i < 3; i++) q('add', '--', 'true');
q('wait', '1', '2', '3');
for (let i = 0; i < 3; i++) q('add', '--', 'sleep', '60');
const deadline = Date.now() + 10_000;
while (!fs.readFileSync(path.join(home, 'status'), 'utf8').includes('running') && Date.now() < deadline) spawnSync('sleep', ['0.05']);

const bytes = text => Buffer.byteLength(text);
const result = {
	statusFilePoll: bytes(fs.readFileSync(path.join(home, 'status'), 'utf8')),
	statusCommand: bytes(q('status')),
	statusJson: bytes(q('status', '--json')),
	list: bytes(q('list')),
	listJson: bytes(q('list', '--json')),
};

// One completion line, as `run` prints it and the hooks inject it (a failing pytest suite).
fs.mkdirSync(path.join(dir, 'tests'));
fs.writeFileSync(path.join(dir, 'tests', 'test_x.py'), 'def test_ok(): pass\ndef test_rt(): assert 1 == 2\n');
q('cancel', '4', '5', '6');
const run = spawnSync(process.execPath, [CLI, 'run', '--retries', '0', '--', 'python3', '-m', 'pytest', 'tests/'], {env, cwd: dir, encoding: 'utf8'});
result.completionLine = bytes(run.stdout);
result.completionLineText = run.stdout.trim();

// Hooks: an idle call prints nothing; latency against a bare node start.
const hookInput = event => JSON.stringify({session_id: 'bench-session', cwd: dir, hook_event_name: event, transcript_path: '/dev/null'});
const timeHook = (event, runs = 20) => {
	const times = [];
	let out = '';
	for (let i = 0; i < runs; i++) {
		const t = process.hrtime.bigint();
		const r = spawnSync(process.execPath, [CLI, 'hook', event], {env, cwd: dir, input: hookInput(event), encoding: 'utf8'});
		times.push(Number(process.hrtime.bigint() - t) / 1e6);
		out = r.stdout;
	}
	return {p50Ms: round(median(times)), p95Ms: round(percentile(times, 95)), idleBytes: bytes(out)};
};
const floorTimes = [];
for (let i = 0; i < 20; i++) {
	const t = process.hrtime.bigint();
	spawnSync(process.execPath, ['-e', '0']);
	floorTimes.push(Number(process.hrtime.bigint() - t) / 1e6);
}
result.hooks = {nodeFloorP50Ms: round(median(floorTimes)), prompt: timeHook('prompt'), postTool: timeHook('post-tool'), sessionStart: timeHook('session-start')};

if (have('tsp')) {
	const tmp = tempDir();
	const e = {...process.env, TMPDIR: tmp, TS_SOCKET: path.join(tmp, 'sock')};
	for (let i = 0; i < 3; i++) spawnSync('tsp', ['true'], {env: e});
	spawnSync('tsp', ['-w'], {env: e});
	for (let i = 0; i < 3; i++) spawnSync('tsp', ['sleep', '60'], {env: e});
	spawnSync('sleep', ['0.3']);
	result.tspList = bytes(spawnSync('tsp', ['-l'], {env: e, encoding: 'utf8'}).stdout);
	spawnSync('tsp', ['-K'], {env: e});
	fs.rmSync(tmp, {recursive: true, force: true});
}
result.pueueStatusJsonEstimate = 2200; // pueue is not installable here: an estimate of its `status --json` (the whole State) for these six tasks with empty environments
result.tokensPerPoll = round(result.statusFilePoll / 4);
result.tokensPerCompletion = round(result.completionLine / 4);
console.log(JSON.stringify({bench: 'agent-cost', node: process.version, date: new Date().toISOString(), ...result}, null, 2));
stopRunner(home);
fs.rmSync(dir, {recursive: true, force: true});
