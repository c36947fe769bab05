import fs from 'node:fs';
import os from 'node:os';
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

	it('without "gpus" in the config, the GPUs are those nvidia-smi -L lists', async () => {
		// A stand-in nvidia-smi first on PATH, printing what the real one prints on a two-GPU machine (a MIG line indented under one).
		const bin = fs.mkdtempSync(path.join(os.tmpdir(), 'qtui-smi-'));
		fs.writeFileSync(path.join(bin, 'nvidia-smi'), `#!/bin/sh
[ "$1" = "-L" ] || exit 9
echo 'GPU 0: NVIDIA A100-SXM4-40GB (UUID: GPU-5f0c4d2a-0000-0000-0000-000000000000)'
echo '  MIG 1g.5gb      Device  0: (UUID: MIG-1a2b3c4d-0000-0000-0000-000000000000)'
echo 'GPU 1: NVIDIA A100-SXM4-40GB (UUID: GPU-5f0c4d2a-1111-1111-1111-111111111111)'
`, {mode: 0o755});
		env = new QueueEnv({PATH: `${bin}:${process.env.PATH}`});
		try {
			const d = env.dir;
			const id = await env.add(['--gpus', '2', '--shell', `echo "$CUDA_VISIBLE_DEVICES" > ${d}/both.gpu`]);
			expect((await env.cli(['wait', String(id)])).code).toBe(0);
			expect(fs.readFileSync(path.join(d, 'both.gpu'), 'utf8').trim()).toBe('0,1');
			const many = await env.cli(['add', '--gpus', '3', '--', 'true']);
			expect(many.code).toBe(2);
			expect(many.stderr.trim()).toBe('queue-tui: --gpus 3: only 2 GPUs here (0, 1)');
		} finally {
			fs.rmSync(bin, {recursive: true, force: true});
		}
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
