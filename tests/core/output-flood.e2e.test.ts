// Jobs that flood their output: one 50 MB line, 200 MB of lines, seconds of `\r` redraws. The
// runner's memory stays bounded (peak RSS read from /proc), the job running next to the floods
// has its end recorded on time, and `log --tail N` / the report show at most N terminal lines.
import fs from 'node:fs';
import path from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import {QueueEnv} from '../helpers/queue-env.js';

let env: QueueEnv;
afterEach(async () => env?.cleanup());

const peakRssMB = (pid: number) => Number(/VmHWM:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))![1]) / 1024;

const LINE = 'processing item 123456 of 999999, loss 0.1234, all good';
const REDRAWS = [
	'import sys, time',
	'end = time.time() + 3',
	'i = 0',
	'while time.time() < end:',
	'    i += 1',
	'    sys.stdout.write(f"\\rExtract: {i % 100:3d}%|{\'#\' * (i % 100 // 10):10s}| {i}/10000000")',
	'sys.stdout.write("\\ndone\\n")',
].join('\n');

describe('a flood of output keeps the runner bounded', () => {
	it('50 MB line, 200 MB of lines, 3 s of redraws: bounded RSS, ends recorded on time, tails of at most N lines', async () => {
		env = new QueueEnv();
		const gate = path.join(env.dir, 'go');
		const stamps = path.join(env.dir, 'stamps');
		// Two slots: the floods run one after another in one, a small job records its own end in the other.
		expect((await env.cli(['start', '--parallel', '2'])).code).toBe(0);
		const line = await env.add(['--', 'python3', '-c', 'import sys; sys.stdout.write("x" * 50_000_000)']);
		const steady = await env.add(['--shell', `sleep 1; date +%s%3N > ${stamps}; sleep 1; date +%s%3N >> ${stamps}`]);
		const lines = await env.add(['--after', String(line), '--shell', `yes '${LINE}' | head -c ${(LINE.length + 1) * 3_500_000}`]);
		const redraws = await env.add(['--after', String(lines), '--', 'python3', '-c', REDRAWS]);
		// Holds the runner after the floods, so its peak RSS can be read while it is alive.
		const hold = await env.add(['--after', String(redraws), '--shell', `while [ ! -f ${gate} ]; do sleep 0.05; done`]);
		await env.until(() => env.job(hold).state === 'running', 'the floods to end', 120_000);
		const pid = env.runnerPid()!;
		expect(peakRssMB(pid)).toBeLessThan(150);
		fs.writeFileSync(gate, '');
		await env.until(() => env.job(hold).state === 'succeeded', 'the last job');
		for (const id of [line, steady, lines, redraws]) expect(env.job(id).state).toBe('succeeded');

		// Bookkeeping was not held up by the floods: the small job's end is recorded within a
		// generous margin of when it really ended (a runner stuck on output took 17 s).
		const [, endedAt] = fs.readFileSync(stamps, 'utf8').trim().split('\n').map(Number);
		expect(env.job(steady).finished_at - endedAt).toBeLessThan(3000);

		const tail = async (id: number, n: number) => {
			const r = await env.cli(['log', String(id), '--tail', String(n)]);
			expect(r.code).toBe(0);
			return r.stdout.split('\n').slice(0, -1);
		};
		const long = await tail(line, 5);
		expect(long.length).toBeLessThanOrEqual(5);
		expect(long.at(-1)).toMatch(/^\[queue-tui: more than [\d.]+ MB of this line cut\] x{4000,4096}$/);
		expect(await tail(lines, 7)).toEqual(Array(7).fill(LINE));
		const bar = await tail(redraws, 3);
		expect(bar.slice(-2)).toEqual([expect.stringMatching(/^Extract: +\d+%\|#* *\| \d+\/10000000$/), 'done']);
		expect(bar.length).toBeLessThanOrEqual(3);
		// The report's log tail is the same terminal view: the bar is one line, not thousands glued together.
		const report = await env.cli(['report', String(redraws)]);
		const fence = report.stdout.slice(report.stdout.indexOf('## Log tail'));
		expect(fence).toMatch(/\nExtract: +\d+%\|#* *\| \d+\/10000000\ndone\n/);
		for (const l of fence.split('\n')) expect(l.length).toBeLessThan(200);
	}, 180_000);
});
