import {spawnSync} from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import {alive, QueueEnv, tryKill} from '../helpers/queue-env.js';

/** A 5 MB tmpfs needs root (CI runs as root); elsewhere this file says why it skips. */
function canMount(): string | undefined {
	if (process.getuid?.() !== 0) return 'not root: cannot mount a small tmpfs';
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'qtui-mnt-'));
	const r = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', dir], {encoding: 'utf8'});
	if (r.status === 0) spawnSync('umount', [dir]);
	fs.rmdirSync(dir);
	return r.status === 0 ? undefined : `mount -t tmpfs failed: ${(r.stderr || String(r.error)).trim()}`;
}

const cannot = canMount();
if (cannot) console.warn(`disk-full tests skipped: ${cannot}`);

let env: QueueEnv | undefined;

/** Whether the job's wrapper (the sh named by its exit file) still runs: until it is gone, its file may still be written. */
function wrapperRuns(exitFile: string): boolean {
	return fs.readdirSync('/proc').filter(p => /^\d+$/.test(p)).some(p => {
		try {
			return fs.readFileSync(`/proc/${p}/cmdline`, 'utf8').split('\0').includes(exitFile);
		} catch {
			return false;
		}
	});
}

/** The queue home on its own 5 MB tmpfs (mode 0700: a home must be private). */
function fullDiskEnv(): QueueEnv {
	const e = new QueueEnv();
	fs.mkdirSync(e.home);
	const r = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=5m,mode=0700', 'tmpfs', e.home], {encoding: 'utf8'});
	if (r.status !== 0) throw new Error(`mount failed: ${r.stderr}`);
	return e;
}

afterEach(async () => {
	if (!env) return;
	const pid = env.runnerPid();
	if (pid) tryKill(pid, 'SIGKILL');
	spawnSync('umount', ['-l', env.home]);
	await env.cleanup();
	env = undefined;
});

const lines = (file: string) => (fs.existsSync(file) ? fs.readFileSync(file, 'utf8').split('\n').filter(Boolean) : []);

describe.skipIf(Boolean(cannot))('a full disk under the queue home', () => {
	it('the runner records the end it holds, says DISK FULL, starts nothing new, and carries on once space returns', async () => {
		env = fullDiskEnv();
		const runs = path.join(env.dir, 'runs');
		const big = path.join(env.home, 'big');
		const a = await env.add(['--no-start', '--retries', '0', '--shell', `echo a >> ${runs}; head -c 8000000 /dev/zero > ${big}; exit 7`]);
		const b = await env.add(['--no-start', '--shell', `echo b >> ${runs}`]);
		expect((await env.cli(['start'])).code).toBe(0);
		await env.until(async () => (await env!.cli(['status'])).stdout.includes('DISK FULL'), 'the status line to say DISK FULL');
		await env.until(() => env!.job(a).state === 'failed', 'the end to be recorded while the disk is full');
		expect([env.job(a).exit_code, env.job(b).state]).toEqual([7, 'queued']);
		// The status file follows the database a moment later (one debounced writer, which the full disk may make retry).
		await env.until(() => fs.readFileSync(path.join(env!.home, 'status'), 'utf8').includes('DISK FULL'), 'the status file to say DISK FULL');
		expect(lines(runs)).toEqual(['a']);
		const runner = env.runnerPid()!;
		expect(alive(runner)).toBe(true);

		fs.rmSync(big); // the user frees space
		expect((await env.cli(['wait', String(b)])).code).toBe(0);
		expect(lines(runs)).toEqual(['a', 'b']);
		await env.until(async () => !(await env!.cli(['status'])).stdout.includes('DISK FULL'), 'DISK FULL to clear');
		expect([env.job(a).state, env.job(a).exit_code, env.job(a).attempt]).toEqual(['failed', 7, 1]);
	});

	it('a runner killed while the disk is full: the job that ended (an empty exit status file) never runs again', async () => {
		env = fullDiskEnv();
		const runs = path.join(env.dir, 'runs');
		const big = path.join(env.home, 'big');
		// The runner dies as soon as the job is spawned; the job then fills the disk and ends, and its
		// wrapper gets no further than an empty (or cut short) exit status file.
		const a = await env.add(['--no-start', '--retries', '2', '--backoff', '0', '--shell', `echo a >> ${runs}; head -c 8000000 /dev/zero > ${big}; exit 0`]);
		const b = await env.add(['--no-start', '--shell', `echo b >> ${runs}`]);
		expect((await env.cli(['start'], {env: {QUEUE_TUI_CRASH_AT: 'after-spawn'}})).code).toBe(0);
		const first = (await env.until(() => env!.runnerPid(), 'the runner')) as number;
		await env.until(() => !alive(first), 'the runner to die', 30_000);
		const exit = path.join(env.home, 'exits', `${a}.1`);
		await env.until(() => fs.existsSync(exit) && !wrapperRuns(exit), 'the job to end on the full disk');
		expect(env.job(a).state).toBe('running');
		expect(fs.readdirSync(path.join(env.home, 'exits'))).toEqual([`${a}.1`]);
		expect(fs.readFileSync(exit, 'utf8')).not.toMatch(/^\d+\n$/); // empty or cut short: no status to trust

		// Space is freed and a runner started (the issue's own sequence): the job that ended is recorded, never re-run.
		fs.rmSync(big);
		expect((await env.cli(['start'])).code).toBe(0);
		await env.until(() => env!.job(a).state === 'failed', 'the end to be recorded as lost, not re-run');
		expect(env.job(a).reason).toMatch(/exit status could not be written \(disk full\); not run again/);
		expect((await env.cli(['wait', String(b)])).code).toBe(0);
		expect(lines(runs)).toEqual(['a', 'b']);
		expect(env.job(a).attempt).toBe(1);
	});
});
