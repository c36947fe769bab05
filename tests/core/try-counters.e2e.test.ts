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
