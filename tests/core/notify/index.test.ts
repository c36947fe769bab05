import {mkdtempSync, readFileSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import {configuredNotifiers, notifyAll, testEvent} from '../../../source/core/notify/index.js';
import {TOKEN, USER, recordingSleep, startFakeServer} from './fake-server.js';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
	for (const clean of cleanups.splice(0)) await clean();
});

describe('notifyAll', () => {
	it('sends through every configured notifier in parallel, results in a fixed order', async () => {
		// Pushover answers slowly: if the notifiers ran one after another, ntfy would wait for it.
		const pushover = await startFakeServer([{status: 200, body: '{"status":1,"request":"r-9"}', delayMs: 500}]);
		const ntfy = await startFakeServer([{status: 200, body: '{"id":"n1"}'}]);
		cleanups.push(pushover.close, ntfy.close);
		const dir = mkdtempSync(join(tmpdir(), 'queue-notify-all-'));
		cleanups.push(() => rmSync(dir, {recursive: true, force: true}));
		const out = join(dir, 'state.txt');
		const config = {
			pushover: {token: TOKEN, user: USER, url: pushover.url},
			ntfy: {url: `${ntfy.url}/topic-abcdef`},
			command: 'printf %s "$QUEUE_TUI_STATE" > "$OUT"',
		};
		const env = {PATH: process.env.PATH, OUT: out};
		expect(configuredNotifiers(config, env)).toEqual(['pushover', 'ntfy', 'command']);
		const {sleep} = recordingSleep();
		const results = await notifyAll(testEvent(dir), config, {env, sleep});
		expect(results.map(r => [r.notifier, r.ok])).toEqual([
			['pushover', true],
			['ntfy', true],
			['command', true],
		]);
		expect(Math.abs(ntfy.requests[0].at - pushover.requests[0].at)).toBeLessThan(400);
		expect(readFileSync(out, 'utf8')).toBe('test');
		const form = new URLSearchParams(pushover.requests[0].body);
		expect(form.get('title')).toBe('queue-tui: test notification');
		expect(form.get('message')).toBe(`queue-tui test notification: if you can read this, notifications work\nin ${dir}`);
		expect(ntfy.requests[0].headers.tags).toBe('bell,queue-tui');
	});

	it('returns nothing when nothing is configured', async () => {
		expect(await notifyAll(testEvent('/repo'), {}, {env: {}})).toEqual([]);
	});

	it('turns a fetch that throws into a failed result', async () => {
		const config = {pushover: {token: TOKEN, user: USER, url: 'http://127.0.0.1:9'}};
		const {sleep} = recordingSleep();
		const fetchThatThrows = (() => {
			throw new Error(`exploded with ${TOKEN}`);
		}) as unknown as typeof fetch;
		const results = await notifyAll(testEvent('/repo'), config, {env: {}, sleep, fetch: fetchThatThrows});
		expect(results).toEqual([
			{notifier: 'pushover', ok: false, detail: 'no answer: exploded with [redacted] (2 attempts)', attempts: 2},
		]);
	});

	it('builds a test event that says it is a test', () => {
		expect(testEvent('/somewhere')).toMatchObject({jobId: 0, state: 'test', cwd: '/somewhere', attempts: 1});
	});
});
