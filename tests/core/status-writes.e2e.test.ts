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
