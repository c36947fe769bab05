// A running attempt's events describe that attempt, not the one before it.
import {afterEach, describe, expect, it} from 'vitest';
import {QueueEnv} from '../helpers/queue-env.js';

let env: QueueEnv;
afterEach(async () => env?.cleanup());

describe('headless --json across a retry', () => {
	it('progress events of the second attempt carry no exit code or reason of the first', async () => {
		env = new QueueEnv();
		// First try: exit 3 at once. Second try: 10 steps of progress, then success.
		const script = 'if [ -f tried ]; then for i in 1 2 3 4 5 6 7 8 9 10; do echo "$i/10"; sleep 0.15; done; else touch tried; exit 3; fi';
		const id = await env.add(['--no-start', '--retries', '1', '--backoff', '0', '--shell', script]);
		const r = await env.cli(['--headless', '--json', '--exit-when-idle'], {timeoutMs: 120_000});
		expect(r.code, r.stderr).toBe(0);
		const events = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
		const retrying = events.find((e) => e.event === 'retrying');
		expect(retrying).toMatchObject({id, exitCode: 3});
		const later = events.slice(events.indexOf(retrying) + 1);
		const progress = later.filter((e) => e.event === 'progress');
		expect(progress.length).toBeGreaterThan(0);
		for (const e of [...progress, later.find((x) => x.event === 'started')]) {
			expect(e).toMatchObject({attempt: 2, exitCode: null, reason: null});
			if (e.progress) expect(e.progress.summaryLine).toBeUndefined();
		}
		expect(later.at(-1)).toMatchObject({event: 'ended', state: 'succeeded', exitCode: 0});
	});
});

describe('try counters after a manual retry', () => {
	it('list, list --json, --headless --json, status and the report all number tries like the attempt list', async () => {
		env = new QueueEnv();
		// Tries 1 and 2 fail (one automatic retry), `retry` by hand, try 3 succeeds.
		const id = await env.add(['--no-start', '--retries', '1', '--backoff', '0', '--shell', 'echo x >> n; [ "$(wc -l < n)" -ge 3 ] || exit 3']);
		let r = await env.cli(['--headless', '--exit-when-idle'], {timeoutMs: 120_000});
		expect(env.job(id), r.stderr).toMatchObject({state: 'failed'});
		expect((await env.cli(['retry', '--no-start', String(id)])).code).toBe(0);
		r = await env.cli(['--headless', '--json', '--exit-when-idle'], {timeoutMs: 120_000});
		expect(r.code, r.stderr).toBe(0);
		const events = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
		const started = events.find((e) => e.event === 'started');
		// A fresh set of 2 tries after the 2 spent: the third attempt, of at most 4.
		expect(started).toMatchObject({id, attempt: 3, maxAttempts: 4});
		expect(started.text).toContain('(try 3/4)');
		expect(events.at(-1)).toMatchObject({event: 'ended', state: 'succeeded', attempt: 3, maxAttempts: 4});
		const list = await env.cli(['list']);
		expect(list.stdout).toMatch(new RegExp(`#${id}\\s+succeeded\\s+3/4\\s`));
		const json = JSON.parse((await env.cli(['list', '--json'])).stdout);
		expect(json.find((j: {id: number}) => j.id === id)).toMatchObject({attempt: 3, maxAttempts: 4, maxRetries: 1});
		const report = await env.cli(['report', String(id)]);
		expect(report.stdout).toMatch(/\| 3 \| succeeded/);
	}, 240_000);
});
