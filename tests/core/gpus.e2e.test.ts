import fs from 'node:fs';
import path from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import {QueueEnv} from '../helpers/queue-env.js';

let env: QueueEnv;
afterEach(async () => env?.cleanup());

/** A job that writes the GPUs it was given, then waits until the test lets it end. */
const holder = (dir: string, name: string, exit = 0) =>
	['--shell', `echo "$CUDA_VISIBLE_DEVICES" > ${dir}/${name}.gpu; while [ ! -e ${dir}/${name}.go ]; do sleep 0.05; done; exit ${exit}`];

describe('--gpus N: GPUs as a resource', () => {
	it('starts a GPU job only when its GPUs are free, sets CUDA_VISIBLE_DEVICES, gives them back however it ends, and lets CPU jobs run beside', async () => {
		env = new QueueEnv();
		const d = env.dir;
		fs.writeFileSync(path.join(d, '.queue-tui.json'), JSON.stringify({gpus: ['g0', 'g1'], parallel: 1}));
		const read = (name: string) => (fs.existsSync(path.join(d, `${name}.gpu`)) ? fs.readFileSync(path.join(d, `${name}.gpu`), 'utf8').trim() : undefined);
		const a = await env.add(['--no-start', '--gpus', '1', '--retries', '0', ...holder(d, 'a', 1)]);
		const b = await env.add(['--no-start', '--gpus', '1', ...holder(d, 'b')]);
		const c = await env.add(['--no-start', '--gpus', '1', ...holder(d, 'c')]);
		const cpu = await env.add(['--no-start', ...holder(d, 'cpu')]);
		expect((await env.cli(['start'])).code).toBe(0);

		await env.until(() => read('a') && read('b') && read('cpu') !== undefined, 'a, b and the CPU job running');
		expect([read('a'), read('b')].sort()).toEqual(['g0', 'g1']);
		expect(read('cpu')).toBe('');
		expect(env.job(c).state).toBe('queued');
		const list = await env.cli(['list']);
		expect(list.stdout).toMatch(new RegExp(`#${a} +running.*gpu ${read('a')}`));
		expect(list.stdout).toMatch(new RegExp(`#${c} +queued.*1 gpu`));
		const status = await env.cli(['status']);
		expect(status.stdout).toMatch(/gpu g[01]/);

		// a fails: its GPU goes to c.
		const freed = read('a');
		fs.writeFileSync(path.join(d, 'a.go'), '');
		await env.until(() => read('c'), 'c started on the freed GPU');
		expect(read('c')).toBe(freed);
		expect(env.job(a).state).toBe('failed');
		expect(JSON.parse(env.job(c).gpu_ids)).toEqual([freed]);

		for (const n of ['b', 'c', 'cpu']) fs.writeFileSync(path.join(d, `${n}.go`), '');
		expect((await env.cli(['wait', String(b), String(c), String(cpu)])).code).toBe(0);
	});

	it('a cancelled GPU job frees its GPU for the next', async () => {
		env = new QueueEnv();
		const d = env.dir;
		fs.writeFileSync(path.join(d, '.queue-tui.json'), JSON.stringify({gpus: [7]}));
		const a = await env.add(['--gpus', '1', ...holder(d, 'a')]);
		const b = await env.add(['--gpus', '1', ...holder(d, 'b')]);
		await env.until(() => fs.existsSync(path.join(d, 'a.gpu')), 'a running');
		expect(env.job(b).state).toBe('queued');
		expect((await env.cli(['cancel', String(a)])).code).toBe(0);
		await env.until(() => fs.existsSync(path.join(d, 'b.gpu')), 'b running');
		expect(fs.readFileSync(path.join(d, 'b.gpu'), 'utf8').trim()).toBe('7');
		fs.writeFileSync(path.join(d, 'b.go'), '');
		expect((await env.cli(['wait', String(b)])).code).toBe(0);
	});

	it('asking for more GPUs than there are, or for GPUs where none are known, is exit 2 with one line', async () => {
		env = new QueueEnv({PATH: '/usr/bin:/bin'});
		const none = await env.cli(['add', '--gpus', '1', '--', 'true']);
		expect(none.code).toBe(2);
		expect(none.stderr).toMatch(/no GPUs known here/);
		fs.writeFileSync(path.join(env.dir, '.queue-tui.json'), JSON.stringify({gpus: [0, 1]}));
		const many = await env.cli(['add', '--gpus', '3', '--', 'true']);
		expect(many.code).toBe(2);
		expect(many.stderr.trim()).toBe('queue-tui: --gpus 3: only 2 GPUs here (0, 1)');
		const bad = await env.cli(['add', '--gpus', 'two', '--', 'true']);
		expect(bad.code).toBe(2);
		fs.writeFileSync(path.join(env.dir, '.queue-tui.json'), JSON.stringify({gpus: [true]}));
		expect((await env.cli(['add', '--', 'true'])).code).toBe(2);
		expect(fs.existsSync(path.join(env.home, 'queue.db'))).toBe(false);
	});
});
