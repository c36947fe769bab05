import fs from 'node:fs';
import path from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import {alive, QueueEnv, tryKill} from '../helpers/queue-env.js';
import {startServe, type ServeProc} from '../helpers/serve-proc.js';

let env: QueueEnv;
let serve: ServeProc | undefined;
afterEach(async () => {
	await serve?.stop();
	serve = undefined;
	await env?.cleanup();
});

/** A finished job whose output holds markup, with an --env secret. */
async function failedJob(): Promise<number> {
	const id = await env.add(['--label', 'QUAL-<i>044', '--retries', '0', '--env', 'API_KEY=hunter2-secret', '--', 'python3', '-c', "print('<script>alert(1)</script>'); raise SystemExit(3)"]);
	await env.cli(['wait', String(id)]);
	return id;
}

describe('serve over HTTP on 127.0.0.1', () => {
	it('serves pages and the CLI\'s JSON shapes; output is text, env values never shown', async () => {
		env = new QueueEnv();
		const id = await failedJob();
		serve = await startServe(env, []);
		const page = await (await fetch(`${serve.base}/job/${id}`)).text();
		expect(page).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
		expect(page).not.toContain('<script>alert');
		expect(page).toContain('API_KEY');
		expect(page).not.toContain('hunter2');
		const home = await fetch(`${serve.base}/`);
		expect(home.status).toBe(200);
		expect(home.headers.get('content-security-policy')).toContain("script-src 'self'");
		const body = await home.text();
		expect(body).toContain('QUAL-&lt;i&gt;044');
		expect(body).toContain('/tracker/QUAL-%3Ci%3E044');
		const tracker = await (await fetch(`${serve.base}/tracker/QUAL-%3Ci%3E044`)).text();
		expect(tracker).toContain(`#${id}`);

		const list = await env.cli(['list', '--json']);
		expect(await (await fetch(`${serve.base}/api/jobs`)).json()).toEqual(JSON.parse(list.stdout));
		const one = await (await fetch(`${serve.base}/api/jobs/${id}`)).json();
		expect(one).toEqual(JSON.parse(list.stdout)[0]);
		expect(JSON.stringify(one)).not.toContain('hunter2');
		const status = await (await fetch(`${serve.base}/api/status`)).json() as {line: string; attention: unknown[]};
		const cli = JSON.parse((await env.cli(['status', '--json'])).stdout) as {line: string; attention: unknown[]};
		const clockless = (line: string) => line.replace(/^queue \S+/, 'queue');
		expect(clockless(status.line)).toBe(clockless(cli.line));
		expect(status.attention).toEqual(cli.attention);
	});

	it('checks the Host header and refuses actions unless --allow-actions, then wants the CSRF token and Origin', async () => {
		env = new QueueEnv();
		const id = await failedJob();
		serve = await startServe(env, []);
		const evil = await fetchRaw(serve.base, '/', {host: 'evil.example:80'});
		expect(evil).toBe(421);
		const off = await fetch(`${serve.base}/job/${id}/retry`, {method: 'POST', headers: {origin: serve.base}, body: 'csrf=x'});
		expect(off.status).toBe(403);
		await serve.stop();

		serve = await startServe(env, ['--allow-actions']);
		const page = await (await fetch(`${serve.base}/job/${id}`)).text();
		const csrf = /name="csrf" value="([^"]+)"/.exec(page)?.[1];
		expect(csrf).toBeTruthy();
		const form = {'content-type': 'application/x-www-form-urlencoded'};
		expect((await fetch(`${serve.base}/job/${id}/retry`, {method: 'POST', headers: {...form, origin: serve.base}, body: ''})).status).toBe(403);
		expect((await fetch(`${serve.base}/job/${id}/retry`, {method: 'POST', headers: {...form, origin: serve.base}, body: 'csrf=wrong-token-here'})).status).toBe(403);
		expect((await fetch(`${serve.base}/job/${id}/retry`, {method: 'POST', headers: {...form, origin: 'http://evil.example'}, body: `csrf=${csrf}`})).status).toBe(403);
		expect(env.job(id).state).toBe('failed');
		const ok = await fetch(`${serve.base}/job/${id}/retry`, {method: 'POST', headers: {...form, origin: serve.base}, body: `csrf=${csrf}`, redirect: 'manual'});
		expect(ok.status).toBe(303);
		expect(env.job(id).state).not.toBe('failed');
		await env.until(() => env.query<{n: number}>('SELECT COUNT(*) AS n FROM attempts WHERE job_id = ?', id)[0].n >= 2, 'the retried job to run again');
	});

	it('off loopback: a token is generated and printed once; no token or a wrong one is 401; ?token= sets a cookie', async () => {
		env = new QueueEnv();
		await failedJob();
		serve = await startServe(env, ['--host', '127.0.0.2']);
		// The token's line comes in a write of its own, after the line startServe waits for.
		await env.until(() => serve!.stdout().includes('\nopen '), 'the token line');
		const printed = serve.stdout().match(/token=([\w-]+)/g) ?? [];
		expect(printed).toHaveLength(1);
		const token = printed[0]!.slice('token='.length);
		expect((await fetch(`${serve.base}/`)).status).toBe(401);
		expect((await fetch(`${serve.base}/api/status`, {headers: {authorization: 'Bearer wrong-token-wrong-token'}})).status).toBe(401);
		expect((await fetch(`${serve.base}/?token=wrong-token-wrong-token`)).status).toBe(401);
		expect((await fetch(`${serve.base}/api/status`, {headers: {authorization: `Bearer ${token}`}})).status).toBe(200);
		const first = await fetch(`${serve.base}/tracker/x?token=${token}`, {redirect: 'manual'});
		expect(first.status).toBe(303);
		expect(first.headers.get('location')).toBe('/tracker/x');
		const cookie = first.headers.get('set-cookie')!.split(';')[0];
		expect(first.headers.get('set-cookie')).toMatch(/HttpOnly; SameSite=Strict/);
		expect((await fetch(`${serve.base}/`, {headers: {cookie}})).status).toBe(200);
		expect(await fetchRaw(serve.base, '/', {host: '127.0.0.1:1', cookie})).toBe(421);
		// Nothing after the start line prints the token again.
		await fetch(`${serve.base}/`, {headers: {cookie}});
		expect(serve.stdout().split(token).length - 1).toBe(1);
	});

	it('bad flags: one line on stderr, exit 2', async () => {
		env = new QueueEnv();
		await failedJob();
		for (const args of [['--port', 'x'], ['--token', 'short'], ['--token', 'a'.repeat(20), '--token-file', 'f'], ['--token-file', 'missing']]) {
			const r = await env.cli(['serve', ...args]);
			expect(r.code, args.join(' ')).toBe(2);
			expect(r.stderr.trim().split('\n')).toHaveLength(1);
		}
	});
});

/** A GET with headers fetch will not let us set (Host). */
async function fetchRaw(base: string, path: string, headers: Record<string, string>): Promise<number> {
	const http = await import('node:http');
	const url = new URL(base);
	return new Promise((resolve, reject) => {
		http.get({host: url.hostname, port: url.port, path, headers}, res => {
			res.resume();
			resolve(res.statusCode ?? 0);
		}).on('error', reject);
	});
}

/** An open `/events` stream (one browser tab): everything it received so far. */
async function tab(base: string, view: string): Promise<{text: () => string; close: () => void}> {
	const http = await import('node:http');
	let text = '';
	return new Promise((resolve, reject) => {
		const req = http.get(`${base}/events?view=${encodeURIComponent(view)}`, res => {
			res.setEncoding('utf8');
			res.on('data', (d: string) => (text += d));
			res.on('error', () => {});
			// The headers are here: the server follows this tab from now on.
			resolve({text: () => text, close: () => req.destroy()});
		});
		req.on('error', reject);
	});
}

describe('serve and the queue around it', () => {
	it('keeps serving many tabs while runners come and go; stopping it touches no job', async () => {
		env = new QueueEnv();
		const first = await env.add(['--label', 'R-1', '--retries', '0', '--', 'python3', '-c', 'print("first")']);
		await env.cli(['wait', String(first)]);
		serve = await startServe(env, []);
		const tabs = await Promise.all(Array.from({length: 12}, () => tab(serve!.base, '/')));
		try {
			// The runner goes away (killed outright: nothing of it says goodbye).
			const pid = env.runnerPid();
			if (pid && alive(pid)) {
				tryKill(pid, 'SIGKILL');
				await env.until(() => !alive(pid), 'the runner to be gone');
			}
			expect((await fetch(`${serve.base}/`)).status).toBe(200);
			// A new job brings a new runner; every tab hears of the job running.
			const gate = path.join(env.dir, 'gate');
			const second = await env.add(['--label', 'R-1', '--retries', '0', '--', 'python3', '-c', `import os, time\nwhile not os.path.exists(${JSON.stringify(gate)}): time.sleep(0.05)\nprint("second")`]);
			await env.until(() => env.job(second).state === 'running', 'the second job to run');
			// Whole messages only (a message may be cut between two reads).
			const whole = (text: string) => text.slice(0, text.lastIndexOf('\n\n') + 1);
			const shown = (t: {text: () => string}) => whole(t.text()).split('\n').some(line => line.startsWith('data: ') && (JSON.parse(line.slice(6)) as {main?: string}).main?.includes(`<li class="job running"><div class="head"><a href="/job/${second}">`));
			await env.until(() => tabs.every(shown), 'every tab to show the job running', 45_000);
			expect(env.runnerPid()).not.toBe(pid);
		} finally {
			for (const t of tabs) t.close();
		}
		// Stopping the server leaves the running job alone: it runs on and ends as it would have.
		expect(await serve.stop()).toBe(0);
		serve = undefined;
		const running = env.query<{id: number}>("SELECT id FROM jobs WHERE state = 'running'");
		expect(running).toHaveLength(1);
		fs.writeFileSync(path.join(env.dir, 'gate'), '');
		expect((await env.cli(['wait', String(running[0].id)])).code).toBe(0);
		expect(env.job(running[0].id).state).toBe('succeeded');
	}, 120_000);
});
