import fs from 'node:fs';
import path from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import {git, repo} from '../helpers/git-repo.js';
import {QueueEnv} from '../helpers/queue-env.js';

let env: QueueEnv;
afterEach(async () => env?.cleanup());

const wt = (name: string) => path.join(env.home, 'worktrees', name);
/** The worktrees git knows besides the main one. */
const listed = () => git(env.dir, 'worktree', 'list', '--porcelain').split('\n').filter(l => l.startsWith('worktree ')).map(l => l.slice(9)).slice(1).sort();
const refs = () => git(env.dir, 'for-each-ref', '--format=%(refname)', 'refs/queue-tui/').split('\n').filter(Boolean);
const refOf = (id: number) => JSON.parse(env.job(id).tree).ref as string;

describe('clean: snapshot checkouts and refs no unfinished job needs', () => {
	it('removes the spare once no snapshot job of its repository waits, orphaned worktrees and refs; keeps what jobs need and what the user locked', async () => {
		env = new QueueEnv();
		repo(env.dir);
		// A failed job keeps its worktree (--keep-snapshot); a finished one leaves the spare.
		const kept = await env.add(['--snapshot', '--keep-snapshot', '--retries', '0', '--', 'false']);
		expect((await env.cli(['wait', String(kept)])).code).toBe(1);
		const done = await env.add(['--snapshot', '--', 'true']);
		expect((await env.cli(['wait', String(done)])).code).toBe(0);
		await env.until(() => env.job(done).state === 'succeeded' && refs().length === 1 && !env.runnerPid(), 'runner gone, only the kept job\'s ref left');
		const [spare] = fs.readdirSync(path.join(env.home, 'worktrees')).filter(n => n.startsWith('spare-'));
		expect(spare).toBeDefined();
		const waiting = await env.add(['--no-start', '--snapshot', '--', 'true']);
		// Left by crashes and by hand: a worktree of no job, a prepared checkout of no waiting job, a ref of no job, a locked orphan.
		const snap = JSON.parse(env.job(waiting).tree).snap as string;
		git(env.dir, 'worktree', 'add', '-q', '--detach', wt('99'), snap);
		git(env.dir, 'worktree', 'add', '-q', '--detach', wt('prep-77'), snap);
		fs.writeFileSync(`${wt('prep-77')}.ready`, snap);
		git(env.dir, 'worktree', 'add', '-q', '--detach', wt('98'), snap);
		git(env.dir, 'worktree', 'lock', wt('98'));
		git(env.dir, 'update-ref', 'refs/queue-tui/snapshots/dead-0001', snap);

		const dry = await env.cli(['clean', '--worktrees', '--dry-run']);
		expect(dry.code).toBe(0);
		expect(dry.stdout).toContain('would remove 1 prepared checkout, 1 snapshot worktree, 1 snapshot ref no unfinished job needs');
		expect(dry.stdout).toContain(`left locked worktree ${wt('98')}`);
		expect(fs.existsSync(wt('99'))).toBe(true);
		expect(refs()).toContain('refs/queue-tui/snapshots/dead-0001');

		const first = await env.cli(['clean', '--worktrees']);
		expect(first.code).toBe(0);
		expect(first.stdout).toContain('removed 1 prepared checkout, 1 snapshot worktree, 1 snapshot ref no unfinished job needs');
		// The spare stays while a snapshot job of the repository waits; the kept worktree while its job's row is there.
		expect(fs.readdirSync(path.join(env.home, 'worktrees')).sort()).toEqual([String(kept), '98', spare].sort());
		expect(listed()).toEqual([wt(String(kept)), wt('98'), wt(spare)].sort());
		expect(refs().sort()).toEqual([refOf(kept), refOf(waiting)].sort());

		// Cancelled before it ran (its ref goes with the cancel): now nothing needs the spare.
		expect((await env.cli(['cancel', String(waiting)])).code).toBe(0);
		expect(refs()).toEqual([refOf(kept)]);
		const second = await env.cli(['clean', '--worktrees']);
		expect(second.stdout).toContain('removed 1 spare checkout no unfinished job needs');
		expect(refs()).toEqual([refOf(kept)]);
		// Removing the kept job's row lets its worktree and ref go too, in the same clean.
		const third = await env.cli(['clean', '--label', 'none-such']);
		expect(third.stdout).toContain('nothing to clean');
		const all = await env.cli(['clean', '--keep', '0']);
		expect(all.stdout).toMatch(/removed \d+ finished jobs/);
		expect(all.stdout).toContain('removed 1 snapshot worktree, 1 snapshot ref no unfinished job needs');
		expect(fs.readdirSync(path.join(env.home, 'worktrees'))).toEqual(['98']);
		expect(listed()).toEqual([wt('98')]);
		expect(refs()).toEqual([]);
		expect((await env.cli(['clean', '--worktrees'])).stdout).toContain('no snapshot checkouts to clean');
	});

	it('--worktrees with a job filter is exit 2 with one line and removes nothing', async () => {
		env = new QueueEnv();
		repo(env.dir);
		const r = await env.cli(['clean', '--worktrees', '--keep', '3']);
		expect(r.code).toBe(2);
		expect(r.stderr.trim().split('\n')).toHaveLength(1);
	});
});
