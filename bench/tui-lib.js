// Helpers for the benches that run the built TUI in a private tmux server: its pid, its CPU and
// memory from /proc, and ending what the bench started. Not a bench itself (bench/run.js skips it).
import {execFileSync} from 'node:child_process';
import fs from 'node:fs';

const USER_HZ = 100; // clock ticks in /proc/<pid>/stat on Linux
export const sleep = ms => new Promise(r => setTimeout(r, ms));

/** utime + stime of a process, in ms. */
export function cpuMs(pid) {
	const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
	const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
	return ((Number(f[11]) + Number(f[12])) * 1000) / USER_HZ;
}

/** VmRSS and VmHWM (peak) of a process, in MB. */
export function memoryMb(pid) {
	const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
	const kb = key => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? 0);
	return {rss: Math.round(kb('VmRSS') / 1024), peak: Math.round(kb('VmHWM') / 1024)};
}

export const alive = pid => {
	try {
		process.kill(pid, 0);
		return true;
	} catch {
		return false;
	}
};

const NODE = fs.realpathSync(process.execPath);
/** Whether a pid is a queue-tui process (node running the CLI), not a recycled pid. */
export const isOurs = pid => {
	try {
		if (fs.readlinkSync(`/proc/${pid}/exe`) !== NODE) return false;
		const argv = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
		return argv[0].startsWith('queue-tui') || argv.some(a => a.endsWith('dist/cli.js') || a.endsWith('dist/bin.cjs'));
	} catch {
		return false;
	}
};

/** Ends one process we started: SIGTERM, then SIGKILL if it is still there after a grace period. */
export async function end(pid) {
	if (!pid || !alive(pid) || !isOurs(pid)) return;
	try {
		process.kill(pid, 'SIGTERM');
	} catch {}
	for (let i = 0; i < 30 && alive(pid); i++) await sleep(100);
	if (alive(pid)) {
		try {
			process.kill(pid, 'SIGKILL');
		} catch {}
	}
}

/** A clean environment for panes and CLI calls: no CI (ink would only draw at exit), no outer tmux, no queue override. */
export function paneEnv() {
	const env = {};
	for (const [k, v] of Object.entries(process.env)) {
		if (k === 'CI' || k.startsWith('CI_') || k.startsWith('TMUX') || k.startsWith('QUEUE_TUI')) continue;
		env[k] = v;
	}
	return Object.assign(env, {LANG: env.LANG?.includes('UTF-8') ? env.LANG : 'C.UTF-8', TERM: 'xterm-256color'});
}

/** The TUI's node process in a tmux pane: the pane's process, or its child when a shell sits in between. */
export function tuiPidIn(tmux, target) {
	const pane = Number(tmux('display-message', '-p', '-t', target, '#{pane_pid}').trim());
	if (isOurs(pane)) return pane;
	const children = fs.readFileSync(`/proc/${pane}/task/${pane}/children`, 'utf8').trim().split(/\s+/).map(Number).filter(Boolean);
	const pid = children.find(isOurs);
	if (!pid) throw new Error(`no TUI process under pane pid ${pane}`);
	return pid;
}

export const hasTmux = () => {
	try {
		execFileSync('tmux', ['-V'], {stdio: 'ignore'});
		return true;
	} catch {
		return false;
	}
};

/** Polls `fn` until it returns something truthy; past the deadline, fails with what the pane shows. */
export async function untilShown(what, fn, screen, ms = 15_000, everyMs = 100) {
	const deadline = Date.now() + ms;
	for (;;) {
		const v = fn();
		if (v) return v;
		if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; screen:\n${screen()}`);
		await sleep(everyMs);
	}
}
