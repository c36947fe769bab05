import {afterEach, describe, expect, it} from 'vitest';
import {configuredNotifiers, notifyAll} from '../../../source/core/notify/index.js';
import {headerText} from '../../../source/core/notify/ntfy.js';
import type {NotifyConfig, NotifyResult} from '../../../source/core/notify/types.js';
import {closedPortUrl, failedEvent, recordingSleep, startFakeServer} from './fake-server.js';

const NTFY_TOKEN = 'tk_AgQdq7mVBoFD37zQVN29RhuMzNIz2';
const TOPIC = 'queue-alerts-9f3k2x';
const OK = {status: 200, body: '{"id":"sPs71M8A2T","time":1700000000,"event":"message","topic":"x"}'};

const servers: Array<{close(): Promise<void>}> = [];
afterEach(async () => {
	await Promise.all(servers.splice(0).map(s => s.close()));
});

async function server(...replies: Parameters<typeof startFakeServer>[0]) {
	const s = await startFakeServer(replies);
	servers.push(s);
	return s;
}

const config = (url: string, extra: Partial<NonNullable<NotifyConfig['ntfy']>> = {}): NotifyConfig => ({
	ntfy: {url: `${url}/${TOPIC}`, ...extra},
	tmux: false,
});

function expectNoSecrets(results: NotifyResult[]) {
	const text = JSON.stringify(results);
	expect(text).not.toContain(NTFY_TOKEN);
	expect(text).not.toContain(TOPIC);
}

describe('ntfy', () => {
	it('posts the message body with Title, Priority, Tags and a Bearer token', async () => {
		const s = await server(OK);
		const results = await notifyAll(failedEvent(), config(s.url, {token: NTFY_TOKEN}), {env: {}});
		expect(results).toEqual([{notifier: 'ntfy', ok: true, status: 200, detail: '200: published, id sPs71M8A2T', attempts: 1}]);
		const req = s.requests[0];
		expect(req.method).toBe('POST');
		expect(req.path).toBe(`/${TOPIC}`);
		expect(req.headers.title).toBe('queue #12 FAILED: nightly');
		expect(req.headers.priority).toBe('high');
		expect(req.headers.tags).toBe('x,queue-tui');
		expect(req.headers.authorization).toBe(`Bearer ${NTFY_TOKEN}`);
		expect(req.body.split('\n')).toEqual([
			'#12 pytest FAILED 3 tests (tests/test_api.py::test_login) 12m03s',
			'$ pytest tests/ -n auto',
			'exit 1, 3 attempts, 12m03s',
			'in /repo',
			'report: /repo/.queue/reports/12.md',
		]);
	});

	it('sends a success at default priority, without Authorization when there is no token', async () => {
		const s = await server(OK);
		const event = failedEvent({state: 'succeeded', exitCode: 0, attempts: 1, line: '#12 pytest ok 267 passed 3m12s'});
		await notifyAll(event, config(s.url, {priority: 'max'}), {env: {}});
		const req = s.requests[0];
		expect(req.headers.title).toBe('queue #12 ok: nightly');
		expect(req.headers.priority).toBe('default');
		expect(req.headers.tags).toBe('white_check_mark,queue-tui');
		expect(req.headers.authorization).toBeUndefined();
		expect(req.body.startsWith('#12 pytest ok 267 passed 3m12s\n')).toBe(true);
	});

	it('encodes a non-ASCII title as an RFC 2047 word', async () => {
		const s = await server(OK);
		await notifyAll(failedEvent({label: '特徴抽出 ✨'}), config(s.url), {env: {}});
		const title = String(s.requests[0].headers.title);
		expect(title).toBe(headerText('queue #12 FAILED: 特徴抽出 ✨'));
		const m = /^=\?UTF-8\?B\?(.+)\?=$/.exec(title);
		expect(Buffer.from(m![1], 'base64').toString('utf8')).toBe('queue #12 FAILED: 特徴抽出 ✨');
		expect(headerText('plain ascii')).toBe('plain ascii');
	});

	it('never retries a 403 and reports the error text', async () => {
		const s = await server({status: 403, body: '{"code":40301,"http":403,"error":"forbidden","link":"https://ntfy.sh/docs/publish/#authentication"}'});
		const {delays, sleep} = recordingSleep();
		const results = await notifyAll(failedEvent(), config(s.url, {token: NTFY_TOKEN}), {env: {}, sleep});
		expect(results).toEqual([{notifier: 'ntfy', ok: false, status: 403, detail: '403: forbidden', attempts: 1}]);
		expect(s.requests).toHaveLength(1);
		expect(delays).toEqual([]);
	});

	it('warns on 429 and does not retry', async () => {
		const s = await server({status: 429, body: '{"code":42901,"http":429,"error":"limit reached: too many requests"}'});
		const {delays, sleep} = recordingSleep();
		const [result] = await notifyAll(failedEvent(), config(s.url), {env: {}, sleep});
		expect(result).toMatchObject({ok: false, status: 429, attempts: 1, warning: 'ntfy: rate limit or daily message quota reached (429)'});
		expect(s.requests).toHaveLength(1);
		expect(delays).toEqual([]);
	});

	it('retries a 502 once, no sooner than 5 s later', async () => {
		const s = await server({status: 502, body: 'bad gateway'}, OK);
		const {delays, sleep} = recordingSleep();
		const [result] = await notifyAll(failedEvent(), config(s.url), {env: {}, sleep});
		expect(result).toMatchObject({ok: true, status: 200, attempts: 2});
		expect(s.requests).toHaveLength(2);
		expect(delays[0]).toBeGreaterThanOrEqual(5000);
		expect(s.requests[1].at - s.requests[0].at).toBeGreaterThanOrEqual(40);
	});

	it('retries a refused connection once and keeps the token and topic out of the result', async () => {
		const url = await closedPortUrl();
		const {delays, sleep} = recordingSleep();
		const results = await notifyAll(failedEvent(), config(url, {token: NTFY_TOKEN}), {env: {}, sleep});
		expect(results[0]).toMatchObject({notifier: 'ntfy', ok: false, attempts: 2});
		expect(results[0].detail).toMatch(/ECONNREFUSED/);
		expect(delays).toEqual([5000]);
		expectNoSecrets(results);
	});

	it('takes the topic URL from QUEUE_TUI_NTFY_URL and the token from NTFY_TOKEN', async () => {
		const s = await server(OK);
		const env = {QUEUE_TUI_NTFY_URL: `${s.url}/from-env-topic`, NTFY_TOKEN};
		expect(configuredNotifiers({}, env)).toEqual(['ntfy']);
		expect(configuredNotifiers({}, {})).toEqual([]);
		const results = await notifyAll(failedEvent(), {ntfy: {url: 'http://127.0.0.1:9/never'}}, {env});
		expect(results).toMatchObject([{notifier: 'ntfy', ok: true}]);
		expect(s.requests[0].path).toBe('/from-env-topic');
		expect(s.requests[0].headers.authorization).toBe(`Bearer ${NTFY_TOKEN}`);
	});
});
