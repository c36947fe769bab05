import fs from 'node:fs';
import path from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import {git, repo} from '../helpers/git-repo.js';
import {QueueEnv} from '../helpers/queue-env.js';

let env: QueueEnv;
afterEach(async () => env?.cleanup());

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
		// The runner takes the worktree down after the end (kept as the repository's spare checkout,
		// its HEAD back on the user's commit), then lets go of the snapshot's ref.
		await env.until(() => !fs.existsSync(path.join(env.home, 'worktrees', String(id))) && git(env.dir, 'for-each-ref', 'refs/queue-tui') === '', 'worktree and snapshot ref removed');
		const [spare] = fs.readdirSync(path.join(env.home, 'worktrees'));
		expect(spare).toMatch(/^spare-/);
		expect(worktrees(env.dir)).toBe(2);
		expect(git(path.join(env.home, 'worktrees', spare), 'rev-parse', 'HEAD')).toBe(head);
		expect(fs.readFileSync(path.join(env.dir, 'a.txt'), 'utf8')).toBe('edited after add\n');
		expect(await report(id)).toMatch(/ran on snapshot @[0-9a-f]{7}\+dirty/);
	});

	it('the next snapshot job starts from the spare checkout, brought to exactly its own tree', async () => {
		env = new QueueEnv();
		repo(env.dir);
		const log = (id: number) => fs.readFileSync(path.join(env.home, 'logs', `${id}.log`), 'utf8');
		const inode = (text: string) => text.match(/inode (\d+)/)?.[1];
		// The first job leaves its checkout in a mess: edits, new and ignored files, a branch with a commit on it.
		const first = await env.add(['--snapshot', '--shell', 'echo inode $(stat -c %i sub/b.txt); echo job > a.txt; echo junk > junk.txt; echo x > ignored.txt; rm untracked.txt; mkdir -p build/out && echo o > build/out/o;'
			+ ' git checkout -q -b job-branch && git -c user.name=j -c user.email=j@j commit -qam by-the-job']);
		expect((await env.cli(['wait', String(first)])).code).toBe(0);
		await env.until(() => git(env.dir, 'for-each-ref', 'refs/queue-tui') === '', 'first snapshot released');
		fs.writeFileSync(path.join(env.dir, 'a.txt'), 'edited between jobs\n');
		const show = 'echo inode $(stat -c %i sub/b.txt); cat a.txt untracked.txt; ls -A; git status --porcelain --ignored; echo end';
		const second = await env.add(['--snapshot', '--shell', show]);
		expect((await env.cli(['wait', String(second)])).code).toBe(0);
		// Same inode: the unchanged file was not written again, the checkout was reused.
		expect(inode(log(second))).toBe(inode(log(first)));
		expect(log(second)).toContain('edited between jobs\nnew file\n');
		expect(log(second)).not.toMatch(/junk|ignored\.txt|build|^job$/m);
		expect(log(second)).toMatch(/\.git\n\.gitignore\na\.txt\nsub\nuntracked\.txt\nend/);
		// The job's own branch was left where the job put it.
		expect(git(env.dir, 'log', '-1', '--format=%s', 'job-branch')).toBe('by-the-job');
		expect(git(env.dir, 'show', 'job-branch:a.txt')).toBe('job');

		// A spare git no longer knows as a worktree is not used: the job gets a fresh checkout.
		await env.until(() => git(env.dir, 'for-each-ref', 'refs/queue-tui') === '', 'second snapshot released');
		const [spare] = fs.readdirSync(path.join(env.home, 'worktrees'));
		fs.rmSync(path.join(env.home, 'worktrees', spare, '.git'));
		fs.writeFileSync(path.join(env.home, 'worktrees', spare, 'a.txt'), 'stale\n');
		const third = await env.add(['--snapshot', '--shell', show]);
		expect((await env.cli(['wait', String(third)])).code).toBe(0);
		expect(inode(log(third))).not.toBe(inode(log(second)));
		expect(log(third)).toContain('edited between jobs\nnew file\n');
		expect(log(third)).toMatch(/\.git\n\.gitignore\na\.txt\nsub\nuntracked\.txt\nend/);
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
