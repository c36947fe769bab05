/**
 * A flow survives what a job survives: a simulated reboot mid-flow (the runner and the running
 * step's whole process group killed at once) re-queues that step at its old place without spending
 * a retry; the flow goes on with its variables, ahead of work queued after it.
 */
import fs from 'node:fs';
import path from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import {alive, QueueEnv, tryKill} from '../helpers/queue-env.js';

let env: QueueEnv;
afterEach(async () => {
	await env?.cleanup();
});

describe('a flow across a reboot', () => {
	it('the interrupted step runs again at its place, uncounted; the flow ends ok with its variables, before later work', async () => {
		env = new QueueEnv();
		const marker = path.join(env.dir, 'marker');
		fs.writeFileSync(path.join(env.dir, '.queue-tui.json'), JSON.stringify({workflows: {chain: {vars: {out: 'x'}, steps: [
			// The first run leaves a marker and hangs until killed; the run after the reboot ends at once.
			{name: 'hold', shell: `echo hold >> order; if [ -f ${marker} ]; then exit 0; fi; touch ${marker}; sleep 60`, retries: 0},
			{name: 'write', shell: 'echo write {out} >> order', retries: 0},
		], checks: [{name: 'result', shell: 'grep -q {out} order', retries: 0}]}}}));
		const flow = await env.cli(['flow', 'run', 'chain', '--label', 'L', '--set', 'out=kept value']);
		expect(flow).toMatchObject({code: 0, stdout: 'f1\n'});
		const later = await env.add(['--shell', 'echo later >> order']);
		const pgid = (await env.until(() => env.job(1).pid, 'the first step to start')) as number;
		await env.until(() => fs.existsSync(marker), 'the marker');
		const runner = env.runnerPid()!;
		tryKill(runner, 'SIGKILL');
		tryKill(-pgid, 'SIGKILL');
		await env.until(() => !alive(runner) && !alive(pgid), 'the runner and the step to be gone');
		expect(env.job(1).state).toBe('running');
		// `wait` finds no live runner and starts one, which finds the step's process gone.
		const r = await env.cli(['wait', 'f1']);
		expect(r).toMatchObject({code: 0, stdout: expect.stringMatching(/^queue flow f1 chain L ok: 2 steps, 1 check passed/)});
		expect((await env.cli(['wait', String(later)])).code).toBe(0);
		expect(env.query('SELECT state, counts FROM attempts WHERE job_id = 1 ORDER BY seq')).toEqual([{state: 'interrupted', counts: 0}, {state: 'succeeded', counts: 1}]);
		expect(env.job(1).attempt).toBe(1);
		expect(fs.readFileSync(path.join(env.dir, 'order'), 'utf8').trim().split('\n')).toEqual(['hold', 'hold', 'write kept value', 'later']);
		const [row] = env.query<{state: string; vars: string}>('SELECT state, vars FROM flows WHERE id = 1');
		expect(row.state).toBe('succeeded');
		expect(JSON.parse(row.vars)).toMatchObject({out: 'kept value'});
	});
});
