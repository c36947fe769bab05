// `--snapshot` on a generated repository of 10k files (a few changed, a few untracked): the time it
// adds to `add` (the commit of the dirty tree) and to the job's start (the worktree), each against
// the same step without --snapshot in the same run. The first snapshot job of the repository checks
// out afresh at its start when the queue was idle (`firstStartMs`), or starts from the checkout the
// runner made while it waited behind a running job (`firstStartPreparedMs`, median of up to 5); later
// ones start from the spare checkout the last one left (`startMs`, median of QTUI_BENCH_RUNS, 7). `checkoutMs` compares the ways to make the worktree,
// run by git directly on the same snapshot in the same run: a fresh checkout by one process
// (what `git worktree add` does by default), by parallel workers, and the spare brought to the
// snapshot (what the runner does). `npm run bench -- snapshot`.
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
const timed = (cwd, ...args) => {
	const t = process.hrtime.bigint();
	const r = spawnSync('git', args, {cwd, env, stdio: ['ignore', 'pipe', 'pipe']});
	if (r.status !== 0) throw new Error(`git ${args.join(' ')}: ${r.stderr}`);
	return Number(process.hrtime.bigint() - t) / 1e6;
};

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
let firstStart;
for (let i = 0; i <= RUNS; i++) {
	for (const kind of ['plain', 'snapshot']) {
		const stamp = path.join(dir, `.queue-stamp-${kind}-${i}`);
		const args = ['add', ...(kind === 'snapshot' ? ['--snapshot'] : []), '--retries', '0', '--shell', `date +%s%3N > ${stamp}`];
		const t = process.hrtime.bigint();
		const r = cli(args);
		const addMs = Number(process.hrtime.bigint() - t) / 1e6;
		if (r.status !== 0) throw new Error(`add failed: ${r.stderr}`);
		const id = r.stdout.trim().match(/\d+/)[0];
		const startMs = startGap(id, stamp);
		// Round 0 is the repository's first snapshot job: no spare checkout yet.
		if (i === 0 && kind === 'snapshot') firstStart = startMs;
		if (i === 0) continue;
		add[kind].push(addMs);
		start[kind].push(startMs);
	}
}

// A repository's first snapshot job again (no spare: `clean --worktrees` removes it), this time
// queued behind a running job, as when an agent queues the suite while something runs: the runner
// checks its tree out while it waits, and the start is what is left.
const pause = new Int32Array(new SharedArrayBuffer(4));
function waitFor(what, fn) {
	for (const end = Date.now() + 300_000; Date.now() < end; Atomics.wait(pause, 0, 0, 20)) if (fn()) return;
	throw new Error(`timed out waiting for ${what}`);
}
const preparedStart = [];
for (let i = 0; i < Math.min(RUNS, 5); i++) {
	const cleaned = cli(['clean', '--worktrees']);
	if (cleaned.status !== 0 || fs.readdirSync(path.join(home, 'worktrees')).length > 0) throw new Error(`spare not cleaned: ${cleaned.stdout}${cleaned.stderr}`);
	const go = path.join(dir, `.queue-go-${i}`);
	const blocker = cli(['add', '--', 'sh', '-c', `while [ ! -e ${go} ]; do sleep 0.02; done`]);
	if (blocker.status !== 0) throw new Error(`add failed: ${blocker.stderr}`);
	const stamp = path.join(dir, `.queue-stamp-prepared-${i}`);
	const r = cli(['add', '--snapshot', '--retries', '0', '--shell', `date +%s%3N > ${stamp}`]);
	if (r.status !== 0) throw new Error(`add failed: ${r.stderr}`);
	const id = r.stdout.trim().match(/\d+/)[0];
	waitFor('the prepared checkout', () => fs.existsSync(path.join(home, 'worktrees', `prep-${id}.ready`)));
	fs.writeFileSync(go, '');
	preparedStart.push(startGap(id, stamp));
}
stopRunner(home);

// The same snapshot checked out each way, alternating, in the same run.
const snap = spawnSync('git', ['stash', 'create'], {cwd: dir, env, encoding: 'utf8'}).stdout.trim();
const wt = path.join(dir, '.queue', 'bench-wt');
const checkout = {sequential: [], parallel: [], spare: []};
for (let i = 0; i < RUNS; i++) {
	for (const kind of ['sequential', 'parallel']) {
		checkout[kind].push(timed(dir, '-c', `checkout.workers=${kind === 'parallel' ? 0 : 1}`, 'worktree', 'add', '--detach', '--force', wt, snap));
		if (kind === 'parallel') continue;
		timed(dir, 'worktree', 'remove', '--force', '--force', wt);
	}
	// What a job leaves: one file changed; then the spare is brought back to the snapshot and checked.
	fs.appendFileSync(path.join(wt, 'src', 'm3', 'f3.py'), 'EDITED = 1\n');
	fs.writeFileSync(path.join(wt, 'left-by-job.txt'), 'x\n');
	const strict = ['-c', 'core.fsmonitor=false', '-c', 'core.untrackedCache=false'];
	checkout.spare.push(timed(wt, 'update-ref', '--no-deref', 'HEAD', snap) + timed(wt, ...strict, 'reset', '-q', '--hard')
		+ timed(wt, ...strict, 'clean', '-ffdxq') + timed(wt, ...strict, 'status', '--porcelain', '--ignored', '--untracked-files=all'));
	timed(dir, 'worktree', 'remove', '--force', '--force', wt);
}
fs.rmSync(dir, {recursive: true, force: true});
const m = o => ({plain: round(median(o.plain)), snapshot: round(median(o.snapshot)), addedMs: round(median(o.snapshot) - median(o.plain))});
const c = Object.fromEntries(Object.entries(checkout).map(([k, v]) => [k, round(median(v))]));
console.log(JSON.stringify({
	bench: 'snapshot', files: FILES, runs: RUNS, addMs: m(add), firstStartMs: {snapshot: round(firstStart), addedMs: round(firstStart - median(start.plain))},
	firstStartPreparedMs: {snapshot: round(median(preparedStart)), max: round(Math.max(...preparedStart)), addedMs: round(median(preparedStart) - median(start.plain))}, startMs: m(start),
	checkoutMs: {...c, parallelVsSequential: round(c.parallel / c.sequential, 2), spareVsSequential: round(c.spare / c.sequential, 2)}, targetAddedMs: 1000,
}));
