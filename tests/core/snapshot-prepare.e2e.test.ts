import fs from 'node:fs';
import path from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import {git, repo} from '../helpers/git-repo.js';
import {QueueEnv} from '../helpers/queue-env.js';

let env: QueueEnv;
afterEach(async () => env?.cleanup());

/** A plain job that holds the queue's one slot until the test lets it go (it polls for a file). */
async function blocker(start = true): Promise<{id: number; release: () => void}> {
	const go = path.join(env.dir, 'go');
	const id = await env.add([...(start ? [] : ['--no-start']), '--', 'sh', '-c', `while [ ! -e ${go} ]; do sleep 0.05; done`]);
	if (start) await env.until(() => env.job(id).pid, 'blocker running');
	return {id, release: () => fs.writeFileSync(go, '')};
}

const worktrees = () => path.join(env.home, 'worktrees');
const prep = (id: number) => path.join(worktrees(), `prep-${id}`);
const ready = (id: number) => fs.existsSync(`${prep(id)}.ready`) && fs.readFileSync(`${prep(id)}.ready`, 'utf8');
const snapOf = (id: number) => JSON.parse(env.job(id).tree).snap as string;
const log = (id: number) => fs.readFileSync(path.join(env.home, 'logs', `${id}.log`), 'utf8');
const gitKnows = (dir: string) => git(env.dir, 'worktree', 'list', '--porcelain').split('\n').includes(`worktree ${dir}`);
const SHOW = 'echo inode $(stat -c %i sub/b.txt); cat a.txt untracked.txt; ls -A; git status --porcelain --ignored; echo end';

describe('snapshot worktrees prepared while the job waits', () => {
	it('a waiting snapshot job\'s tree is checked out ahead and the job starts from it, on exactly the tree as queued', async () => {
		env = new QueueEnv();
		repo(env.dir);
		const {release} = await blocker();
		const id = await env.add(['--snapshot', '--shell', SHOW]);
		// The user goes on editing while the job waits.
		fs.writeFileSync(path.join(env.dir, 'a.txt'), 'edited after add\n');
		expect(await env.until(() => ready(id), 'prepared checkout')).toBe(snapOf(id));
		expect(gitKnows(prep(id))).toBe(true);
		const inode = String(fs.statSync(path.join(prep(id), 'sub', 'b.txt')).ino);
		release();
		expect((await env.cli(['wait', String(id)])).code).toBe(0);
		// The prepared checkout itself became the job's worktree (same inode), brought to the snapshot.
		expect(log(id)).toContain(`inode ${inode}\n`);
		expect(log(id)).toContain('edited before add\nnew file\n');
		expect(log(id)).toMatch(/\.git\n\.gitignore\na\.txt\nsub\nuntracked\.txt\nend/);
		expect(fs.existsSync(prep(id))).toBe(false);
		expect(ready(id)).toBe(false);
	});

	it('a cancelled waiting job\'s prepared tree and snapshot ref are removed; so is a skipped job\'s ref', async () => {
		env = new QueueEnv();
		repo(env.dir);
		const {id: first, release} = await blocker();
		const id = await env.add(['--snapshot', '--', 'true']);
		await env.until(() => ready(id), 'prepared checkout');
		const ref = JSON.parse(env.job(id).tree).ref as string;
		expect(git(env.dir, 'for-each-ref', '--format=%(refname)', 'refs/queue-tui/')).toBe(ref);
		expect((await env.cli(['cancel', String(id)])).code).toBe(0);
		expect(git(env.dir, 'for-each-ref', 'refs/queue-tui/')).toBe('');
		await env.until(() => !fs.existsSync(prep(id)) && !ready(id) && !gitKnows(prep(id)), 'prepared checkout removed');
		// Skipped because the job it waits on failed: it never runs, and its snapshot goes with it.
		const failing = await env.add(['--retries', '0', '--', 'false']);
		const skipped = await env.add(['--snapshot', '--after', String(failing), '--', 'true']);
		release();
		expect((await env.cli(['wait', String(first), String(failing)])).code).not.toBe(0);
		await env.until(() => env.job(skipped).state === 'skipped', 'dependent job skipped');
		await env.until(() => git(env.dir, 'for-each-ref', 'refs/queue-tui/') === '', 'skipped job\'s snapshot ref removed');
	});

	it('a half-written checkout (no .ready) is redone, and a tampered one is brought back to the snapshot before use', async () => {
		env = new QueueEnv();
		repo(env.dir);
		const {id: first, release} = await blocker(false);
		// Left by a runner killed while checking out: a directory git half-wrote, no .ready file.
		const half = await env.add(['--no-start', '--snapshot', '--shell', SHOW]);
		fs.mkdirSync(prep(half), {recursive: true});
		fs.writeFileSync(path.join(prep(half), 'a.txt'), 'half-written\n');
		// Complete, then changed behind the queue's back: edited, a file removed, one added.
		const tampered = await env.add(['--no-start', '--snapshot', '--shell', SHOW]);
		git(env.dir, 'worktree', 'add', '-q', '--detach', prep(tampered), snapOf(tampered));
		fs.writeFileSync(`${prep(tampered)}.ready`, snapOf(tampered));
		fs.writeFileSync(path.join(prep(tampered), 'a.txt'), 'tampered\n');
		fs.rmSync(path.join(prep(tampered), 'untracked.txt'));
		fs.writeFileSync(path.join(prep(tampered), 'ignored.txt'), 'planted\n');

		expect((await env.cli(['start'])).code).toBe(0);
		await env.until(() => env.job(first).pid, 'blocker running');
		await env.until(() => ready(half) === snapOf(half) && gitKnows(prep(half)), 'half-written checkout redone');
		expect(fs.readFileSync(path.join(prep(half), 'a.txt'), 'utf8')).toBe('edited before add\n');
		release();
		for (const id of [half, tampered]) {
			expect((await env.cli(['wait', String(id)])).code).toBe(0);
			expect(log(id)).toContain('edited before add\nnew file\n');
			expect(log(id)).toMatch(/\.git\n\.gitignore\na\.txt\nsub\nuntracked\.txt\nend/);
			expect(log(id)).not.toMatch(/half-written|tampered|planted|ignored\.txt/);
		}
		await env.until(() => fs.readdirSync(worktrees()).every(n => n.startsWith('spare-')), 'only the spare left');
	});
});
