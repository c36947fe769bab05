import {execFileSync} from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

export const git = (dir: string, ...args: string[]) =>
	execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@t', ...args], {cwd: dir, encoding: 'utf8'}).trim();

/** A repository with a commit, an uncommitted change, an untracked file and an ignored one; returns HEAD. */
export function repo(dir: string): string {
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
