import {execFileSync} from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import {QueueEnv} from '../helpers/queue-env.js';

let env: QueueEnv;
afterEach(async () => env?.cleanup());

const git = (dir: string, ...args: string[]) =>
	execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@t', ...args], {cwd: dir, encoding: 'utf8'}).trim();

/** A repository with a commit, an uncommitted change, an untracked file and an ignored one. */
function repo(dir: string): string {
	git(dir, 'init', '-q', '-b', 'main');
	fs.writeFileSync(path.join(dir, 'a.txt'), 'committed\n');
	fs.writeFileSync(path.join(dir, '.gitignore'), 'ignored.txt\n');
	fs.mkdirSync(path.join(dir, 'sub'));
	fs.writeFileSync(path.join(dir, 'sub', 'b.txt'), 'b\n');
	git(dir, 'add', '-A');
	git(dir, 'commit', '-q', '-m', 'first');
	fs.writeFileSync(path.join(dir, 'a.txt'), 'edited before add\n');
	fs.writeFileSync(path.join(dir, 'untracked.txt'), 'new file\n');
	fs.writeFileSync(path.join(dir, 'ignored.txt'), 'secret\n');
	return git(dir, 'rev-parse', 'HEAD');
}

/** A job's report, once the runner has written it (wait answers at the commit, a moment before). */
const report = (id: number) => env.until(() => {
	const file = path.join(env.home, 'reports', `${id}.md`);
	return fs.existsSync(file) && fs.readFileSync(file, 'utf8');
}, `report #${id}`);

const worktrees = (dir: string) => git(dir, 'worktree', 'list', '--porcelain').split('\n').filter(l => l.startsWith('worktree ')).length;

describe('add --snapshot: the job runs on the tree as it was queued', () => {
	it('runs in a worktree of the tree at add time (untracked in, ignored out), leaves the user\'s index alone, and removes it after', async () => {
		env = new QueueEnv();
		const head = repo(env.dir);
		const indexBefore = git(env.dir, 'ls-files', '--stage');
		const id = await env.add(['--no-start', '--snapshot', '--cwd', path.join(env.dir, 'sub'), '--shell',
			'pwd; cat ../a.txt ../untracked.txt b.txt; test -e ../ignored.txt && echo IGNORED-PRESENT; echo done']);
		// The user goes on editing before the job starts.
		fs.writeFileSync(path.join(env.dir, 'a.txt'), 'edited after add\n');
		fs.rmSync(path.join(env.dir, 'untracked.txt'));
		expect(git(env.dir, 'ls-files', '--stage')).toBe(indexBefore);
		expect(git(env.dir, 'stash', 'list')).toBe('');
		expect(git(env.dir, 'status', '--porcelain')).toBe('M a.txt');

		const list = await env.cli(['list']);
		expect(list.stdout).toContain(`@${head.slice(0, 7)}+dirty`);
		const run = await env.cli(['start']);
		expect(run.code).toBe(0);
		const w = await env.cli(['wait', String(id)]);
		expect(w.code).toBe(0);
		const log = fs.readFileSync(path.join(env.home, 'logs', `${id}.log`), 'utf8');
		expect(log).toContain('edited before add');
		expect(log).toContain('new file');
		expect(log).not.toContain('IGNORED-PRESENT');
		expect(log).toMatch(new RegExp(`${env.home}/worktrees/${id}/sub\\n`));
		expect(w.stdout).toContain(`@${head.slice(0, 7)}+dirty`);
		// The runner takes the worktree down after the end, then lets go of the snapshot's ref.
		await env.until(() => !fs.existsSync(path.join(env.home, 'worktrees', String(id))) && git(env.dir, 'for-each-ref', 'refs/queue-tui') === '', 'worktree and snapshot ref removed');
		expect(worktrees(env.dir)).toBe(1);
		expect(fs.readFileSync(path.join(env.dir, 'a.txt'), 'utf8')).toBe('edited after add\n');
		expect(await report(id)).toMatch(/ran on snapshot @[0-9a-f]{7}\+dirty/);
	});

	it('--keep-snapshot keeps the worktree of a failed job and the report says where', async () => {
		env = new QueueEnv();
		repo(env.dir);
		const id = await env.add(['--snapshot', '--keep-snapshot', '--retries', '1', '--backoff', '0', '--shell', 'echo broken > a.txt; exit 3']);
		expect((await env.cli(['wait', String(id)])).code).toBe(3);
		const dir = path.join(env.home, 'worktrees', String(id));
		expect(fs.readFileSync(path.join(dir, 'a.txt'), 'utf8')).toBe('broken\n');
		expect(await report(id)).toContain(`worktree kept at ${dir}`);
		expect(env.job(id).worktree).toBe(dir);
		expect(fs.readFileSync(path.join(env.dir, 'a.txt'), 'utf8')).toBe('edited before add\n');
	});

	it('a "snapshot": true pattern in .queue-tui.json snapshots matching commands', async () => {
		env = new QueueEnv();
		repo(env.dir);
		fs.writeFileSync(path.join(env.dir, '.queue-tui.json'), JSON.stringify({patterns: [{command: 'cat', snapshot: true}]}));
		const snapped = await env.add(['--no-start', '--', 'cat', 'a.txt']);
		const plain = await env.add(['--no-start', '--', 'echo', 'a.txt']);
		expect(env.job(snapped).snapshot).toBe(1);
		expect(env.job(plain).snapshot).toBe(0);
	});

	it('without --snapshot the report says the tree changed between queueing and the start', async () => {
		env = new QueueEnv();
		repo(env.dir);
		const changed = await env.add(['--no-start', '--', 'true']);
		fs.writeFileSync(path.join(env.dir, 'a.txt'), 'edited again, and longer\n');
		expect((await env.cli(['start'])).code).toBe(0);
		const w = await env.cli(['wait', String(changed)]);
		expect(w.code).toBe(0);
		expect(w.stdout).toContain('(tree changed after queueing)');
		const md = await report(changed);
		expect(md).toMatch(/the tree changed between queueing \(@[0-9a-f]{7}\+dirty\) and the start/);
		const same = await env.add(['--', 'true']);
		const again = await env.cli(['wait', String(same)]);
		expect(again.stdout).not.toContain('tree changed');
		expect(await report(same)).toContain('unchanged since queueing');
	});

	it('outside git, --snapshot is exit 2 with one line and queues nothing', async () => {
		env = new QueueEnv();
		const r = await env.cli(['add', '--snapshot', '--', 'true']);
		expect(r.code).toBe(2);
		expect(r.stderr.trim().split('\n')).toHaveLength(1);
		expect(r.stderr).toMatch(/--snapshot needs a git repository/);
		const k = await env.cli(['add', '--keep-snapshot', '--', 'true']);
		expect(k.code).toBe(2);
		expect(env.runnerPid()).toBeUndefined();
	});
});
