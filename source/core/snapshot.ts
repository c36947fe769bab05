/**
 * The git side of "the code that runs is the code that was queued": a commit of the working tree
 * as it is (untracked files included, ignored ones excluded) made without touching the user's
 * index, stash or branches; the ref that keeps it alive while its job needs it; and, for jobs without a
 * snapshot, a cheap fingerprint of the tree so a report can say it changed before the job started.
 * Everything that runs `git` goes through `git()` here (the worktrees are in snapshot-worktree.ts).
 */
import type {ChildProcess} from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type {TreeState} from './types.js';
import {childProcess, crypto, os} from './node-lazy.js';

/** The ref that keeps a snapshot commit alive (from `git gc`) until its job is over; one per job, even for equal trees. */
const newRef = (snap: string) => `refs/queue-tui/snapshots/${snap.slice(0, 12)}-${crypto().randomBytes(4).toString('hex')}`;

// A snapshot commit needs an author even where the user has none configured; hooks never run.
const GIT_ENV = {
	GIT_AUTHOR_NAME: 'queue-tui', GIT_AUTHOR_EMAIL: 'queue-tui@localhost',
	GIT_COMMITTER_NAME: 'queue-tui', GIT_COMMITTER_EMAIL: 'queue-tui@localhost',
};

const NO_HOOKS = ['-c', 'core.hooksPath=/dev/null'];

/** Runs git in `cwd` (hooks off, an author set); throws with git's stderr. */
export function git(cwd: string, args: string[], env: Record<string, string> = {}): string {
	return childProcess().execFileSync('git', [...NO_HOOKS, ...args], {
		cwd, env: {...process.env, ...GIT_ENV, ...env}, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 256 * 1024 * 1024,
	});
}

/** The same, in the background: the runner's loop goes on while it runs. */
export function gitInBackground(cwd: string, args: string[]): {child: ChildProcess; done: Promise<void>} {
	let child!: ChildProcess;
	const done = new Promise<void>((resolve, reject) => {
		child = childProcess().execFile('git', [...NO_HOOKS, ...args], {cwd, env: {...process.env, ...GIT_ENV}, maxBuffer: 16 * 1024 * 1024},
			error => (error ? reject(error) : resolve()));
	});
	return {child, done};
}

/** Git's own first line of complaint, for a one-line message. */
export function gitError(error: unknown): string {
	const e = error as {stderr?: string; message?: string};
	return (e.stderr || e.message || String(error)).trim().split('\n')[0];
}

/** The repository's top level, or undefined outside git (or without git). */
export function gitTop(cwd: string): string | undefined {
	// Outside any repository (no `.git` up the tree, no GIT_DIR), git is not spawned: `add` pays no child process.
	if (process.env.GIT_DIR === undefined && process.env.GIT_WORK_TREE === undefined && !nearestGitTop(cwd)) return undefined;
	try {
		return git(cwd, ['rev-parse', '--show-toplevel']).trim() || undefined;
	} catch {
		return undefined;
	}
}

/** The nearest directory at or above `cwd` holding `.git` (a directory, or a file in a worktree or submodule), as git finds it. */
export function nearestGitTop(cwd: string): string | undefined {
	for (let dir = realDir(cwd); ; dir = path.dirname(dir)) {
		if (fs.existsSync(path.join(dir, '.git'))) return dir;
		if (path.dirname(dir) === dir) return undefined;
	}
}

/** A directory with its symlinks resolved, as git names paths (the path as given when it cannot be). */
export function realDir(dir: string): string {
	try {
		return fs.realpathSync(dir);
	} catch {
		return path.resolve(dir);
	}
}

function head(top: string): string | null {
	try {
		return git(top, ['rev-parse', '--verify', '-q', 'HEAD']).trim() || null;
	} catch {
		return null;
	}
}

/**
 * Commits the working tree as it is through a private copy of the index (`git add -A` into
 * GIT_INDEX_FILE, `write-tree`, `commit-tree`): the user's index, stash and branches stay as
 * they were. The commit is HEAD itself when nothing changed. Throws with git's message.
 */
export function takeSnapshot(cwd: string): TreeState {
	const top = gitTop(cwd);
	if (!top) throw new Error('not inside a git repository');
	const commit = head(top);
	const tmp = fs.mkdtempSync(path.join(os().tmpdir(), 'queue-tui-index-'));
	try {
		const index = path.join(tmp, 'index');
		// Starting from a copy of the real index keeps git's stat cache: only changed files are read.
		const real = path.resolve(top, git(top, ['rev-parse', '--git-path', 'index']).trim());
		if (fs.existsSync(real)) fs.copyFileSync(real, index);
		const env = {GIT_INDEX_FILE: index};
		git(top, ['add', '-A', '--', '.'], env);
		const tree = git(top, ['write-tree'], env).trim();
		const headTree = commit ? git(top, ['rev-parse', `${commit}^{tree}`]).trim() : undefined;
		const dirty = tree !== headTree;
		const snap = dirty || !commit
			? git(top, ['commit-tree', tree, ...(commit ? ['-p', commit] : []), '-m', 'queue-tui snapshot']).trim()
			: commit;
		const ref = newRef(snap);
		git(top, ['update-ref', ref, snap]);
		return {commit, dirty, fingerprint: tree.slice(0, 16), snap, ref, top, rel: path.relative(top, path.resolve(cwd))};
	} finally {
		fs.rmSync(tmp, {recursive: true, force: true});
	}
}

/** The same snapshot for another job (of the same repository, from `cwd`): its own ref, released with that job. */
export function shareSnapshot(tree: TreeState, cwd: string): TreeState {
	if (!tree.snap || !tree.top) throw new Error('no snapshot to share');
	const ref = newRef(tree.snap);
	git(tree.top, ['update-ref', ref, tree.snap]);
	return {...tree, ref, rel: path.relative(tree.top, path.resolve(cwd))};
}

/** `@3f2c1a9+dirty`: the tree a job ran (or will run) on. */
export function treeName(tree: TreeState | undefined): string {
	if (!tree) return '';
	return `@${tree.commit ? tree.commit.slice(0, 7) : 'no-commit'}${tree.dirty ? '+dirty' : ''}`;
}

/** Whether the tree moved between queue time and start time (HEAD or any change). */
export function treeChanged(before: TreeState | undefined, after: TreeState | undefined): boolean {
	return !!before && !!after && (before.commit !== after.commit || before.fingerprint !== after.fingerprint);
}

/** Lets git collect the snapshot commit once no job needs it. */
export function dropSnapshot(tree: TreeState): void {
	if (!tree.ref || !tree.top) return;
	try {
		git(tree.top, ['update-ref', '-d', tree.ref]);
	} catch {}
}
