import fs from 'node:fs';
import path from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import {QueueEnv} from '../helpers/queue-env.js';

let env: QueueEnv;
afterEach(async () => env?.cleanup());

describe('status files are derived data, written after the change commits', () => {
	it('a status file that cannot be written loses no change: add works, the trouble is logged, and the file is rewritten once it can be', async () => {
		env = new QueueEnv();
		await env.add(['--no-start', '--', 'true']);
		const status = path.join(env.home, 'status');
		fs.rmSync(status);
		fs.mkdirSync(status);
		const r = await env.cli(['add', '--no-start', '--', 'echo', 'second']);
		expect(r).toMatchObject({code: 0, stdout: '2\n', stderr: ''});
		expect(env.job(2).state).toBe('queued');
		expect(fs.readFileSync(path.join(env.home, 'runner.log'), 'utf8')).toMatch(/status files not written \(will retry\): .*EISDIR/);
		expect(JSON.parse(fs.readFileSync(path.join(env.home, 'status.json'), 'utf8')).queued).toBe(2);
		// The runner keeps trying while it runs; once the way is clear, the line is back.
		const id = await env.add(['--shell', 'sleep 3']);
		await env.until(() => env.job(id).state === 'running', 'the job to start');
		fs.rmdirSync(status);
		await env.until(() => fs.existsSync(status) && fs.statSync(status).isFile() && fs.readFileSync(status, 'utf8').includes(`#${id} `), 'the status line to be rewritten');
		expect((await env.cli(['wait', '1', '2', String(id)])).code).toBe(0);
	});
});

/** The pids that write the status files, read from their temp files' names (`status.json.<pid>.<n>.tmp`). */
function watchWriters(home: string): {pids: Set<number>; close: () => void} {
	const pids = new Set<number>();
	const watcher = fs.watch(home, (_event, name) => {
		const m = /^status(?:\.json)?\.(\d+)\.\d+\.tmp$/.exec(String(name));
		if (m) pids.add(Number(m[1]));
	});
	return {pids, close: () => watcher.close()};
}

const statusJson = (home: string) => JSON.parse(fs.readFileSync(path.join(home, 'status.json'), 'utf8')) as {queued: number; running: Array<{id: number}>};

describe('one writer of the status files', () => {
	it('while a runner is alive only it writes them: changes other commands commit reach them, and they never go back to an older state', async () => {
		env = new QueueEnv();
		const go = path.join(env.dir, 'go');
		const holder = await env.add(['--shell', `while [ ! -e ${go} ]; do sleep 0.05; done`]);
		await env.until(() => env.job(holder).state === 'running', 'the first job to start');
		const runner = env.runnerPid();
		const writers = watchWriters(env.home);
		try {
			const queued: string[] = [];
			for (let i = 0; i < 10; i++) queued.push(String(await env.add(['--', 'true', String(i)])));
			await env.until(() => statusJson(env.home).queued === 10, 'the status files to show the ten queued jobs');
			// Cancels committed by other processes, four at a time: the count the files show only goes down, to 0.
			const seen: number[] = [];
			let done = false;
			const cancelling = (async () => {
				for (let i = 0; i < queued.length; i += 4) {
					const rs = await Promise.all(queued.slice(i, i + 4).map(id => env.cli(['cancel', id])));
					for (const r of rs) expect(r.code).toBe(0);
				}
			})().finally(() => (done = true));
			while (!done || statusJson(env.home).queued !== 0) {
				seen.push(statusJson(env.home).queued);
				await new Promise(r => setTimeout(r, 2));
			}
			await cancelling;
			expect(seen.length).toBeGreaterThan(10);
			for (let i = 1; i < seen.length; i++) expect(seen[i]).toBeLessThanOrEqual(seen[i - 1]);
			expect(statusJson(env.home).running.map(j => j.id)).toEqual([holder]);
			expect(writers.pids.size).toBeGreaterThan(0);
			expect([...writers.pids]).toEqual([runner]);
		} finally {
			writers.close();
			fs.writeFileSync(go, '');
		}
		expect((await env.cli(['wait', String(holder)])).code).toBe(0);
	});

	it('with no runner alive, each command writes them itself, in commit order: the last state is what they show', async () => {
		env = new QueueEnv();
		await env.add(['--no-start', '--', 'true', 'seed']);
		const adds = await Promise.all(Array.from({length: 6}, (_, i) => env.cli(['add', '--no-start', '--', 'true', String(i)])));
		for (const a of adds) expect(a.code).toBe(0);
		expect(env.runnerPid()).toBeUndefined();
		expect(statusJson(env.home).queued).toBe(7);
		expect(fs.readFileSync(path.join(env.home, 'status'), 'utf8')).toMatch(/7 queued/);
	});
});
