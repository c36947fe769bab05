// `--snapshot` on a generated repository of 10k files (a few changed, a few untracked): the time it
// adds to `add` (the commit of the dirty tree) and to the job's start (the worktree checked out),
// each against the same step without --snapshot in the same run. Median of QTUI_BENCH_RUNS (7).
// `npm run bench -- snapshot`.
import {spawnSync} from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import {createRequire} from 'node:module';
import {CLI, median, round, stopRunner, tempDir} from './lib.js';

const RUNS = Number(process.env.QTUI_BENCH_RUNS ?? 7);
const FILES = 10_000;
const dir = tempDir();
const home = path.join(dir, '.queue');
const env = {...process.env, QUEUE_TUI_HOME: home, GIT_AUTHOR_NAME: 'b', GIT_AUTHOR_EMAIL: 'b@b', GIT_COMMITTER_NAME: 'b', GIT_COMMITTER_EMAIL: 'b@b'};
const git = (...args) => spawnSync('git', args, {cwd: dir, env, stdio: 'ignore'});

for (let i = 0; i < FILES; i++) {
	const sub = path.join(dir, 'src', `m${i % 100}`);
	if (i < 100) fs.mkdirSync(sub, {recursive: true});
	fs.writeFileSync(path.join(sub, `f${i}.py`), `# module ${i}\nVALUE = ${i}\n`);
}
fs.writeFileSync(path.join(dir, '.gitignore'), '.queue/\n');
git('init', '-q');
git('add', '-A');
git('commit', '-q', '-m', 'generated');
// A working tree as an agent leaves it: some files changed, some new.
for (let i = 0; i < 10; i++) {
	fs.appendFileSync(path.join(dir, 'src', `m${i}`, `f${i}.py`), 'CHANGED = True\n');
	fs.writeFileSync(path.join(dir, `new${i}.py`), 'NEW = 1\n');
}

const Database = createRequire(import.meta.url)('better-sqlite3');
const cli = args => spawnSync(process.execPath, [CLI, ...args], {cwd: dir, env, encoding: 'utf8'});
/** The job writes its first instant (ms); the gap from the claim (the attempt's started_at) is the start cost. */
function startGap(id, stamp) {
	if (cli(['wait', id]).status !== 0) throw new Error(`job ${id} failed`);
	const db = new Database(path.join(home, 'queue.db'), {readonly: true});
	const claimed = db.prepare('SELECT started_at FROM attempts WHERE job_id = ? AND seq = 1').get(Number(id)).started_at;
	db.close();
	return Number(fs.readFileSync(stamp, 'utf8').trim()) - claimed;
}

const add = {plain: [], snapshot: []};
const start = {plain: [], snapshot: []};
for (let i = 0; i < RUNS; i++) {
	for (const kind of ['plain', 'snapshot']) {
		const stamp = path.join(dir, `.queue-stamp-${kind}-${i}`);
		const args = ['add', ...(kind === 'snapshot' ? ['--snapshot'] : []), '--retries', '0', '--shell', `date +%s%3N > ${stamp}`];
		const t = process.hrtime.bigint();
		const r = cli(args);
		add[kind].push(Number(process.hrtime.bigint() - t) / 1e6);
		if (r.status !== 0) throw new Error(`add failed: ${r.stderr}`);
		const id = r.stdout.trim().match(/\d+/)[0];
		start[kind].push(startGap(id, stamp));
	}
}
stopRunner(home);
fs.rmSync(dir, {recursive: true, force: true});
const m = o => ({plain: round(median(o.plain)), snapshot: round(median(o.snapshot)), addedMs: round(median(o.snapshot) - median(o.plain))});
console.log(JSON.stringify({bench: 'snapshot', files: FILES, runs: RUNS, addMs: m(add), startMs: m(start), targetAddedMs: 1000}));
