// What a long history costs: a queue grown to 200, 10k and 50k finished jobs (each with two
// attempts, a log and a report, like real ones), then each CLI command timed against `node -e 0`
// in the same run, interleaved so machine noise hits both alike.
// `npm run bench -- history` (QTUI_BENCH_SIZES=200,10000 to choose sizes; QTUI_BENCH_RUNS=N samples).
import fs from 'node:fs';
import path from 'node:path';
import {CLI, median, round, tempDir, timeCommand} from './lib.js';
import {Store} from '../dist/source/core/store.js';

const SIZES = (process.env.QTUI_BENCH_SIZES ?? '200,10000,50000').split(',').map(Number);
const RUNS = Number(process.env.QTUI_BENCH_RUNS ?? 15);

/** Grows a queue home to `n` finished jobs, in one transaction (a history generator, not a benchmark). */
export function growHistory(home, n) {
	for (const dir of ['logs', 'reports', 'exits']) fs.mkdirSync(path.join(home, dir), {recursive: true, mode: 0o700});
	const store = Store.open(path.join(home, 'queue.db'));
	const t0 = Date.now() - n * 60_000;
	const states = ['succeeded', 'succeeded', 'succeeded', 'failed', 'cancelled'];
	store.tx(() => {
		for (let i = 0; i < n; i++) {
			const spec = {argv: ['python3', '-m', 'pytest', `tests/test_${i % 40}.py`], shell: false, cwd: home, env: {}, kind: 'pytest', maxRetries: 2, backoffMs: 2000, label: i % 3 ? `QUAL-${i % 97}` : undefined};
			const state = states[i % states.length];
			const id = store.insertJob(spec, state, t0 + i * 60_000);
			for (const seq of [1, 2]) {
				store.insertAttempt(id, seq, t0 + i * 60_000 + seq);
				store.updateAttempt(id, seq, {state: seq === 2 ? state : 'failed', finished_at: t0 + i * 60_000 + seq * 1000, exit_code: seq === 2 && state === 'succeeded' ? 0 : 1});
			}
			store.update(id, {attempt: 2, started_at: t0 + i * 60_000, finished_at: t0 + i * 60_000 + 2000, exit_code: state === 'succeeded' ? 0 : 1});
		}
	});
	store.close();
	for (let id = 1; id <= n; id++) {
		fs.writeFileSync(path.join(home, 'logs', `${id}.log`), `[queue-tui] job ${id} attempt 1 started\n..F.\n`);
		fs.writeFileSync(path.join(home, 'reports', `${id}.md`), `# job ${id}\n`);
	}
}

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
	growHistory(home, n);
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
