// What one change to the queue costs a reader, at 200, 10k and 50k finished jobs of history:
// the event log read from a cursor (what --headless narrates from), the window re-read that
// headless did before the log (every unfinished job and the newest 200 finished ones), and the
// TUI's whole read per change, now (the window kept from the log) and before (window, counts and
// labels read again). Each change is one job queued or cancelled; times are the median
// per change, in this process, same run for every size.
// `npm run bench -- follow` (QTUI_BENCH_SIZES=200,10000 to choose sizes; QTUI_BENCH_RUNS=N changes).
import fs from 'node:fs';
import path from 'node:path';
import {growHistory, median, round, tempDir} from './lib.js';

const SIZES = (process.env.QTUI_BENCH_SIZES ?? '200,10000,50000').split(',').map(Number);
const RUNS = Number(process.env.QTUI_BENCH_RUNS ?? 200);
const {openQueue, enqueue, cancelJobs} = await import('../dist/source/core/queue.js');
const {EventFollower} = await import('../dist/source/core/events.js');
const {queueWindow} = await import('../dist/source/core/queue-window.js');
const {createDbBackend} = await import('../dist/source/ui/backend.js');

const timed = fn => {
	const t = process.hrtime.bigint();
	fn();
	return Number(process.hrtime.bigint() - t) / 1e6;
};

const results = {};
for (const n of SIZES) {
	const dir = tempDir();
	const home = path.join(dir, '.queue');
	await growHistory(home, n);
	const q = openQueue({cwd: dir, home});
	const follower = new EventFollower(q.store);
	const backend = createDbBackend(q, {slots: 1});
	const samples = {'event log (headless now)': [], 'window re-read (headless before)': [], 'TUI read (now)': [], 'TUI read (before)': []};
	let told = 0;
	for (let r = 0; r < RUNS; r++) {
		const id = enqueue(q, {argv: ['true'], shell: false, cwd: dir, env: {}, kind: 'generic', maxRetries: 0, backoffMs: 0});
		if (r % 2) cancelJobs(q, [id]);
		samples['event log (headless now)'].push(timed(() => (told += follower.next().length)));
		samples['window re-read (headless before)'].push(timed(() => queueWindow(q.store, {finished: 200})));
		samples['TUI read (now)'].push(timed(() => backend.read()));
		samples['TUI read (before)'].push(timed(() => [queueWindow(q.store, {finished: 200}), q.store.countByState()]));
	}
	results[n] = {...Object.fromEntries(Object.entries(samples).map(([k, v]) => [k, {msPerChange: round(median(v), 3)}])), eventsTold: told};
	q.store.close();
	fs.rmSync(dir, {recursive: true, force: true});
}
console.log(JSON.stringify({bench: 'follow', changes: RUNS, results}, null, 2));
