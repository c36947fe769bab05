import fs from 'node:fs';
import path from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import {QueueEnv} from '../helpers/queue-env.js';

let env: QueueEnv;
afterEach(async () => env?.cleanup());

describe('queue-tui clean', () => {
	it('removes what it is asked to, with logs and reports, and keeps the rest', async () => {
		env = new QueueEnv();
		const ids: number[] = [];
		for (let i = 0; i < 3; i++) ids.push(await env.add(['--retries', '0', '--', 'sh', '-c', `echo job ${i}`]));
		expect((await env.cli(['wait', ...ids.map(String)])).code).toBe(0);
		await env.until(() => fs.existsSync(path.join(env.home, 'reports', `${ids[2]}.md`)), 'the last report');
		const dry = await env.cli(['clean', '--keep', '1', '--dry-run']);
		expect(dry.stdout.trim()).toBe(`would remove 2 finished jobs: #${ids[0]}-#${ids[1]}`);
		expect(env.query('SELECT id FROM jobs').length).toBe(3);
		const r = await env.cli(['clean', '--keep', '1']);
		expect(r).toMatchObject({code: 0, stdout: 'removed 2 finished jobs with their logs and reports\n'});
		expect(env.query<{id: number}>('SELECT id FROM jobs').map(j => j.id)).toEqual([ids[2]]);
		expect(fs.readdirSync(path.join(env.home, 'logs'))).toEqual([`${ids[2]}.log`]);
		expect((await env.cli(['clean', '--keep', '1'])).stdout).toBe('nothing to clean\n');
	});

	it.each([
		[['clean'], /say what to clean/],
		[['clean', '--older-than', 'soon'], /--older-than takes a duration/],
		[['clean', '--keep', '-1'], /--keep/],
		[['clean', '7'], /takes no job ids/],
	])('%j is one line on stderr and exit 2, changing nothing', async (args, message) => {
		env = new QueueEnv();
		const id = await env.add(['--no-start', '--', 'true']);
		const r = await env.cli(args);
		expect(r.code).toBe(2);
		expect(r.stderr).toMatch(message);
		expect(r.stderr.trim().split('\n')).toHaveLength(1);
		expect(env.job(id).state).toBe('queued');
	});

	it('in a project without a queue creates nothing', async () => {
		env = new QueueEnv();
		expect((await env.cli(['clean', '--keep', '0'])).stdout).toBe('nothing to clean\n');
		expect(fs.existsSync(env.home)).toBe(false);
	});
});
