/**
 * Flows on the dashboard, over HTTP on 127.0.0.1: one block per flow, a flow's own page (live by
 * SSE), the sidebar counting a flow as one, and `/api/flows` in the CLI's shape.
 */
import fs from 'node:fs';
import path from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import {QueueEnv} from '../helpers/queue-env.js';
import {startServe, type ServeProc} from '../helpers/serve-proc.js';

let env: QueueEnv;
let serve: ServeProc | undefined;
afterEach(async () => {
	await serve?.stop();
	serve = undefined;
	await env?.cleanup();
});

/** A two-step workflow whose second step fails (printing markup), and a check that fails after it. */
function workflows(): void {
	fs.writeFileSync(path.join(env.dir, '.queue-tui.json'), JSON.stringify({workflows: {quality: {steps: [
		{name: 'build', run: ['python3', '-c', 'print("built")'], retries: 0},
		{name: 'extract', run: ['python3', '-c', 'import sys; print("<b>no images</b>"); sys.exit(4)'], retries: 0},
	], checks: [{name: 'outputs', shell: 'echo no outputs here; exit 1', retries: 0}]}}}));
}

const count = (text: string, part: string) => text.split(part).length - 1;

describe('serve shows flows as flows', () => {
	it('one block per flow on / and the tracker page (never its jobs loose), and /api/flows as wait fN --json prints it', async () => {
		env = new QueueEnv();
		workflows();
		const loose = await env.add(['--label', 'QUAL-7', '--retries', '0', '--', 'python3', '-c', 'print("alone")']);
		const run = await env.cli(['flow', 'run', 'quality', '--label', 'QUAL-7', '--wait']);
		expect(run.code).toBe(4);
		await env.cli(['wait', String(loose)]);
		const ids = env.query<{id: number}>('SELECT id FROM jobs WHERE flow_id = 1 ORDER BY id').map(r => r.id);
		expect(ids).toHaveLength(3);
		serve = await startServe(env, []);

		const cli = JSON.parse((await env.cli(['wait', 'f1', '--json'])).stdout);
		expect(cli).toMatchObject({flow: 'f1', workflow: 'quality', label: 'QUAL-7', state: 'failed', ended: true, exitCode: 4, failedStep: 'extract', failedCheck: 'outputs'});
		expect(cli.steps.map((s: {name: string; role: string; state: string; job: number}) => [s.name, s.role, s.state, s.job])).toEqual([
			['build', 'step', 'succeeded', ids[0]], ['extract', 'step', 'failed', ids[1]], ['outputs', 'check', 'failed', ids[2]],
		]);
		expect(cli.steps[1].result).toBe('exit 4');
		expect(await (await fetch(`${serve.base}/api/flows/f1`)).json()).toEqual(cli);
		expect(await (await fetch(`${serve.base}/api/flows`)).json()).toEqual([cli]);
		expect(await (await fetch(`${serve.base}/api/flows?label=QUAL-7`)).json()).toEqual([cli]);
		expect(await (await fetch(`${serve.base}/api/flows?label=OTHER`)).json()).toEqual([]);
		expect((await fetch(`${serve.base}/api/flows/f9`)).status).toBe(404);

		for (const page of ['/', '/tracker/QUAL-7']) {
			const html = await (await fetch(serve.base + page)).text();
			expect(count(html, 'data-flow="f1"'), page).toBe(1);
			const block = html.slice(html.indexOf('data-flow="f1"'), html.indexOf('</li>', html.indexOf('class="result"')));
			expect(block, page).toContain('FAILED');
			expect(block, page).toContain('queue flow f1 quality QUAL-7 FAILED step extract: exit 4; check outputs: no outputs here');
			// Each step links to its job once, inside the block, and to nowhere else on the page.
			for (const id of ids) {
				expect(count(html, `href="/job/${id}"`), `${page} #${id}`).toBe(1);
				expect(block, page).toContain(`href="/job/${id}"`);
			}
			expect(html, page).toContain(`href="/job/${loose}"`);
			expect(html, page).not.toContain('<b>no images</b>');
		}
	});
});

/** Reads a Server-Sent Events stream until an `update` whose data passes `done`, or fails after a generous deadline. */
async function sseUntil(url: string, done: (parts: Record<string, string>) => boolean, what: string, opened: () => void): Promise<Record<string, string>> {
	const controller = new AbortController();
	const timer = setTimeout(() => controller.abort(new Error(`never saw ${what}`)), 60_000);
	try {
		const res = await fetch(url, {signal: controller.signal});
		// The server follows this page from here on: what happens next is sent.
		opened();
		const decoder = new TextDecoder();
		let buffer = '';
		for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
			buffer += decoder.decode(chunk, {stream: true});
			let end: number;
			while ((end = buffer.indexOf('\n\n')) >= 0) {
				const message = buffer.slice(0, end);
				buffer = buffer.slice(end + 2);
				const data = /^data: (.*)$/m.exec(message)?.[1];
				if (message.startsWith('event: update') && data && done(JSON.parse(data) as Record<string, string>)) return JSON.parse(data) as Record<string, string>;
			}
		}
		throw new Error(`the stream ended before ${what}`);
	} finally {
		clearTimeout(timer);
		controller.abort();
	}
}

describe('a flow\'s own page', () => {
	it('/flow/f1: steps and checks with states, times and results, what failed last printed; linked from its block and its jobs; the sidebar counts it as one', async () => {
		env = new QueueEnv();
		workflows();
		const loose = await env.add(['--label', 'QUAL-7', '--retries', '0', '--', 'python3', '-c', 'print("alone")']);
		expect((await env.cli(['flow', 'run', 'quality', '--label', 'QUAL-7', '--wait'])).code).toBe(4);
		await env.cli(['wait', String(loose)]);
		const ids = env.query<{id: number}>('SELECT id FROM jobs WHERE flow_id = 1 ORDER BY id').map(r => r.id);
		serve = await startServe(env, []);

		const res = await fetch(`${serve.base}/flow/f1`);
		expect(res.status).toBe(200);
		const html = await res.text();
		const rows = [...html.matchAll(/<tr class="step (\w+)"><td>(\w+)<\/td><td><a href="\/job\/(\d+)">(\w+)<\/a><\/td><td class="state">(\w+)<\/td><td>([^<]+)<\/td><td>([^<]*)<\/td><\/tr>/g)]
			.map(m => ({state: m[1], role: m[2], job: Number(m[3]), name: m[4], word: m[5], took: m[6], result: m[7]}));
		expect(rows.map(r => [r.role, r.name, r.job, r.word, r.result])).toEqual([
			['step', 'build', ids[0], 'OK', ''], ['step', 'extract', ids[1], 'FAILED', 'exit 4'], ['check', 'outputs', ids[2], 'FAILED', 'exit 1'],
		]);
		for (const r of rows) expect(r.took, r.name).toMatch(/^\d+(\.\d+)?(ms|s)|^\d+m/);
		expect(html).toContain('queue flow f1 quality QUAL-7 FAILED step extract: exit 4; check outputs: no outputs here');
		// What failed, in its own words: the check first, then the step (its markup as text).
		const check = html.indexOf('check outputs: last output');
		const step = html.indexOf('step extract: last output');
		expect(check).toBeGreaterThan(0);
		expect(step).toBeGreaterThan(check);
		expect(html.slice(check, step)).toContain('no outputs here');
		expect(html.slice(step)).toContain('&lt;b&gt;no images&lt;/b&gt;');
		expect(html).not.toContain('<b>no images</b>');
		expect(html).not.toContain('built'); // a step that succeeded shows no output
		const main = (page: string) => page.slice(page.indexOf('<main'));
		expect(main(await (await fetch(`${serve.base}/flow/1`)).text())).toBe(main(html));
		expect((await fetch(`${serve.base}/flow/f9`)).status).toBe(404);
		expect(await (await fetch(`${serve.base}/api/flows/1`)).json()).toEqual(JSON.parse((await env.cli(['wait', 'f1', '--json'])).stdout));

		for (const page of ['/', '/tracker/QUAL-7']) expect(await (await fetch(serve.base + page)).text(), page).toContain('<a href="/flow/f1">flow f1 quality</a>');
		expect(await (await fetch(`${serve.base}/job/${ids[1]}`)).text()).toContain('<a href="/flow/f1">f1</a> extract');
		// The sidebar and the tracker page count the flow as one, not its three jobs.
		const home = await (await fetch(`${serve.base}/`)).text();
		const row = /<li><a href="\/tracker\/QUAL-7">.*?<span class="counts">([^<]*)<\/span>/.exec(home)?.[1];
		expect(row).toBe('1 job · 1 flow · 1 failed');
		expect(await (await fetch(`${serve.base}/tracker/QUAL-7`)).text()).toContain('(1 job · 1 flow, newest first)');
	});

	it('follows a running flow live over SSE: the step it is on, then the next one, then its end', async () => {
		env = new QueueEnv();
		const gate = path.join(env.dir, 'gate');
		fs.writeFileSync(path.join(env.dir, '.queue-tui.json'), JSON.stringify({workflows: {gated: {steps: [
			{name: 'wait-gate', run: ['python3', '-c', `import os, time\nwhile not os.path.exists(${JSON.stringify(gate)}): time.sleep(0.05)\nprint("gate open")`], retries: 0},
			{name: 'after', run: ['python3', '-c', 'print("after")'], retries: 0},
		], checks: [{name: 'sure', shell: 'echo checked', retries: 0}]}}}));
		expect((await env.cli(['flow', 'run', 'gated', '--label', 'G-1'])).code).toBe(0);
		serve = await startServe(env, []);
		const events = `${serve.base}/events?view=${encodeURIComponent('/flow/f1')}`;
		const first = env.query<{id: number}>('SELECT id FROM jobs WHERE flow_id = 1 ORDER BY id')[0].id;
		await env.until(() => env.job(first).state === 'running', 'the first step to run');
		expect(await (await fetch(`${serve.base}/flow/f1`)).text()).toMatch(/<tr class="step running"><td>step<\/td><td><a href="\/job\/\d+">wait-gate<\/a>/);
		const parts = await sseUntil(events, p => (p.main ?? '').includes('queue flow f1 gated G-1 ok: 2 steps, 1 check passed'), 'the flow\'s end', () => fs.writeFileSync(gate, ''));
		expect(parts.main.match(/<tr class="step succeeded">/g)).toHaveLength(3);
		expect(parts.sidebar).toContain('1 flow');
		expect(parts.sidebar).not.toContain('3 jobs');
	});
});
