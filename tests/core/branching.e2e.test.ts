import fs from 'node:fs';
import path from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import {QueueEnv} from '../helpers/queue-env.js';

let env: QueueEnv;
afterEach(async () => env?.cleanup());

describe('result-based branching and labels', () => {
	it('--after runs on success; a failure skips the chain three jobs deep; --if-failed and --after-any run', async () => {
		env = new QueueEnv();
		const a = await env.add(['--no-start', '--label', 'QUAL-044', '--', 'true']);
		const b = await env.add(['--no-start', '--label', 'QUAL-044', '--after', String(a), '--retries', '0', '--shell', 'exit 1']);
		const c = await env.add(['--no-start', '--label', 'QUAL-044', '--after', String(b), '--', 'true']);
		const d = await env.add(['--no-start', '--after', String(c), '--', 'true']);
		const e = await env.add(['--no-start', '--after', `#${d}`, '--', 'true']);
		const diag = await env.add(['--no-start', '--label', 'QUAL-044', '--if-failed', String(b), '--', 'true']);
		const notDiag = await env.add(['--no-start', '--if-failed', String(a), '--', 'true']);
		const any = await env.add(['--no-start', '--after-any', String(b), '--', 'true']);
		await env.cli(['start']);
		await env.cli(['wait', String(any)]);
		await env.until(() => [c, d, e, diag, notDiag].every(id => env.job(id).finished_at), 'every job to end');
		const states = [a, b, c, d, e, diag, notDiag, any].map(id => env.job(id).state);
		expect(states).toEqual(['succeeded', 'failed', 'skipped', 'skipped', 'skipped', 'succeeded', 'skipped', 'succeeded']);
		expect(env.job(c).reason).toBe(`skipped: #${b} failed`);
		expect(env.job(d).reason).toBe(`skipped: #${c} skipped`);
		expect(env.job(e).reason).toBe(`skipped: #${d} skipped`);
		expect(env.job(notDiag).reason).toBe(`skipped: #${a} succeeded (runs only if it failed)`);
		expect(env.query('SELECT * FROM attempts WHERE job_id IN (?, ?, ?)', c, d, e)).toEqual([]);
		// Labels: list, status and report gather one task's jobs.
		const listed = JSON.parse((await env.cli(['list', '--json', '--label', 'QUAL-044'])).stdout);
		expect(listed.map((j: {id: number}) => j.id)).toEqual([a, b, c, diag]);
		expect((await env.cli(['status', '--label', 'QUAL-044'])).stdout).toMatch(/^queue \d\d:\d\d:\d\d \| idle \| #\d+ \S+ \[QUAL-044\]/);
		const report = (await env.cli(['report', '--label', 'QUAL-044'])).stdout;
		for (const id of [a, b, c, diag]) expect(report).toContain(`#${id}`);
		expect(report).not.toContain(`#${notDiag} `);
	});

	it('a cancelled dependency skips its --after jobs; refused at add: unknown ids', async () => {
		env = new QueueEnv();
		const marker = path.join(env.dir, 'go');
		const a = await env.add(['--shell', `while [ ! -f ${marker} ]; do sleep 0.05; done`]);
		const b = await env.add(['--after', String(a), '--', 'true']);
		await env.until(() => env.job(a).state === 'running', 'the first job to run');
		await env.cli(['cancel', String(a)]);
		await env.cli(['wait', String(b)]);
		expect(env.job(b).state).toBe('skipped');
		expect(env.job(b).reason).toBe(`skipped: #${a} cancelled`);
		const before = env.query('SELECT COUNT(*) AS n FROM jobs');
		for (const args of [['--after', '999'], ['--if-failed', '999'], ['--after-any', `${a},999`], ['--after', 'x']]) {
			const r = await env.cli(['add', ...args, '--', 'true']);
			expect(r.code).toBe(2);
			expect(r.stderr.trim().split('\n')).toHaveLength(1);
			expect(r.stderr).toMatch(/no job #999|takes job ids/);
		}
		expect(env.query('SELECT COUNT(*) AS n FROM jobs')).toEqual(before);
		fs.writeFileSync(marker, '');
	});
});
