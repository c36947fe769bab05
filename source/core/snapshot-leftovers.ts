/**
 * What snapshot jobs leave behind that no unfinished job needs, for `clean`: a repository's spare
 * checkout once none of its snapshot jobs is waiting or running, checkouts prepared for jobs that
 * no longer wait, worktrees of jobs that are gone (a kept worktree stays while its job's row does),
 * and snapshot refs no such job holds. Worktrees go through `git worktree remove`, then
 * `git worktree prune`; a worktree the user locked (`git worktree lock`) is left alone, as git does.
 */
import fs from 'node:fs';
import path from 'node:path';
import type {Queue} from './queue.js';
import {git, gitTop} from './snapshot.js';
import {preparedJob, topOf} from './snapshot-prepare.js';
import {removeWorktree} from './snapshot-worktree.js';
import type {TreeState} from './types.js';

export interface Leftovers {
	/** Worktree directories in the queue home (spares, prepared checkouts, orphaned job worktrees). */
	dirs: {dir: string; top?: string; kind: 'spare' | 'prepared' | 'worktree'}[];
	/** Snapshot refs, by repository. */
	refs: {top: string; ref: string}[];
	/** Locked worktrees left alone. */
	locked: string[];
}

const UNFINISHED = new Set(['queued', 'interrupted', 'running']);
const WAITING = new Set(['queued', 'interrupted']);

export function findLeftovers(q: Queue): Leftovers {
	const rows = q.store.db.prepare('SELECT id, state, tree, worktree FROM jobs WHERE snapshot = 1').all() as {id: number; state: string; tree: string | null; worktree: string | null}[];
	const jobs = rows.map(r => ({...r, tree: r.tree ? JSON.parse(r.tree) as TreeState : undefined}));
	const busyTops = new Set(jobs.filter(j => UNFINISHED.has(j.state)).map(j => j.tree?.top));
	const waiting = new Set(jobs.filter(j => WAITING.has(j.state)).map(j => j.id));
	// A job being started has its worktree before its row names it.
	const unfinished = new Set(jobs.filter(j => UNFINISHED.has(j.state)).map(j => j.id));
	const keptDirs = new Set(jobs.map(j => j.worktree).filter(Boolean));
	const heldRefs = new Set(jobs.filter(j => UNFINISHED.has(j.state) || j.worktree).map(j => j.tree?.ref));
	const tops = new Set(jobs.map(j => j.tree?.top).filter((t): t is string => !!t));
	const projectTop = gitTop(q.paths.root);
	if (projectTop) tops.add(projectTop);

	const out: Leftovers = {dirs: [], refs: [], locked: []};
	const root = path.join(q.paths.home, 'worktrees');
	let names: string[] = [];
	try {
		names = fs.readdirSync(root);
	} catch {}
	for (const name of names) {
		const dir = path.join(root, name);
		const top = topOf(dir);
		if (top) tops.add(top);
		if (name.startsWith('spare-')) {
			if (!top || !busyTops.has(top)) out.dirs.push({dir, top, kind: 'spare'});
		} else if (!Number.isNaN(preparedJob(name))) {
			if (!waiting.has(preparedJob(name))) out.dirs.push({dir, top, kind: 'prepared'});
		} else if (/^\d+$/.test(name) && !keptDirs.has(dir) && !unfinished.has(Number(name))) {
			out.dirs.push({dir, top, kind: 'worktree'});
		}
	}
	const lockedDirs = new Set<string>();
	for (const top of tops) {
		for (const dir of lockedWorktrees(top)) lockedDirs.add(dir);
		for (const ref of snapshotRefs(top)) if (!heldRefs.has(ref)) out.refs.push({top, ref});
	}
	out.locked = out.dirs.filter(d => lockedDirs.has(d.dir)).map(d => d.dir);
	out.dirs = out.dirs.filter(d => !lockedDirs.has(d.dir));
	return out;
}

/** Removes them; git forgets worktrees whose directories are gone. */
export function removeLeftovers(found: Leftovers): void {
	const tops = new Set<string>();
	for (const {dir, top} of found.dirs) {
		if (dir.endsWith('.ready')) {
			fs.rmSync(dir, {force: true});
		} else if (top) {
			removeWorktree(top, dir);
			tops.add(top);
		} else {
			fs.rmSync(dir, {recursive: true, force: true});
		}
	}
	for (const {top, ref} of found.refs) {
		tryGit(top, ['update-ref', '-d', ref]);
		tops.add(top);
	}
	for (const top of tops) tryGit(top, ['worktree', 'prune']);
}

function snapshotRefs(top: string): string[] {
	return (tryGit(top, ['for-each-ref', '--format=%(refname)', 'refs/queue-tui/snapshots/']) ?? '').split('\n').filter(Boolean);
}

function lockedWorktrees(top: string): string[] {
	const locked: string[] = [];
	let current = '';
	for (const line of (tryGit(top, ['worktree', 'list', '--porcelain']) ?? '').split('\n')) {
		if (line.startsWith('worktree ')) current = line.slice(9);
		else if (line === 'locked' || line.startsWith('locked ')) locked.push(current);
	}
	return locked;
}

function tryGit(top: string, args: string[]): string | undefined {
	try {
		return git(top, args);
	} catch {
		return undefined;
	}
}
