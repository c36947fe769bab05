import fs from 'node:fs';
import path from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import {alive, groupMembers, QueueEnv, tryKill} from '../helpers/queue-env.js';

let env: QueueEnv;
afterEach(async () => env?.cleanup());

describe('a job\'s life through real runners and processes', () => {
	it('runs jobs in FIFO order', async () => {
		env = new QueueEnv();
		const out = path.join(env.dir, 'order.txt');
		const ids: number[] = [];
		for (let i = 1; i <= 5; i++) ids.push(await env.add(['--no-start', '--shell', `echo ${i} >> ${out}`]));
		expect((await env.cli(['start'])).code).toBe(0);
		const w = await env.cli(['wait', ...ids.map(String)]);
		expect(w.code).toBe(0);
		expect(fs.readFileSync(out, 'utf8').trim().split('\n')).toEqual(['1', '2', '3', '4', '5']);
		const started = env.query<{id: number}>('SELECT job_id AS id FROM attempts ORDER BY started_at, job_id').map(r => r.id);
		expect(started).toEqual(ids);
	});

	it('retries a failing job twice by default, keeps every attempt, and ends failed with its exit code', async () => {
		env = new QueueEnv();
		const id = await env.add(['--backoff', '0', '--shell', 'echo trying; exit 4']);
		const w = await env.cli(['wait', String(id)]);
		expect(w.code).toBe(4);
		const job = env.job(id);
		expect(job.state).toBe('failed');
		expect(job.exit_code).toBe(4);
		expect(job.attempt).toBe(3);
		const attempts = env.query<{state: string; exit_code: number; counts: number; finished_at: number}>('SELECT * FROM attempts WHERE job_id = ? ORDER BY seq', id);
		expect(attempts.map(a => [a.state, a.exit_code, a.counts])).toEqual([['failed', 4, 1], ['failed', 4, 1], ['failed', 4, 1]]);
		expect(attempts.every(a => a.finished_at > 0)).toBe(true);
		expect(fs.readFileSync(path.join(env.home, 'logs', `${id}.log`), 'utf8').match(/trying/g)).toHaveLength(3);
	});

	it('times a job out: TERM to the group, state timed_out, exit code 124 from wait', async () => {
		env = new QueueEnv();
		const id = await env.add(['--timeout', '1s', '--retries', '0', '--', 'sleep', '30']);
		const w = await env.cli(['wait', String(id)]);
		expect(w.code).toBe(124);
		const job = env.job(id);
		expect(job.state).toBe('timed_out');
		expect(job.reason).toMatch(/timed out after 1s/);
		expect(job.finished_at - job.started_at).toBeLessThan(15_000);
	});

	it('a timed-out job that ignores SIGTERM gets SIGKILL after the grace period, and is retried like a failure', async () => {
		env = new QueueEnv();
		const marker = path.join(env.dir, 'tries');
		const id = await env.add(['--timeout', '1s', '--retries', '1', '--backoff', '0', '--shell', `echo x >> ${marker}; trap '' TERM; sleep 30`]);
		const w = await env.cli(['wait', String(id)]);
		expect(w.code).toBe(124);
		expect(fs.readFileSync(marker, 'utf8').trim().split('\n')).toHaveLength(2);
		const attempts = env.query<{state: string; signal: string | null}>('SELECT state, signal FROM attempts WHERE job_id = ?', id);
		expect(attempts.map(a => a.state)).toEqual(['timed_out', 'timed_out']);
		expect(attempts[0].signal).toBe('SIGKILL');
	});

	it('cancel kills the whole process group: a grandchild started by the job\'s shell is not left behind', async () => {
		env = new QueueEnv();
		const pids = path.join(env.dir, 'pids');
		const id = await env.add(['--shell', `sleep 60 & echo $! > ${pids}; sh -c 'sleep 60' & wait`]);
		await env.until(() => fs.existsSync(pids) && fs.readFileSync(pids, 'utf8').trim(), 'the job to start its grandchild');
		const grandchild = Number(fs.readFileSync(pids, 'utf8'));
		const pgid = (await env.until(() => env.job(id).pid, 'pid recorded')) as number;
		expect(alive(grandchild)).toBe(true);
		const c = await env.cli(['cancel', String(id)]);
		expect(c.code).toBe(0);
		const w = await env.cli(['wait', String(id)]);
		expect(w.code).toBe(130);
		expect(env.job(id).state).toBe('cancelled');
		await env.until(() => !alive(grandchild), 'the grandchild to be gone', 5000);
		await env.until(() => groupMembers(pgid).length === 0, 'the whole group to be gone', 5000);
		expect(env.query('SELECT * FROM attempts WHERE job_id = ?', id)).toHaveLength(1);
	});

	it('cancel of a queued job ends it at once and it never runs; a cancelled job is never retried', async () => {
		env = new QueueEnv();
		const out = path.join(env.dir, 'ran');
		const id = await env.add(['--no-start', '--shell', `touch ${out}`]);
		// Queued behind it: once this one has run, the runner has been past the cancelled job.
		const next = await env.add(['--no-start', '--', 'true']);
		expect((await env.cli(['cancel', String(id)])).code).toBe(0);
		await env.cli(['start']);
		expect((await env.cli(['wait', String(next)])).code).toBe(0);
		expect(env.job(id).state).toBe('cancelled');
		expect(fs.existsSync(out)).toBe(false);
		const r = await env.cli(['retry', String(id)]);
		expect(r.code).toBe(0);
		expect((await env.cli(['wait', String(id)])).code).toBe(0);
		expect(fs.existsSync(out)).toBe(true);
	});

	it('kill -9 of the runner while a job runs: the job completes, its output is logged and its exit code recorded', async () => {
		env = new QueueEnv();
		const id = await env.add(['--retries', '0', '--shell', 'echo before; sleep 2; echo after; exit 3']);
		const pid = (await env.until(() => env.job(id).pid, 'the job to start')) as number;
		const runner = env.runnerPid()!;
		expect(tryKill(runner, 'SIGKILL')).toBe(true);
		await env.until(() => !alive(runner), 'the runner to die', 5000);
		expect(alive(pid)).toBe(true);
		await env.until(() => !alive(pid), 'the job to finish on its own', 10_000);
		const w = await env.cli(['wait', String(id)]);
		expect(w.code).toBe(3);
		const job = env.job(id);
		expect(job.state).toBe('failed');
		expect(job.exit_code).toBe(3);
		expect(fs.readFileSync(path.join(env.home, 'logs', `${id}.log`), 'utf8')).toMatch(/before\nafter/);
	});

	it('a simulated reboot (runner and job group killed) re-queues the job in its old place without spending a retry', async () => {
		env = new QueueEnv();
		const marker = path.join(env.dir, 'marker');
		const order = path.join(env.dir, 'order');
		const first = await env.add(['--retries', '0', '--shell', `echo first >> ${order}; if [ -f ${marker} ]; then exit 0; fi; touch ${marker}; sleep 60`]);
		const second = await env.add(['--shell', `echo second >> ${order}`]);
		const third = await env.add(['--shell', `echo third >> ${order}`]);
		const pgid = (await env.until(() => env.job(first).pid, 'the first job to start')) as number;
		await env.until(() => fs.existsSync(marker), 'the marker');
		const runner = env.runnerPid()!;
		tryKill(runner, 'SIGKILL');
		tryKill(-pgid, 'SIGKILL');
		await env.until(() => !alive(runner) && !alive(pgid), 'everything to be gone', 5000);
		expect(env.job(first).state).toBe('running');
		const w = await env.cli(['wait', String(first), String(second), String(third)]);
		expect(w.code).toBe(0);
		const job = env.job(first);
		expect(job.state).toBe('succeeded');
		expect(job.attempt).toBe(1);
		const attempts = env.query<{state: string; counts: number}>('SELECT state, counts FROM attempts WHERE job_id = ? ORDER BY seq', first);
		expect(attempts).toEqual([{state: 'interrupted', counts: 0}, {state: 'succeeded', counts: 1}]);
		expect(fs.readFileSync(order, 'utf8').trim().split('\n')).toEqual(['first', 'first', 'second', 'third']);
	});

	it('a command that is not found is a failed job with that reason, not retried', async () => {
		env = new QueueEnv();
		const id = await env.add(['--', 'no-such-command-qtui']);
		const w = await env.cli(['wait', String(id)]);
		expect(w.code).toBe(1);
		const job = env.job(id);
		expect(job.state).toBe('failed');
		expect(job.reason).toBe('command not found: no-such-command-qtui');
		expect(job.attempt).toBe(1);
	});

	it('jobs get PYTHONUNBUFFERED=1 unless the caller sets it, plus only their own --env entries', async () => {
		env = new QueueEnv();
		const a = await env.add(['--env', 'QTUI_X=1 2', '--', 'python3', '-c', 'import os; print("U=" + os.environ["PYTHONUNBUFFERED"], "X=" + os.environ["QTUI_X"])']);
		const b = await env.add(['--env', 'PYTHONUNBUFFERED=0', '--', 'python3', '-c', 'import os; print("U=" + os.environ["PYTHONUNBUFFERED"])']);
		expect((await env.cli(['wait', String(a), String(b)])).code).toBe(0);
		expect((await env.cli(['log', String(a)])).stdout).toContain('U=1 X=1 2');
		expect((await env.cli(['log', String(b)])).stdout).toContain('U=0');
		expect(JSON.parse(env.job(a).env)).toEqual({QTUI_X: '1 2'});
	});
});
