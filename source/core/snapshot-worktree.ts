/**
 * The worktree a snapshot job runs in. Checking out a big tree afresh is the slow part of a
 * snapshot job's start (10k files: seconds), so the checkout an attempt leaves behind is kept as the
 * repository's one spare and the next snapshot job of that repository starts from it: git rewrites
 * only the files that differ, removes everything else the last job left, and the result is checked
 * against the snapshot before the job may run in it. Anything short of that falls back to a fresh
 * checkout (written by parallel workers).
 */
import {createHash} from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import {git, gitInBackground} from './snapshot.js';
import type {TreeState} from './types.js';

/**
 * Git's stat check in full whatever the user's settings (no fsmonitor daemon, no cached
 * untracked lists, ctime trusted): a file the last job changed must never pass for unchanged.
 */
const STRICT = ['-c', 'core.fsmonitor=false', '-c', 'core.untrackedCache=false', '-c', 'core.checkStat=default', '-c', 'core.trustctime=true'];

/** A fresh checkout, written by parallel workers. */
export const FRESH = (dir: string, snap: string) => ['-c', 'checkout.workers=0', 'worktree', 'add', '--detach', '--force', dir, snap];

/** One spare checkout per repository, beside the jobs' worktrees. */
export const spareDir = (root: string, top: string) => path.join(root, `spare-${createHash('sha1').update(top).digest('hex').slice(0, 12)}`);

/**
 * A detached worktree of the snapshot at `dir` (replacing one left from an earlier attempt), made
 * from the checkout prepared for the job while it waited (`prepared`), else from the repository's
 * spare, else afresh; a prepared checkout is checked like a spare, so a half-written one (a runner
 * killed while preparing it) is redone, never used. Returns the directory the job runs in: the
 * same place inside the tree as its cwd.
 */
export function addWorktree(tree: TreeState, dir: string, prepared?: string): string {
	const {top, snap} = tree;
	if (!snap || !top) throw new Error('the job has no snapshot');
	removeWorktree(top, dir);
	fs.mkdirSync(path.dirname(dir), {recursive: true, mode: 0o700});
	const spare = spareDir(path.dirname(dir), top);
	const from = [prepared, spare].filter((d): d is string => d !== undefined && fs.existsSync(d));
	if (!from.some(d => fromSpare(top, snap, d, dir, d === prepared))) {
		git(top, FRESH(dir, snap));
	}
	return path.join(dir, tree.rel ?? '');
}

/**
 * Moves the spare to `dir` and brings it to exactly `snap`; false (and nothing left behind) when it
 * can't. A checkout made of `snap` itself (`checkFirst`) is usually exact already: one check, and the
 * rewrite only when it finds a difference.
 */
function fromSpare(top: string, snap: string, spare: string, dir: string, checkFirst = false): boolean {
	try {
		git(top, ['worktree', 'move', spare, dir]);
	} catch {
		removeWorktree(top, spare);
		return false;
	}
	try {
		// HEAD detached first: a job may have left it on a branch, which a reset would move.
		git(dir, ['update-ref', '--no-deref', 'HEAD', snap]);
		if (checkFirst && leftOver(dir) === '') return true;
		git(dir, [...STRICT, 'reset', '-q', '--hard']);
		git(dir, [...STRICT, 'clean', '-ffdxq']);
		const left = leftOver(dir);
		if (left !== '') throw new Error(`spare checkout not clean: ${left.split('\n')[0]}`);
		return true;
	} catch {
		removeWorktree(top, dir);
		return false;
	}
}

/** What differs from HEAD in a worktree, ignored files included: nothing, or it is not the snapshot. */
const leftOver = (dir: string) => git(dir, [...STRICT, 'status', '--porcelain', '--ignored', '--untracked-files=all', '--ignore-submodules=none']);

/**
 * Takes a finished attempt's worktree down: it becomes the repository's spare when there is none
 * yet (its HEAD set back to the commit the snapshot was taken on, so the snapshot itself can be
 * collected once its ref goes), else it is removed.
 */
export function retireWorktree(tree: TreeState, dir: string): void {
	if (!tree.top || !fs.existsSync(dir)) return;
	const spare = spareDir(path.dirname(dir), tree.top);
	if (!fs.existsSync(spare)) {
		try {
			git(tree.top, ['worktree', 'move', dir, spare]);
			if (tree.commit) git(spare, ['update-ref', '--no-deref', 'HEAD', tree.commit]);
			return;
		} catch {
			removeWorktree(tree.top, spare);
		}
	}
	removeWorktree(tree.top, dir);
}

/** Removes a worktree (and git's record of it); quiet when it is already gone. */
export function removeWorktree(top: string, dir: string): void {
	if (!fs.existsSync(dir)) return;
	try {
		git(top, ['worktree', 'remove', '--force', '--force', dir]);
	} catch {
		fs.rmSync(dir, {recursive: true, force: true});
		try {
			git(top, ['worktree', 'prune']);
		} catch {}
	}
}

/** The same without holding up the caller (the runner's loop): a big tree takes seconds to delete. */
export function removeWorktreeInBackground(top: string, dir: string): Promise<void> {
	return gitInBackground(top, ['worktree', 'remove', '--force', '--force', dir]).done
		.catch(async () => {
			await fs.promises.rm(dir, {recursive: true, force: true});
			await gitInBackground(top, ['worktree', 'prune']).done;
		})
		.catch(() => {});
}
