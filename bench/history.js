// What a long history costs: a queue grown to 200, 10k and 50k finished jobs (each with two
// attempts, a log and a report, like real ones), then each CLI command timed against `node -e 0`
// in the same run, interleaved so machine noise hits both alike.
// `npm run bench -- history` (QTUI_BENCH_SIZES=200,10000 to choose sizes; QTUI_BENCH_RUNS=N samples).
import fs from 'node:fs';
import path from 'node:path';
import {CLI, growHistory, median, round, tempDir, timeCommand} from './lib.js';

const SIZES = (process.env.QTUI_BENCH_SIZES ?? '200,10000,50000').split(',').map(Number);
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
	results[n] = Object.fromEntries(Object.entries(samples).map(([k, v]) => [k, {ms: round(median(v)), vsNode: round(median(v) / floor, 2)}]));
	fs.rmSync(dir, {recursive: true, force: true});
}
console.log(JSON.stringify({bench: 'history', runs: RUNS, results}, null, 2));
