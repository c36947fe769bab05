/**
 * Whether an existing queue home can be trusted. The home holds the database of commands the
 * runner will execute as the current user, and the files it writes into: a home another user
 * owns or can write to, or one holding symlinks where our files go (a cloned repo can carry
 * them), would let someone else choose what runs or where our writes land. Checked before
 * anything is written; each refusal is one line saying what is wrong and how to fix it.
 */
import fs from 'node:fs';
import path from 'node:path';
import {UsageError} from './errors.js';
import {logPath, reportPath, type QueuePaths} from './home.js';

/** Names in the home the program writes or reads back as its own. */
const FILES = ['queue.db', 'runner.sock', 'queue.db-wal', 'queue.db-shm', 'queue.db-journal', 'status', 'status.json', 'runner.log', '.gitignore'];

const uid = () => (typeof process.getuid === 'function' ? process.getuid() : undefined);

/** The file's stat (following a symlink or not), undefined when there is none to be had. */
function statIf(file: string, follow = false): fs.Stats | undefined {
	try {
		return follow ? fs.statSync(file) : fs.lstatSync(file);
	} catch {
		return undefined; // absent, or not reachable: ensureHome says what cannot be created
	}
}

/** A directory of the home (itself or logs/, reports/, exits/): ours, a real directory, writable by us alone. */
function checkDir(dir: string, me: number | undefined, followLink: boolean): boolean {
	const st = statIf(dir, followLink);
	if (!st) return false;
	if (st.isSymbolicLink()) throw new UsageError(`queue home ${path.dirname(dir)} holds a symlink at ${path.basename(dir)}: remove it (rm ${dir})`);
	if (!st.isDirectory()) return true; // ensureHome reports what cannot be created
	if (me !== undefined && st.uid !== me) {
		throw new UsageError(`queue home ${dir} is owned by uid ${st.uid}, not you (uid ${me}): use a home of your own (--home or QUEUE_TUI_HOME) or remove it`);
	}
	if ((st.mode & 0o022) !== 0) {
		throw new UsageError(`queue home ${dir} is writable by ${st.mode & 0o002 ? 'others' : 'its group'} (mode ${(st.mode & 0o777).toString(8)}): run chmod 700 ${dir}`);
	}
	return true;
}

/** A symlink where we write or read back is refused, naming it and how to remove it. */
function refuseLink(home: string, file: string): void {
	if (statIf(file)?.isSymbolicLink()) throw new UsageError(`queue home ${home} holds a symlink at ${path.relative(home, file)}: remove it (rm ${file})`);
}

/**
 * Refuses an untrusted home (UsageError). A home that does not exist yet is fine: it is
 * created private. The home path itself may be a symlink the user made (to another disk);
 * what it points to is checked. Inside it nothing we write may be a symlink. logs/ and reports/
 * grow with history: their files are checked per unfinished job once the database is open
 * (`checkJobFiles`); every open there refuses a symlink anyway (O_NOFOLLOW, or a rename over it).
 */
export function checkHomeTrusted(paths: QueuePaths): void {
	const me = uid();
	if (!checkDir(paths.home, me, true)) return;
	for (const name of FILES) refuseLink(paths.home, path.join(paths.home, name));
	for (const dir of [paths.logs, paths.reports]) checkDir(dir, me, false);
	// Our small folders, and those the hooks and `demo` write into.
	for (const dir of [paths.exits, ...['sessions', 'waiters', 'demo'].map(d => path.join(paths.home, d))]) {
		if (!checkDir(dir, me, false)) continue;
		// One readdir with types per folder: no stat per file.
		for (const entry of fs.readdirSync(dir, {withFileTypes: true})) {
			if (entry.isSymbolicLink()) refuseLink(paths.home, path.join(dir, entry.name));
		}
	}
}

/** The log and report of each job still to run or running: the files the runner will write (two lstats a job, whatever the history). */
export function checkJobFiles(paths: QueuePaths, ids: number[]): void {
	for (const id of ids) for (const file of [logPath(paths, id), reportPath(paths, id)]) refuseLink(paths.home, file);
}

/**
 * Whether `add` may hand a job to the runner's socket: the home passes the checks above (ours,
 * not writable by others) and the socket is a socket we own that nobody else can open (0600).
 * A socket that fails is simply not used (the direct path then makes its own checks).
 */
export function socketTrusted(home: string, socket: string): boolean {
	const me = uid();
	try {
		if (!checkDir(home, me, true)) return false;
	} catch {
		return false;
	}
	const st = statIf(socket);
	return Boolean(st?.isSocket() && (me === undefined || st.uid === me) && (st.mode & 0o077) === 0);
}
