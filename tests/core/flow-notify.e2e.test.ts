import fs from 'node:fs';
import path from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import {QueueEnv} from '../helpers/queue-env.js';
import {closedPortUrl, startFakeServer, TOKEN, USER} from './notify/fake-server.js';

type Fake = Awaited<ReturnType<typeof startFakeServer>>;
let env: QueueEnv;
let fakes: Fake[] = [];
afterEach(async () => {
	await env?.cleanup();
	await Promise.all(fakes.map(f => f.close()));
	fakes = [];
});

/**
 * A project whose runner notifies through stand-ins for Pushover and ntfy on 127.0.0.1 and a
 * command that records what it was given; every success is notified too (`on: success`), so a
 * step's own notification would be sent if steps were not folded into their flow's.
 */
async function notifyingProject(workflows: unknown) {
	const pushover = await startFakeServer([{status: 200, body: '{"status":1,"request":"r-1"}'}]);
	const ntfy = await startFakeServer([{status: 200, body: '{"id":"n-1"}'}]);
	fakes.push(pushover, ntfy);
	env = new QueueEnv({PUSHOVER_TOKEN: TOKEN, PUSHOVER_USER: USER, QUEUE_TUI_PUSHOVER_URL: `${pushover.url}/1`, QUEUE_TUI_NTFY_URL: `${ntfy.url}/topic`});
	const command = 'printf "%s|%s|%s\\n" "$QUEUE_TUI_JOB_ID" "$QUEUE_TUI_FLOW_ID" "$QUEUE_TUI_FLOW" >> notified.txt';
	fs.writeFileSync(path.join(env.dir, '.queue-tui.json'), JSON.stringify({
		workflows, serve: {publicUrl: 'http://box.tailnet:8088/'}, notify: {tmux: false, on: ['success'], command},
	}));
	const forms = () => pushover.requests.map(r => new URLSearchParams(r.body));
	const commandLines = () => {
		const file = path.join(env.dir, 'notified.txt');
		return fs.existsSync(file) ? fs.readFileSync(file, 'utf8').trim().split('\n') : [];
	};
	/**
	 * Everything the flow caused: once a lone job added after the flow ended has been notified
	 * through all three, any message of the flow's own steps (which ended before it) would be in too.
	 */
	const settle = async () => {
		const last = await env.add(['--', 'true']);
		await env.cli(['wait', String(last)]);
		const mine = (text: string | null | undefined) => (text ?? '').includes(`queue #${last} `);
		await env.until(() => forms().some(f => mine(f.get('message'))) && ntfy.requests.some(r => mine(r.body)) && commandLines().some(l => l.startsWith(`${last}|`)), 'the lone job\'s notifications', 60_000);
		const flowOnly = <T>(all: T[], text: (x: T) => string) => all.filter(x => !mine(text(x)));
		return {
			pushes: flowOnly(forms(), f => f.get('message') ?? ''),
			ntfys: flowOnly(ntfy.requests, r => r.body),
			commands: commandLines().filter(l => !l.startsWith(`${last}|`)),
		};
	};
	return {settle};
}

/** `job id|flow id|flow JSON`, as the notify command wrote it (the JSON may hold a `|`). */
const fields = (line: string) => {
	const [jobId, flowId, ...json] = line.split('|');
	return [jobId, flowId, json.join('|')];
};

const quality = {
	steps: [
		{name: 'unit', shell: 'echo "2 passed"', retries: 0},
		{name: 'extract', shell: 'echo "処理中 1/2"; echo "処理中 2/2"', retries: 0},
		{name: 'report', shell: 'echo report written', when: 'after-any', retries: 0},
	],
	checks: [{name: 'outputs', shell: 'echo 2 files', retries: 0}],
};

describe('notifications per flow', () => {
	it('a flow that passes sends one notification for the flow, none for its steps, linking to the flow\'s page', async () => {
		const {settle} = await notifyingProject({quality});
		const r = await env.cli(['flow', 'run', 'quality', '--label', 'QUAL-044', '--wait']);
		expect(r).toMatchObject({code: 0, stdout: expect.stringMatching(/^queue flow f1 quality QUAL-044 ok: 3 steps, 1 check passed/)});
		const {pushes, ntfys, commands} = await settle();
		expect(pushes).toHaveLength(1);
		expect(pushes[0].get('title')).toBe('queue flow f1 ok: quality QUAL-044');
		expect(pushes[0].get('message')).toMatch(/^queue flow f1 quality QUAL-044 ok: 3 steps, 1 check passed/);
		expect(pushes[0].get('message')).toContain('steps: unit ok, extract ok, report ok\nchecks: outputs ok');
		expect(pushes[0].get('url')).toBe('http://box.tailnet:8088/flow/f1');
		expect(pushes[0].get('url_title')).toBe('flow f1 in the dashboard');
		expect(ntfys).toHaveLength(1);
		expect(ntfys[0].headers.title).toBe('queue flow f1 ok: quality QUAL-044');
		expect(ntfys[0].headers.click).toBe('http://box.tailnet:8088/flow/f1');
		expect(commands).toHaveLength(1);
		const [, flowId, json] = fields(commands[0]);
		expect(flowId).toBe('f1');
		expect(JSON.parse(json)).toEqual({
			id: 'f1', name: 'quality', label: 'QUAL-044', state: 'succeeded',
			jobs: [
				{name: 'unit', role: 'step', jobId: 1, state: 'succeeded'},
				{name: 'extract', role: 'step', jobId: 2, state: 'succeeded'},
				{name: 'report', role: 'step', jobId: 3, state: 'succeeded'},
				{name: 'outputs', role: 'check', jobId: 4, state: 'succeeded'},
			],
		});
		expect(fs.readFileSync(path.join(env.home, 'runner.log'), 'utf8')).toContain('flow f1 notify pushover: sent');
	});

	it('a step that fails and ends the flow: one notification, naming that step and its last output line', async () => {
		const failing = {
			...quality,
			steps: [quality.steps[0], {name: 'extract', shell: 'echo "reading in/"; echo "ValueError: no images in in/" >&2; exit 3', retries: 0}, quality.steps[2]],
		};
		const {settle} = await notifyingProject({quality: failing});
		const r = await env.cli(['flow', 'run', 'quality', '--label', 'QUAL-044', '--wait']);
		expect(r).toMatchObject({code: 3, stdout: expect.stringMatching(/^queue flow f1 quality QUAL-044 FAILED step extract: exit 3/)});
		const {pushes, ntfys, commands} = await settle();
		expect(pushes).toHaveLength(1);
		expect(pushes[0].get('title')).toBe('queue flow f1 FAILED: quality QUAL-044');
		expect(pushes[0].get('message')).toContain('step extract failed: exit 3 | last line: ValueError: no images in in/');
		expect(pushes[0].get('message')).toContain('steps: unit ok, extract FAILED, report ok\nchecks: outputs ok');
		expect(ntfys).toHaveLength(1);
		expect(ntfys[0].headers.priority).toBe('high');
		expect(ntfys[0].body).toContain('step extract failed: exit 3 | last line: ValueError: no images in in/');
		expect(commands).toHaveLength(1);
		const [jobId, , json] = fields(commands[0]);
		expect(jobId).toBe('2');
		expect(JSON.parse(json)).toMatchObject({state: 'failed', failed: {role: 'step', name: 'extract', jobId: 2, detail: 'exit 3', lastLine: 'ValueError: no images in in/'}});
	});

	it('a check that fails: one notification naming the check and the last line it printed', async () => {
		const down = await closedPortUrl();
		const checked = {...quality, checks: [{name: 'dashboard', run: ['curl', '-fsS', `${down}/tracker/{label}`], retries: 0}]};
		const {settle} = await notifyingProject({quality: checked});
		const r = await env.cli(['flow', 'run', 'quality', '--label', 'QUAL-044', '--wait']);
		expect(r).toMatchObject({code: 1, stdout: expect.stringMatching(/^queue flow f1 quality QUAL-044 FAILED check dashboard: curl: \(7\) Failed to connect/)});
		const {pushes, ntfys, commands} = await settle();
		expect(pushes).toHaveLength(1);
		expect(pushes[0].get('title')).toBe('queue flow f1 FAILED: quality QUAL-044');
		expect(pushes[0].get('message')).toMatch(/check dashboard failed: exit 7 \| last line: curl: \(7\) Failed to connect to 127\.0\.0\.1/);
		expect(pushes[0].get('message')).toContain('steps: unit ok, extract ok, report ok\nchecks: dashboard FAILED');
		expect(ntfys).toHaveLength(1);
		expect(commands).toHaveLength(1);
		expect(JSON.parse(fields(commands[0])[2])).toMatchObject({state: 'failed', failed: {role: 'check', name: 'dashboard', jobId: 4}});
	});
});
