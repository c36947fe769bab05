import {execFileSync} from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import {parseStatusV2, recordTree} from '../../source/core/tree-state.js';

const dirs: string[] = [];
afterEach(() => {
	for (const d of dirs.splice(0)) fs.rmSync(d, {recursive: true, force: true});
});

const env = {...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@t', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@t'};
const git = (cwd: string, ...args: string[]) => execFileSync('git', args, {cwd, env, encoding: 'utf8'}).trim();

function repo(): string {
	const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'qtui-tree-')));
	dirs.push(dir);
	git(dir, 'init', '-q');
	return dir;
}

function write(dir: string, file: string, text: string): void {
	fs.mkdirSync(path.dirname(path.join(dir, file)), {recursive: true});
	fs.writeFileSync(path.join(dir, file), text);
}

describe('the tree a job was queued on (one git status)', () => {
	it('names HEAD, and tells a clean tree from every kind of change, as git status does', () => {
		const dir = repo();
		expect(recordTree(dir)).toMatchObject({commit: null, dirty: false, top: dir, rel: ''});
		write(dir, 'a b.txt', 'one');
		write(dir, 'sub/old name.py', 'x = 1\n');
		write(dir, '.gitignore', 'ignored/\n');
		git(dir, 'add', '-A');
		git(dir, 'commit', '-qm', 'first');
		const head = git(dir, 'rev-parse', 'HEAD');
		const clean = recordTree(path.join(dir, 'sub'))!;
		expect(clean).toMatchObject({commit: head, dirty: false, top: dir, rel: 'sub'});
		write(dir, 'ignored/big.bin', 'not part of the tree');
		expect(recordTree(dir)!.fingerprint).toBe(clean.fingerprint);
		write(dir, 'a b.txt', 'two');
		const edited = recordTree(dir)!;
		expect(edited.dirty).toBe(true);
		expect(edited.fingerprint).not.toBe(clean.fingerprint);
		// The same change again, a different content of the same size: the mtime tells them apart.
		const later = new Date(Date.now() + 5000);
		write(dir, 'a b.txt', 'tw0');
		fs.utimesSync(path.join(dir, 'a b.txt'), later, later);
		expect(recordTree(dir)!.fingerprint).not.toBe(edited.fingerprint);
		git(dir, 'mv', 'sub/old name.py', 'sub/new name.py');
		write(dir, 'untracked file', 'u');
		const out = execFileSync('git', ['status', '--porcelain=v2', '-z', '--branch', '--untracked-files=normal'], {cwd: dir, encoding: 'utf8'});
		expect(parseStatusV2(out)).toEqual({
			commit: head,
			entries: [
				expect.objectContaining({file: 'a b.txt'}),
				expect.objectContaining({file: 'sub/new name.py'}),
				expect.objectContaining({file: 'untracked file'}),
			],
		});
	});

	it('from a symlinked directory, a worktree, or outside any repository', () => {
		const dir = repo();
		write(dir, 'x', '1');
		git(dir, 'add', '-A');
		git(dir, 'commit', '-qm', 'first');
		const link = path.join(fs.realpathSync(os.tmpdir()), `qtui-link-${process.pid}`);
		fs.rmSync(link, {force: true});
		fs.symlinkSync(path.join(dir), link);
		dirs.push(link);
		expect(recordTree(link)).toMatchObject({top: dir, rel: '', dirty: false});
		const wt = `${dir}-wt`;
		dirs.push(wt);
		git(dir, 'worktree', 'add', '-q', '--detach', wt);
		write(wt, 'y', 'new');
		expect(recordTree(wt)).toMatchObject({top: wt, dirty: true, commit: git(dir, 'rev-parse', 'HEAD')});
		const plain = fs.mkdtempSync(path.join(os.tmpdir(), 'qtui-plain-'));
		dirs.push(plain);
		expect(recordTree(plain)).toBeUndefined();
	});
});
