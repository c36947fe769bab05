// What a long history costs: a queue grown to 200, 10k and 50k finished jobs (each with two
// attempts, a log and a report, like real ones), then each CLI command timed against `node -e 0`
// in the same run, interleaved so machine noise hits both alike; then `add` again with a live
// runner (handed over its socket), against a floor measured beside it while that runner is up.
// `npm run bench -- history` (QTUI_BENCH_SIZES=200,10000 to choose sizes; QTUI_BENCH_RUNS=N samples).
import {spawn, spawnSync} from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {CLI, growHistory, median, round, tempDir, timeCommand} from './lib.js';

const SIZES = (process.env.QTUI_BENCH_SIZES ?? '10000,50000').split(',').map(Number);
const RUNS = Number(process.env.QTUI_BENCH_RUNS ?? 15);

const COMMANDS = {
	'node -e 0': null,
	status: ['status'],
	list: ['list'],
	'list --all --json': ['list', '--all', '--json'],
	'wait (finished)': ['wait', '1'],
	'hook prompt (idle)': ['hook', 'prompt'],
	'add --no-start': ['add', '--no-start', '--', 'true'],
};

/** `add` handed to a foreground runner, each beside a `node -e 0` (the runner runs the jobs meanwhile, as it would). */
async function withLiveRunner(dir, env, lastId) {
	const runner = spawn(process.execPath, [CLI, '--headless'], {cwd: dir, env, stdio: 'ignore'});
	const sock = path.join(env.QUEUE_TUI_HOME, 'runner.sock');
	for (const end = Date.now() + 60_000; !fs.existsSync(sock) && Date.now() < end;) await new Promise(r => setTimeout(r, 20));
	const floor = [];
	const add = [];
	for (let r = 0; r < RUNS; r++) {
		floor.push(timeCommand(process.execPath, ['-e', '0']));
		add.push(timeCommand(process.execPath, [CLI, 'add', '--', 'true'], {cwd: dir, env}));
	}
	// Every job queued here has run (FIFO), so the runner leaves no work behind to a background one.
	timeCommand(process.execPath, [CLI, 'wait', String(lastId)], {cwd: dir, env});
	runner.kill('SIGTERM');
	await new Promise(r => runner.once('exit', r));
	return {ms: round(median(add)), vsNode: pairedRatio(add, floor), nodeMs: round(median(floor))};
}

/**
 * The median of each run's ratio to the `node -e 0` measured beside it in that run. This machine's
 * speed drifts within a minute (the floor itself moved 90 → 125 ms in one run), and a ratio of two
 * medians taken over different moments carries that drift; a run's own pair does not.
 */
function pairedRatio(samples, floors) {
	return round(median(samples.map((ms, i) => ms / floors[i])), 2);
}

const results = {};
for (const n of SIZES) {
	const dir = tempDir();
	const home = path.join(dir, '.queue');
	await growHistory(home, n);
	const env = {...process.env, QUEUE_TUI_HOME: home};
	const samples = Object.fromEntries(Object.keys(COMMANDS).map(k => [k, []]));
	for (let r = 0; r < RUNS; r++) {
		for (const [name, args] of Object.entries(COMMANDS)) {
			const input = name.startsWith('hook') ? JSON.stringify({session_id: 'bench', cwd: dir, hook_event_name: 'UserPromptSubmit', prompt: 'hi'}) : undefined;
			samples[name].push(args ? timeCommand(process.execPath, [CLI, ...args], {cwd: dir, env, input, maxBuffer: 1 << 30}) : timeCommand(process.execPath, ['-e', '0']));
		}
	}
	const floor = median(samples['node -e 0']);
	results[n] = Object.fromEntries(Object.entries(samples).map(([k, v]) => [k, {ms: round(median(v)), vsNode: pairedRatio(v, samples['node -e 0'])}]));
	// It prints every job, so its own figure is the time over the floor per 1k rows printed (flat if the cost follows the output only).
	const rows = spawnSync(process.execPath, [CLI, 'list', '--all', '--ids'], {cwd: dir, env, encoding: 'utf8', maxBuffer: 1 << 30}).stdout.split('\n').length - 1;
	results[n]['list --all --json'].msPer1kRowsOverFloor = round((median(samples['list --all --json']) - floor) / (rows / 1000), 2);
	results[n]['node -e 0'].loadAverage = round(os.loadavg()[0], 1);
	results[n]['add (live runner)'] = await withLiveRunner(dir, env, n + 2 * RUNS);
	fs.rmSync(dir, {recursive: true, force: true});
}
console.log(JSON.stringify({bench: 'history', runs: RUNS, results}, null, 2));
