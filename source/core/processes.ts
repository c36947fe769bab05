import fs from 'node:fs';
import {openAppend} from './safe-open.js';
import type {ProcessIdentity} from './store.js';
import {childProcess} from './node-lazy.js';

let bootIdCache: string | undefined | null = null;

/** Linux's boot id: a pid recorded before a reboot means nothing after it. */
export function bootId(): string | undefined {
	if (bootIdCache === null) {
		try {
			bootIdCache = fs.readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();
		} catch {
			bootIdCache = undefined;
		}
	}
	return bootIdCache;
}

/** The start time of a process (clock ticks since boot, from /proc), or undefined where /proc is missing. */
export function processStart(pid: number): string | undefined {
	try {
		const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
		// The command name (field 2) may hold spaces and parentheses: count fields after the last ')'.
		const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
		return fields[19];
	} catch {
		return undefined;
	}
}

export function identityOf(pid: number): ProcessIdentity {
	return {pid, pidStart: processStart(pid), bootId: bootId()};
}

/** Whether the process recorded as `who` still runs: same boot, same pid, same start time. */
export function isAlive(who: ProcessIdentity | undefined): boolean {
	if (!who?.pid) return false;
	if (who.bootId && bootId() && who.bootId !== bootId()) return false;
	try {
		process.kill(who.pid, 0);
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code !== 'EPERM') return false;
	}
	if (who.pidStart) {
		const now = processStart(who.pid);
		if (now !== undefined && now !== who.pidStart) return false;
		// A zombie (exited, not yet reaped by its parent) is not running.
		try {
			const state = fs.readFileSync(`/proc/${who.pid}/stat`, 'utf8');
			if (state.slice(state.lastIndexOf(')') + 2, state.lastIndexOf(')') + 3) === 'Z') return false;
		} catch {
			return false;
		}
	}
	return true;
}

/** The first process (of this user's, as /proc shows them) whose argv matches, if any. */
export function findProcess(match: (argv: string[]) => boolean): number | undefined {
	let entries: string[];
	try {
		entries = fs.readdirSync('/proc');
	} catch {
		return undefined;
	}
	for (const entry of entries) {
		if (!/^\d+$/.test(entry)) continue;
		try {
			const argv = fs.readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0');
			if (match(argv) && isAlive(identityOf(Number(entry)))) return Number(entry);
		} catch {}
	}
	return undefined;
}

/** Whether any process is left in a process group. */
export function groupAlive(pgid: number): boolean {
	try {
		process.kill(-pgid, 0);
		return true;
	} catch (error) {
		return (error as NodeJS.ErrnoException).code === 'EPERM';
	}
}

/** Signals a whole process group (pytest-xdist workers, shells and their children). */
export function killGroup(pgid: number, signal: NodeJS.Signals): boolean {
	try {
		process.kill(-pgid, signal);
		return true;
	} catch {
		return false;
	}
}

/**
 * Starts `node <cli> --headless --exit-when-idle` detached in its own session, so it outlives
 * the shell, the TUI and the tmux pane that started it. Its event lines go to `logFile`.
 */
export function launchDetached(cliPath: string, args: string[], logFile: string, cwd: string): number | undefined {
	// One generation of history is plenty: keep the log from growing without bound over months of use.
	try {
		if (fs.statSync(logFile).size > 5 * 1024 * 1024) fs.renameSync(logFile, `${logFile}.1`);
	} catch {}
	const out = openAppend(logFile);
	try {
		const child = childProcess().spawn(process.execPath, [cliPath, ...args], {
			cwd,
			detached: true,
			stdio: ['ignore', out, out],
			env: {...process.env, QUEUE_TUI_DETACHED: '1'},
		});
		child.unref();
		return child.pid;
	} finally {
		fs.closeSync(out);
	}
}
