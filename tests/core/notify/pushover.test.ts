import {afterEach, describe, expect, it} from 'vitest';
import {configuredNotifiers, notifyAll} from '../../../source/core/notify/index.js';
import {pushoverPriority, resolvePushover, sendPushover} from '../../../source/core/notify/pushover.js';
import type {NotifyConfig, NotifyResult} from '../../../source/core/notify/types.js';
import {TOKEN, USER, closedPortUrl, failedEvent, recordingSleep, startFakeServer} from './fake-server.js';

const OK = {status: 200, body: '{"status":1,"request":"647d2300-702c-4b38-8b2f-d56326ae460b"}'};
const servers: Array<{close(): Promise<void>}> = [];
afterEach(async () => {
	await Promise.all(servers.splice(0).map(s => s.close()));
});

async function server(...replies: Parameters<typeof startFakeServer>[0]) {
	const s = await startFakeServer(replies);
	servers.push(s);
	return s;
}

const config = (url: string, extra: NotifyConfig['pushover'] = {}): NotifyConfig => ({
	pushover: {token: TOKEN, user: USER, url: `${url}/1`, ...extra},
	tmux: false,
});

function expectNoSecrets(results: NotifyResult[]) {
	const text = JSON.stringify(results);
	expect(text).not.toContain(TOKEN);
	expect(text).not.toContain(USER);
}

describe('pushover', () => {
	it('posts the form fields and reports the request id', async () => {
		const s = await server(OK);
		const before = Math.floor(Date.now() / 1000);
		const [result] = await notifyAll(failedEvent(), config(s.url), {env: {}});
		expect(result).toEqual({
			notifier: 'pushover',
			ok: true,
			status: 200,
			detail: '200: accepted, request 647d2300-702c-4b38-8b2f-d56326ae460b',
			attempts: 1,
		});
		expect(s.requests).toHaveLength(1);
		const req = s.requests[0];
		expect(req.method).toBe('POST');
		expect(req.path).toBe('/1/messages.json');
		expect(req.headers['content-type']).toBe('application/x-www-form-urlencoded');
		const form = new URLSearchParams(req.body);
		expect(form.get('token')).toBe(TOKEN);
		expect(form.get('user')).toBe(USER);
		expect(form.get('title')).toBe('queue #12 FAILED: nightly');
		expect(form.get('message')).toBe(
			[
				'#12 pytest FAILED 3 tests (tests/test_api.py::test_login) 12m03s',
				'$ pytest tests/ -n auto',
				'exit 1, 3 attempts, 12m03s',
				'in /repo',
				'report: /repo/.queue/reports/12.md',
			].join('\n'),
		);
		expect(form.get('priority')).toBe('0');
		expect(Number(form.get('timestamp'))).toBeGreaterThanOrEqual(before);
		expect(Number(form.get('timestamp'))).toBeLessThanOrEqual(Math.floor(Date.now() / 1000));
		expect(form.has('sound')).toBe(false);
		expect(form.has('device')).toBe(false);
		expect([...form.keys()].sort()).toEqual(['message', 'priority', 'timestamp', 'title', 'token', 'user']);
	});

	it('truncates the message to 1024 and the title to 250 characters, and sends sound/device', async () => {
		const s = await server(OK);
		const event = failedEvent({label: 'L'.repeat(400), cwd: '/' + 'd'.repeat(3000)});
		await sendPushover(event, resolvePushover(config(s.url, {sound: 'siren', device: 'phone'}), {})!);
		const form = new URLSearchParams(s.requests[0].body);
		expect(Array.from(form.get('message')!)).toHaveLength(1024);
		expect(form.get('message')!.endsWith('…')).toBe(true);
		expect(form.get('message')!.startsWith('#12 pytest FAILED 3 tests')).toBe(true);
		expect(Array.from(form.get('title')!)).toHaveLength(250);
		expect(form.get('title')!.startsWith('queue #12 FAILED: LLL')).toBe(true);
		expect(form.get('sound')).toBe('siren');
		expect(form.get('device')).toBe('phone');
	});

	it('never retries a 400 and says what the server said', async () => {
		const s = await server({
			status: 400,
			body: JSON.stringify({user: 'invalid', errors: ['user identifier is invalid'], status: 0, request: 'r-1'}),
		});
		const {delays, sleep} = recordingSleep();
		const results = await notifyAll(failedEvent(), config(s.url), {env: {}, sleep});
		expect(results).toEqual([
			{notifier: 'pushover', ok: false, status: 400, detail: '400: user identifier is invalid', attempts: 1},
		]);
		expect(s.requests).toHaveLength(1);
		expect(delays).toEqual([]);
	});

	it('warns about the monthly quota on 429 and does not retry', async () => {
		const s = await server({
			status: 429,
			headers: {'X-Limit-App-Limit': '10000', 'X-Limit-App-Remaining': '0', 'X-Limit-App-Reset': '1790000000'},
			body: JSON.stringify({errors: ['message limit reached'], status: 0, request: 'r-2'}),
		});
		const {delays, sleep} = recordingSleep();
		const [result] = await notifyAll(failedEvent(), config(s.url), {env: {}, sleep});
		expect(result.ok).toBe(false);
		expect(result.status).toBe(429);
		expect(result.warning).toBe('pushover: monthly message quota reached (429); remaining 0, resets 2026-09-21T14:13:20Z');
		expect(s.requests).toHaveLength(1);
		expect(delays).toEqual([]);
	});

	it('retries a 500 once, no sooner than 5 s later', async () => {
		const s = await server({status: 500, body: 'oops'}, OK);
		const {delays, sleep} = recordingSleep();
		const [result] = await notifyAll(failedEvent(), config(s.url), {env: {}, sleep});
		expect(result).toMatchObject({ok: true, status: 200, attempts: 2});
		expect(s.requests).toHaveLength(2);
		expect(delays).toHaveLength(1);
		expect(delays[0]).toBeGreaterThanOrEqual(5000);
		expect(s.requests[1].at - s.requests[0].at).toBeGreaterThanOrEqual(40);
		expect(s.requests[1].body).toBe(s.requests[0].body);
	});

	it('gives up after one retry when a 5xx persists', async () => {
		const s = await server({status: 503, body: '<html>unavailable</html>'});
		const {sleep} = recordingSleep();
		const [result] = await notifyAll(failedEvent(), config(s.url), {env: {}, sleep});
		expect(result).toMatchObject({ok: false, status: 503, attempts: 2, detail: '503: <html>unavailable</html>'});
		expect(s.requests).toHaveLength(2);
	});

	it('retries a refused connection once, then names the error without secrets', async () => {
		const url = await closedPortUrl();
		const {delays, sleep} = recordingSleep();
		const results = await notifyAll(failedEvent(), config(url), {env: {}, sleep});
		expect(results).toHaveLength(1);
		expect(results[0]).toMatchObject({notifier: 'pushover', ok: false, attempts: 2});
		expect(results[0].status).toBeUndefined();
		expect(results[0].detail).toMatch(/^no answer: .*ECONNREFUSED.* \(2 attempts\)$/);
		expect(delays).toEqual([5000]);
		expectNoSecrets(results);
	});

	it('times out a server that never answers, and retries once', async () => {
		const s = await server({hang: true});
		const {sleep} = recordingSleep();
		const [result] = await notifyAll(failedEvent(), config(s.url), {env: {}, sleep, timeoutMs: 200});
		expect(result).toMatchObject({ok: false, attempts: 2, detail: 'no answer: no answer within 0.2s (2 attempts)'});
		expect(s.requests).toHaveLength(2);
	});

	it('redacts secrets a server echoes back', async () => {
		const s = await server({
			status: 400,
			body: JSON.stringify({errors: [`application token ${TOKEN} is invalid for user=${USER}`], status: 0}),
		});
		const results = await notifyAll(failedEvent(), config(s.url), {env: {}});
		expect(results[0].detail).toBe('400: application token [redacted] is invalid for user=[redacted]');
		expectNoSecrets(results);
	});

	it('is not configured without both keys, and takes them from the environment', async () => {
		expect(configuredNotifiers({pushover: {token: TOKEN}}, {})).toEqual([]);
		expect(configuredNotifiers({}, {PUSHOVER_TOKEN: TOKEN})).toEqual([]);
		expect(await notifyAll(failedEvent(), {pushover: {token: TOKEN}}, {env: {}})).toEqual([]);
		const s = await server(OK);
		const env = {PUSHOVER_TOKEN: TOKEN, PUSHOVER_USER: USER, QUEUE_TUI_PUSHOVER_URL: `${s.url}/env/`};
		// The env URL wins over a configured one, so a test harness can always redirect.
		const results = await notifyAll(failedEvent(), {pushover: {url: 'http://127.0.0.1:9/never'}}, {env});
		expect(results).toMatchObject([{notifier: 'pushover', ok: true}]);
		expect(s.requests[0].path).toBe('/env/messages.json');
		expect(new URLSearchParams(s.requests[0].body).get('user')).toBe(USER);
	});

	it('uses the configured priority for failures only, clamped to -2..1', () => {
		expect(pushoverPriority(failedEvent(), undefined)).toBe(0);
		expect(pushoverPriority(failedEvent(), 1)).toBe(1);
		expect(pushoverPriority(failedEvent(), 2)).toBe(1);
		expect(pushoverPriority(failedEvent({state: 'timed_out'}), -1)).toBe(-1);
		expect(pushoverPriority(failedEvent({state: 'succeeded'}), 1)).toBe(0);
		expect(pushoverPriority(failedEvent({state: 'succeeded'}), -1)).toBe(-1);
		expect(pushoverPriority(failedEvent({state: 'test'}), 1)).toBe(1);
	});
});
