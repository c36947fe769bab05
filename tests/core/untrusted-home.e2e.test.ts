import fs from 'node:fs';
import path from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import {startJobProcess} from '../../source/core/job-process.js';
import type {Job} from '../../source/core/types.js';
import {alive, QueueEnv} from '../helpers/queue-env.js';

let env: QueueEnv;
afterEach(async () => env?.cleanup());

const isRoot = process.getuid?.() === 0;

/** Every file and folder under `dir` with its size: what "nothing was written" compares. */
function snapshot(dir: string): string[] {
	return fs.readdirSync(dir, {recursive: true, withFileTypes: true}).map(e => {
		const file = path.join(e.parentPath, e.name);
		const st = fs.lstatSync(file);
		return `${path.relative(dir, file)} ${st.size} ${st.mtimeMs}`;
	}).sort();
}

/** One line on stderr, exit 2, and the home exactly as it was (nothing written, nothing run). */
async function refused(args: string[], pattern: RegExp) {
	const before = snapshot(env.home);
	const r = await env.cli(args);
	expect(r.code).toBe(2);
	expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
	expect(r.stderr.trimEnd()).toMatch(pattern);
	expect(snapshot(env.home)).toEqual(before);
}

function job(over: Partial<Job> = {}): Job {
	return {id: 1, argv: ['sh', '-c', 'echo out; exit 3'], shell: false, cwd: env.dir, env: {}, kind: 'generic', state: 'running', attempt: 1, maxRetries: 0, backoffMs: 0, createdAt: Date.now(), ...over} as Job;
}

describe('an untrusted queue home is refused before anything is written', () => {
	it('a home writable by others or by its group: chmod 700', async () => {
		env = new QueueEnv();
		fs.mkdirSync(env.home, {mode: 0o700});
		fs.chmodSync(env.home, 0o777);
		for (const args of [['add', '--', 'true'], ['start'], ['--headless', '--exit-when-idle'], ['list'], ['status']]) {
			await refused(args, new RegExp(`queue home ${env.home} is writable by others \\(mode 777\\): run chmod 700 ${env.home}$`));
		}
		fs.chmodSync(env.home, 0o770);
		await refused(['add', '--', 'true'], /is writable by its group \(mode 770\): run chmod 700/);
		fs.chmodSync(env.home, 0o700);
		fs.mkdirSync(path.join(env.home, 'logs'), {mode: 0o700});
		fs.chmodSync(path.join(env.home, 'logs'), 0o733);
		await refused(['add', '--', 'true'], /queue home .*\/logs is writable by others \(mode 733\): run chmod 700 .*\/logs$/);
	});

	it.skipIf(!isRoot)('a home owned by someone else, with a planted queue.db, never runs the planted job', async () => {
		env = new QueueEnv();
		const pwned = path.join(env.dir, 'pwned');
		// What the other user left: a real queue with a job waiting to run as whoever starts it.
		await env.add(['--no-start', '--', 'touch', pwned]);
		fs.chownSync(env.home, 65534, 65534); // nobody
		for (const args of [['start'], ['add', '--', 'true'], ['--headless', '--exit-when-idle'], ['wait', '1'], ['list']]) {
			await refused(args, new RegExp(`queue home ${env.home} is owned by uid 65534, not you \\(uid 0\\): use a home of your own \\(--home or QUEUE_TUI_HOME\\) or remove it$`));
		}
		expect(fs.existsSync(pwned)).toBe(false);
		expect(env.job(1).state).toBe('queued');
	});

	it('symlinks where our files go: logs/N.log, exits/N.A.tmp, reports, queue.db', async () => {
		env = new QueueEnv();
		const id = await env.add(['--no-start', '--', 'echo', 'hello']);
		const outside = path.join(env.dir, 'outside.txt');
		fs.writeFileSync(outside, 'precious\n');
		const plants = [`logs/${id}.log`, `exits/${id}.1.tmp`, `exits/${id}.1`, `reports/${id}.md`, 'status.json', 'queue.db-wal', 'runner.log', 'sessions/abc', 'demo/test_demo.py'];
		for (const plant of plants) {
			const at = path.join(env.home, plant);
			fs.mkdirSync(path.dirname(at), {recursive: true, mode: 0o700});
			fs.rmSync(at, {force: true});
			fs.symlinkSync(outside, at);
			await refused(['start'], new RegExp(`queue home ${env.home} holds a symlink at ${plant.replace('.', '\\.')}: remove it \\(rm ${at.replace(/\./g, '\\.')}\\)$`));
			await refused(['add', '--', 'true'], /holds a symlink/);
			fs.rmSync(at);
		}
		expect(fs.readFileSync(outside, 'utf8')).toBe('precious\n');
		expect(env.job(id).state).toBe('queued');
	});

	it('the job\'s own files never follow a symlink planted after the home was checked', async () => {
		env = new QueueEnv();
		await env.add(['--no-start', '--', 'true']); // creates the home
		const outside = path.join(env.dir, 'outside.txt');
		fs.writeFileSync(outside, 'precious\n');
		const log = path.join(env.home, 'logs', '1.log');
		const exit = path.join(env.home, 'exits', '1.1');
		// A link at the log: the attempt is refused with a reason, nothing is written through it.
		fs.symlinkSync(outside, log);
		expect(startJobProcess(job(), 1, log, exit)).toBe(`${log} is a symlink: remove it`);
		fs.rmSync(log);
		// A link at the wrapper's exit file: removed, never written through; the status file is new and 0600.
		fs.symlinkSync(outside, exit);
		const proc = startJobProcess(job(), 1, log, exit);
		if (typeof proc === 'string') throw new Error(proc);
		expect(await proc.done).toMatchObject({exitCode: 3});
		expect(fs.lstatSync(exit).isSymbolicLink()).toBe(false);
		expect(fs.readFileSync(exit, 'utf8')).toBe('3\n');
		expect(fs.statSync(exit).mode & 0o777).toBe(0o600);
		expect(fs.readFileSync(outside, 'utf8')).toBe('precious\n');
		expect(fs.statSync(log).mode & 0o777).toBe(0o600);
	});

	it('a symlink at a finished job\'s log or report (files no one writes again) does not stop the queue, and nothing goes through it', async () => {
		env = new QueueEnv();
		const id = await env.add(['--', 'echo', 'hello']);
		expect((await env.cli(['wait', String(id)])).code).toBe(0);
		const outside = path.join(env.dir, 'outside.txt');
		fs.writeFileSync(outside, 'precious\n');
		for (const plant of [`logs/${id}.log`, `reports/${id}.md`]) {
			fs.rmSync(path.join(env.home, plant));
			fs.symlinkSync(outside, path.join(env.home, plant));
		}
		// Only the jobs not over yet have their files checked when a queue opens: two lstats a job, not a read of logs/ and reports/.
		for (const args of [['status'], ['list'], ['wait', String(id)], ['run', '--', 'true']]) expect((await env.cli(args)).code, args.join(' ')).toBe(0);
		expect(fs.readFileSync(outside, 'utf8')).toBe('precious\n');
		// The next job's own files are checked: a link planted there is refused like any other.
		// Paused: the runner `run` started may still be alive, and must not start this job (and make its log) first.
		expect((await env.cli(['pause'])).code).toBe(0);
		// And gone: a runner still exiting writes its last status files and removes its socket while
		// the refusal below checks that nothing in the home changed.
		const runner = env.runnerPid();
		if (runner !== undefined) await env.until(() => !alive(runner), 'the runner `run` started to exit');
		const next = await env.add(['--no-start', '--', 'true']);
		// Its database closed too (the WAL goes with the last connection): a connection closing
		// during the check below would change the home.
		await env.until(() => !fs.existsSync(path.join(env!.home, 'queue.db-wal')), 'every connection to the queue to close');
		fs.symlinkSync(outside, path.join(env.home, 'logs', `${next}.log`));
		await refused(['start'], /holds a symlink at logs\/\d+\.log/);
		expect(fs.readFileSync(outside, 'utf8')).toBe('precious\n');
	});
});
