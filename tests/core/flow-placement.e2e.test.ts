import {execFileSync} from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import {QueueEnv} from '../helpers/queue-env.js';

let env: QueueEnv;
afterEach(async () => env?.cleanup());

const git = (dir: string, ...args: string[]) =>
	execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@t', ...args], {cwd: dir, encoding: 'utf8'}).trim();

/** A repository with a commit, an uncommitted change and an untracked file; the config holds `settings`. */
function project(settings: Record<string, unknown>): void {
	git(env.dir, 'init', '-q', '-b', 'main');
	fs.writeFileSync(path.join(env.dir, '.gitignore'), '.queue-tui.json\n');
	fs.mkdirSync(path.join(env.dir, 'sub'));
	fs.writeFileSync(path.join(env.dir, 'a.txt'), 'committed\n');
	git(env.dir, 'add', '-A');
	git(env.dir, 'commit', '-q', '-m', 'first');
	fs.writeFileSync(path.join(env.dir, 'a.txt'), 'at flow run\n');
	fs.writeFileSync(path.join(env.dir, 'sub', 'new.txt'), 'untracked at flow run\n');
	fs.writeFileSync(path.join(env.dir, '.queue-tui.json'), JSON.stringify(settings));
}

const refs = () => git(env.dir, 'for-each-ref', '--format=%(objectname)', 'refs/queue-tui').split('\n').filter(Boolean);

describe('workflows: "snapshot": true and a step\'s "gpus"', () => {
	it('every command runs on the tree as it was at flow run (one snapshot, one ref each), a step holds its GPU', async () => {
		env = new QueueEnv();
		project({gpus: ['7'], workflows: {train: {snapshot: true, steps: [
			{name: 'prep', shell: 'cat a.txt sub/new.txt'},
			{name: 'fit', shell: 'cat new.txt ../a.txt; echo gpu=$CUDA_VISIBLE_DEVICES; pwd', cwd: 'sub', gpus: 1},
		]}}});
		const shown = await env.cli(['flow', 'show', 'train']);
		expect(shown.stdout).toMatch(/2\. fit: .*\[after, retries 2, cwd .*\/sub, gpus 1, snapshot\]/);
		expect(refs()).toEqual([]);
		const run = await env.cli(['flow', 'run', 'train', '--no-start']);
		expect(run.code).toBe(0);
		const taken = refs();
		expect(taken).toHaveLength(2);
		expect(taken[0]).toBe(taken[1]);
		// Edited after queueing: neither step may see it.
		fs.writeFileSync(path.join(env.dir, 'a.txt'), 'edited later\n');
		fs.rmSync(path.join(env.dir, 'sub', 'new.txt'));
		expect((await env.cli(['start'])).code).toBe(0);
		const w = await env.cli(['wait', 'f1']);
		expect(w.code).toBe(0);
		const [prep, fit] = env.query<{id: number; gpus: number}>('SELECT id, gpus FROM jobs ORDER BY id');
		expect(fit.gpus).toBe(1);
		const log = (id: number) => fs.readFileSync(path.join(env.home, 'logs', `${id}.log`), 'utf8');
		expect(log(prep.id)).toContain('at flow run\nuntracked at flow run\n');
		expect(log(fit.id)).toContain('untracked at flow run\nat flow run\ngpu=7\n');
		expect(log(fit.id)).toContain(`${env.home}/worktrees/${fit.id}/sub\n`);
		await env.until(() => refs().length === 0, 'both snapshot refs released');
	});

	it('a step asking for more GPUs than there are is exit 2 with one line, and nothing is queued or kept', async () => {
		env = new QueueEnv();
		project({gpus: ['0'], workflows: {big: {snapshot: true, steps: [{name: 'one', run: ['true']}, {name: 'two', run: ['true'], gpus: 2}]}}});
		const r = await env.cli(['flow', 'run', 'big']);
		expect(r.code).toBe(2);
		expect(r.stderr.trim().split('\n')).toHaveLength(1);
		expect(r.stderr).toContain(`workflow 'big' step two: "gpus" 2: only 1 GPU here (0)`);
		// The first command's snapshot was taken before the second was refused: it is let go.
		expect(refs()).toEqual([]);
		expect(fs.existsSync(path.join(env.home, 'queue.db')) ? env.query('SELECT id FROM jobs') : []).toEqual([]);
		expect(env.runnerPid()).toBeUndefined();
	});
});
