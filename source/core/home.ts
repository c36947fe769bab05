import fs from 'node:fs';
import path from 'node:path';
import {UsageError} from './errors.js';
import {checkHomeTrusted} from './home-trust.js';
import {writeNew} from './safe-open.js';

/** The files queue-tui keeps for one project. */
export interface QueuePaths {
	/** The project root: git top level, or the directory itself outside git. */
	root: string;
	/** `.queue/` (or QUEUE_TUI_HOME / --home). */
	home: string;
	db: string;
	status: string;
	statusJson: string;
	logs: string;
	reports: string;
	/** Exit codes written by each job's wrapper shell, so a result survives the runner. */
	exits: string;
	/** Where the runner and hooks log their own troubles. */
	runnerLog: string;
}

/** Walks up to the directory holding `.git` (a dir, or a file in worktrees); pure fs, no `git` process. */
export function projectRoot(cwd: string): string {
	let dir = path.resolve(cwd);
	for (;;) {
		if (fs.existsSync(path.join(dir, '.git'))) return dir;
		const parent = path.dirname(dir);
		if (parent === dir) return path.resolve(cwd);
		dir = parent;
	}
}

/** Resolves the queue home: `--home`, then QUEUE_TUI_HOME, then `<project root>/.queue`. */
export function resolvePaths(opts: {cwd: string; home?: string; env?: NodeJS.ProcessEnv}): QueuePaths {
	const env = opts.env ?? process.env;
	const root = projectRoot(opts.cwd);
	const explicit = opts.home ?? env.QUEUE_TUI_HOME;
	const home = explicit ? path.resolve(opts.cwd, explicit) : path.join(root, '.queue');
	return {
		root,
		home,
		db: path.join(home, 'queue.db'),
		status: path.join(home, 'status'),
		statusJson: path.join(home, 'status.json'),
		logs: path.join(home, 'logs'),
		reports: path.join(home, 'reports'),
		exits: path.join(home, 'exits'),
		runnerLog: path.join(home, 'runner.log'),
	};
}

/**
 * Refuses an untrusted home (another user's, writable by others, or holding symlinks), then
 * creates it with private permissions (0700 dirs; files are created 0600 by their writers)
 * and a `.gitignore` of `*` so queue state never lands in the user's commits.
 */
export function ensureHome(paths: QueuePaths): void {
	checkHomeTrusted(paths);
	try {
		for (const dir of [paths.home, paths.logs, paths.reports, paths.exits]) {
			fs.mkdirSync(dir, {recursive: true, mode: 0o700});
		}
		const ignore = path.join(paths.home, '.gitignore');
		if (!fs.existsSync(ignore)) writeNew(ignore, '*\n');
		fs.accessSync(paths.home, fs.constants.W_OK);
	} catch (error) {
		const code = (error as NodeJS.ErrnoException).code ?? 'error';
		throw new UsageError(`queue home ${paths.home} is not writable (${code}); set --home or QUEUE_TUI_HOME`);
	}
}

export const logPath = (paths: QueuePaths, id: number) => path.join(paths.logs, `${id}.log`);
export const reportPath = (paths: QueuePaths, id: number) => path.join(paths.reports, `${id}.md`);
export const exitPath = (paths: QueuePaths, id: number, seq: number) => path.join(paths.exits, `${id}.${seq}`);
