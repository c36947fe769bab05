import fs from 'node:fs';
import path from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import {expectUsage} from '../helpers/expect-usage.js';
import {QueueEnv} from '../helpers/queue-env.js';

let env: QueueEnv;
afterEach(async () => env?.cleanup());


describe('no partial changes, no stray files, a clear word on a damaged database', () => {
	it('cancel and retry check every id first: one bad id changes nothing', async () => {
		env = new QueueEnv();
		const a = await env.add(['--no-start', '--', 'true']);
		const b = await env.add(['--no-start', '--', 'true']);
		expectUsage(await env.cli(['cancel', String(a), '999']), /no job #999/);
		expect([env.job(a).state, env.job(b).state]).toEqual(['queued', 'queued']);
		expect((await env.cli(['cancel', String(a)])).code).toBe(0);
		expectUsage(await env.cli(['cancel', String(b), String(a)]), new RegExp(`job #${a} already ended`));
		expect(env.job(b).state).toBe('queued');
		expectUsage(await env.cli(['retry', String(a), String(b)]), new RegExp(`job #${b} is queued`));
		expect(env.job(a).state).toBe('cancelled');
		const r = await env.cli(['cancel', String(b), String(b)]);
		expect(r.code).toBe(0);
		expect(env.job(b).state).toBe('cancelled');
	});

	it('commands that only read never create .queue/ in a fresh project', async () => {
		env = new QueueEnv();
		expectUsage(await env.cli(['wait', '9999']), /no job #9999/);
		expectUsage(await env.cli(['log', '1']), /no job #1/);
		expectUsage(await env.cli(['report', '1']), /no job #1/);
		expectUsage(await env.cli(['report', '--label', 'x']), /no jobs with label 'x'/);
		expect(await env.cli(['list'])).toMatchObject({code: 0, stdout: 'no jobs\n'});
		expect(await env.cli(['list', '--json'])).toMatchObject({code: 0, stdout: '[]\n'});
		const line = await env.cli(['status']);
		expect(line.code).toBe(0);
		expect(line.stdout).toMatch(/^queue \d\d:\d\d:\d\d \| idle\n$/);
		expect(JSON.parse((await env.cli(['status', '--json'])).stdout)).toMatchObject({queued: 0, running: [], runner: false});
		expect(fs.readdirSync(env.dir)).toEqual([]);
	});

	it('a truncated queue.db: every command exits 2 with what is wrong and how to recover, and the file is left as it was', async () => {
		env = new QueueEnv();
		const long = 'x'.repeat(3000);
		for (let i = 0; i < 12; i++) await env.add(['--no-start', '--shell', `echo ${long}`]);
		await env.cli(['cancel', '1']);
		const db = path.join(env.home, 'queue.db');
		expect(fs.existsSync(`${db}-wal`)).toBe(false); // the last connection checkpointed it: the file is the whole database
		fs.truncateSync(db, Math.floor(fs.statSync(db).size / 2 / 4096) * 4096);
		const before = fs.readFileSync(db);
		const commands = [['add', '--', 'true'], ['list'], ['status'], ['status', '--json'], ['wait', '2'], ['log', '2'], ['report', '2'],
			['cancel', '2'], ['retry', '1'], ['start'], ['pause']];
		for (const args of commands) {
			expectUsage(await env.cli(args), /queue\.db is damaged \(.*\): move it aside \(mv .*queue\.db .*queue\.db\.damaged\).*logs and reports .* are kept/);
		}
		expect(fs.readFileSync(db)).toEqual(before);
	});
});
