import fs from 'node:fs';
import path from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import {QueueEnv} from '../helpers/queue-env.js';

let env: QueueEnv;
afterEach(async () => env?.cleanup());

describe('--headless', () => {
	it('runs the queue in the foreground without a TTY: one plain line per event, exit 1 when a job failed', async () => {
		env = new QueueEnv();
		const ok = await env.add(['--no-start', '--', 'echo', 'hello']);
		const bad = await env.add(['--no-start', '--retries', '1', '--backoff', '0', '--shell', 'exit 5']);
		const r = await env.cli(['--headless', '--exit-when-idle']);
		expect(r.code).toBe(1);
		const lines = r.stdout.trim().split('\n');
		expect(lines.every(l => /^\d\d:\d\d:\d\d #\d+ /.test(l))).toBe(true);
		expect(lines.some(l => l.includes(`#${ok} started`))).toBe(true);
		expect(lines.some(l => l.includes(`#${ok} succeeded`))).toBe(true);
		expect(lines.some(l => l.includes(`#${bad} exit 5; retry 1 of 1`))).toBe(true);
		expect(lines.some(l => l.includes(`#${bad} failed`) && l.includes('exit 5'))).toBe(true);
		expect(env.job(bad).state).toBe('failed');
		expect(env.runnerPid()).toBeUndefined();
	});

	it('--json gives one JSON object per line, and exit 0 when all went well', async () => {
		env = new QueueEnv();
		const id = await env.add(['--no-start', '--', 'true']);
		const r = await env.cli(['--headless', '--json', '--exit-when-idle']);
		expect(r.code).toBe(0);
		const events = r.stdout.trim().split('\n').map(l => JSON.parse(l));
		expect(events.map(e => [e.id, e.event, e.state])).toEqual([[id, 'started', 'running'], [id, 'ended', 'succeeded']]);
		expect(events[1].exitCode).toBe(0);
	});

	it('narrates another runner\'s work when that one holds the queue', async () => {
		env = new QueueEnv();
		const marker = path.join(env.dir, 'go');
		const id = await env.add(['--shell', `while [ ! -f ${marker} ]; do sleep 0.05; done`]);
		await env.until(() => env.job(id).state === 'running', 'the job to start');
		const watching = env.start(['--headless', '--exit-when-idle']);
		await env.until(() => watching.output().includes('another runner holds the queue: following its work'), 'the narrator to start');
		fs.writeFileSync(marker, '');
		const r = await watching.done;
		expect(r.code).toBe(0);
		expect(r.stdout).toContain(`#${id} succeeded`);
	});
});
