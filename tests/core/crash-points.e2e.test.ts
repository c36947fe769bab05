import fs from 'node:fs';
import path from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import {alive, QueueEnv} from '../helpers/queue-env.js';

let env: QueueEnv;
afterEach(async () => env?.cleanup());

type Row = Record<string, any>;

/**
 * What each crash point leaves behind at the moment the runner dies: proof that the fault was
 * injected there (and not somewhere harmless) before recovery is put to the test.
 */
const LEFT: Record<string, (job: Row, runs: number, env: QueueEnv) => boolean> = {
	'after-claim': (job, runs) => job.state === 'running' && job.pid === null && runs === 0,
	'after-spawn': job => job.state === 'running' && job.pid === null,
	'before-pid': job => job.state === 'running' && job.pid === null,
	'before-end': (job, runs) => job.state === 'running' && job.pid !== null && !alive(job.pid) && runs === 1,
	'before-report': (job, _runs, e) => job.state === 'failed' && !fs.existsSync(path.join(e.home, 'reports', '1.md')),
	'mid-status': (job, _runs, e) => job.state === 'failed' && !fs.readFileSync(path.join(e.home, 'status.json'), 'utf8').includes('"last":{"id":1'),
};

describe('the runner killed at each step of a job\'s life (QUEUE_TUI_CRASH_AT)', () => {
	for (const point of Object.keys(LEFT)) {
		it(`${point}: the job runs exactly once, its exit code is recorded, and the queue moves on`, async () => {
			env = new QueueEnv();
			const runs = path.join(env.dir, 'runs');
			const count = (file: string) => (fs.existsSync(file) ? fs.readFileSync(file, 'utf8').split('\n').filter(Boolean).length : 0);
			const a = await env.add(['--no-start', '--retries', '0', '--shell', `echo run >> ${runs}; sleep 0.5; exit 3`]);
			// mid-status: queued after the crash, and its change rewrites the files (queued before,
			// the runner could run it too before its first status write after a's end, and die with nothing
			// left to do: then nothing rewrites the files until the next change; see the README's limits).
			const queueB = () => env!.add(['--no-start', '--shell', `echo b >> ${runs}.b`]);
			const early = point === 'mid-status' ? undefined : await queueB();
			expect((await env.cli(['start'], {env: {QUEUE_TUI_CRASH_AT: point}})).code).toBe(0);
			const first = (await env.until(() => env.runnerPid(), 'the runner to start')) as number;
			await env.until(() => !alive(first), `the runner to kill itself at ${point}`, 30_000);
			if (point === 'before-end' || point === 'before-report' || point === 'mid-status') await env.until(() => count(runs) === 1, 'the job to have run');
			expect(LEFT[point](env.job(a), count(runs), env), JSON.stringify(env.job(a))).toBe(true);
			const b = early ?? await queueB();

			const w = await env.cli(['wait', String(a), String(b)]);
			expect(w.code, w.stderr).toBe(3);
			// The line names the report: it is there when the line is printed, whoever wrote it.
			expect(fs.readFileSync(path.join(env.home, 'reports', `${a}.md`), 'utf8')).toContain('FAILED');
			const job = env.job(a);
			expect([job.state, job.exit_code, job.attempt]).toEqual(['failed', 3, 1]);
			expect(count(runs)).toBe(1);
			expect(count(`${runs}.b`)).toBe(1);
			expect(env.job(b).state).toBe('succeeded');
			const attempts = env.query<{state: string; counts: number}>('SELECT state, counts FROM attempts WHERE job_id = ? ORDER BY seq', a);
			const before = point === 'after-claim' ? [{state: 'interrupted', counts: 0}] : [];
			expect(attempts).toEqual([...before, {state: 'failed', counts: 1}]);
			// The status files catch up with the last change, both of them, whatever was cut short.
			await env.until(() => {
				const line = fs.readFileSync(path.join(env.home, 'status'), 'utf8').trim();
				const json = JSON.parse(fs.readFileSync(path.join(env.home, 'status.json'), 'utf8')) as {line: string};
				return json.line === line && line.includes(`#${b} `) && line.includes('ok');
			}, 'the status files to show the end');
			expect(fs.readdirSync(path.join(env.home, 'exits'))).toEqual([]);
		});
	}
});
