import fs from 'node:fs';
import http from 'node:http';
import type {AddressInfo} from 'node:net';
import path from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import {QueueEnv} from '../helpers/queue-env.js';

let env: QueueEnv;
let server: http.Server | undefined;
afterEach(async () => {
	await env?.cleanup();
	await new Promise(r => (server ? server.close(r) : r(undefined)));
	server = undefined;
});

const TOKEN = 'aTokenThatIsThirtyCharsLong123';
const USER = 'uUserKeyThirtyCharactersLong12';

/** A stand-in for Pushover on 127.0.0.1 that records every request and answers with `status` codes in turn. */
async function pushover(statuses: number[]) {
	const requests: Array<{path: string; form: URLSearchParams}> = [];
	server = http.createServer((req, res) => {
		let body = '';
		req.on('data', d => (body += d));
		req.on('end', () => {
			requests.push({path: req.url ?? '', form: new URLSearchParams(body)});
			const status = statuses[Math.min(requests.length - 1, statuses.length - 1)];
			res.writeHead(status, {'content-type': 'application/json'});
			res.end(status === 200 ? '{"status":1,"request":"r-1"}' : `{"status":0,"errors":["user identifier is invalid"],"request":"r-2"}`);
		});
	});
	await new Promise<void>(r => server!.listen(0, '127.0.0.1', r));
	return {url: `http://127.0.0.1:${(server!.address() as AddressInfo).port}/1`, requests};
}

describe('notifications from the queue', () => {
	it('a final failure notifies once; success only when asked; secrets appear nowhere', async () => {
		const fake = await pushover([200]);
		env = new QueueEnv({PUSHOVER_TOKEN: TOKEN, PUSHOVER_USER: USER, QUEUE_TUI_PUSHOVER_URL: fake.url});
		fs.writeFileSync(path.join(env.dir, '.queue-tui.json'), JSON.stringify({notify: {tmux: false}}));
		const failing = await env.add(['--label', 'QUAL-044', '--retries', '1', '--backoff', '0', '--shell', 'echo "token is $PUSHOVER_TOKEN"; exit 7']);
		const quiet = await env.add(['--', 'true']);
		const loud = await env.add(['--notify', '--', 'true']);
		await env.cli(['wait', String(failing), String(quiet), String(loud)]);
		// A last job that notifies: once its message is in, any message for the quiet job (which
		// ended before it) would have been too.
		const last = await env.add(['--notify', '--', 'true']);
		await env.cli(['wait', String(last)]);
		await env.until(() => fake.requests.some(r => r.form.get('message')?.includes(`queue #${last} OK`)), 'the last job\'s notification');
		expect(fake.requests).toHaveLength(3);
		const [fail, ok] = fake.requests.map(r => r.form);
		expect(fake.requests[0].path).toBe('/1/messages.json');
		expect(fail.get('token')).toBe(TOKEN);
		expect(fail.get('user')).toBe(USER);
		expect(fail.get('message')).toMatch(new RegExp(`queue #${failing} FAILED echo \\[QUAL-044\\] exit 7 after 2 tries`));
		expect(fail.get('title')).toMatch(/FAILED/);
		expect(fail.get('message')!.length).toBeLessThanOrEqual(1024);
		expect(ok.get('message')).toMatch(new RegExp(`queue #${loud} OK`));
		// The job did not inherit the token; no file or listing holds a secret.
		expect((await env.cli(['log', String(failing)])).stdout).toContain('token is \n');
		const places = [
			fs.readFileSync(path.join(env.home, 'runner.log'), 'utf8'),
			fs.readFileSync(path.join(env.home, 'status'), 'utf8'),
			fs.readFileSync(path.join(env.home, 'status.json'), 'utf8'),
			fs.readFileSync(path.join(env.home, 'reports', `${failing}.md`), 'utf8'),
			(await env.cli(['list', '--json'])).stdout,
		];
		for (const text of places) {
			expect(text).not.toContain(TOKEN);
			expect(text).not.toContain(USER);
		}
		expect(places[0]).toContain(`#${failing} notify pushover: sent`);
	});

	it('a notifier\'s error never fails the queue: it is logged and shown in the status, without secrets', async () => {
		const fake = await pushover([400]);
		env = new QueueEnv({QUEUE_TUI_PUSHOVER_URL: fake.url});
		fs.writeFileSync(path.join(env.dir, '.queue-tui.json'), JSON.stringify({notify: {tmux: false, pushover: {token: TOKEN, user: USER}}}));
		const id = await env.add(['--retries', '0', '--shell', 'exit 1']);
		const next = await env.add(['--', 'true']);
		expect((await env.cli(['wait', String(next)])).code).toBe(0);
		await env.until(() => JSON.parse(fs.readFileSync(path.join(env.home, 'status.json'), 'utf8')).notifyWarning, 'the warning in status.json');
		expect(fake.requests).toHaveLength(1);
		const status = fs.readFileSync(path.join(env.home, 'status'), 'utf8');
		expect(status).toMatch(/notify pushover: /);
		expect(status).not.toContain(TOKEN);
		expect(fs.readFileSync(path.join(env.home, 'runner.log'), 'utf8')).toMatch(new RegExp(`#${id} notify pushover: FAILED`));
	});

	it('notify test prints what each server answered', async () => {
		const fake = await pushover([200]);
		env = new QueueEnv({PUSHOVER_TOKEN: TOKEN, PUSHOVER_USER: USER, QUEUE_TUI_PUSHOVER_URL: fake.url, TMUX: ''});
		const r = await env.cli(['notify', 'test']);
		expect(r.code).toBe(0);
		expect(r.stdout).toMatch(/^pushover: ok \(200\)/);
		expect(r.stdout).not.toContain(TOKEN);
		expect(fake.requests[0].form.get('message')).toMatch(/test notification/);
		const none = await env.cli(['notify', 'test'], {env: {PUSHOVER_TOKEN: '', PUSHOVER_USER: ''}});
		expect(none.code).toBe(2);
		expect(none.stderr).toMatch(/no notifier configured/);
	});
});
