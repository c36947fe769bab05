import fs from 'node:fs';
import path from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import {nodeScript, QueueEnv} from '../helpers/queue-env.js';

let env: QueueEnv;
afterEach(async () => env?.cleanup());

const queueModule = path.resolve('dist/source/core/queue.js');

describe('several processes at once', () => {
	it('8 processes adding 100 jobs each at once: 800 jobs, unique ids, none lost', async () => {
		env = new QueueEnv();
		const adder = (n: number) => `
			import {openQueue, enqueue} from ${JSON.stringify(queueModule)};
			const q = openQueue({home: ${JSON.stringify(env.home)}});
			const ids = [];
			for (let i = 0; i < 100; i++) ids.push(enqueue(q, {argv: ['true', '${n}-' + i], shell: false, cwd: ${JSON.stringify(env.dir)}, env: {}, kind: 'generic', maxRetries: 2, backoffMs: 0}));
			console.log(JSON.stringify(ids));`;
		// Create the queue first so the eight start on an existing database, as in real use.
		await env.add(['--no-start', '--', 'true', 'seed']);
		const results = await Promise.all(Array.from({length: 8}, (_, n) => nodeScript(adder(n))));
		for (const r of results) expect(r.stderr).toBe('');
		const ids = results.flatMap(r => JSON.parse(r.stdout) as number[]);
		expect(ids).toHaveLength(800);
		expect(new Set(ids).size).toBe(800);
		const rows = env.query<{id: number; argv: string}>('SELECT id, argv FROM jobs WHERE id > 1');
		expect(rows).toHaveLength(800);
		expect(new Set(rows.map(r => r.argv)).size).toBe(800);
		expect(rows.map(r => r.id).sort((a, b) => a - b)).toEqual([...ids].sort((a, b) => a - b));
	});

	it('eight adds at once start exactly one runner, and the slot limit holds', async () => {
		env = new QueueEnv();
		const log = path.join(env.dir, 'spans');
		await env.cli(['start', '--parallel', '2']);
		const job = `echo "start $(date +%s%N)" >> ${log}; sleep 0.4; echo "end $(date +%s%N)" >> ${log}`;
		const adds = await Promise.all(Array.from({length: 8}, () => env.cli(['add', '--shell', job])));
		expect(adds.every(a => a.code === 0)).toBe(true);
		const ids = adds.map(a => a.stdout.trim());
		expect((await env.cli(['wait', ...ids])).code).toBe(0);
		// Replay the start/end marks: never more than two jobs at once.
		const marks = fs.readFileSync(log, 'utf8').trim().split('\n').map(l => l.split(' ')).map(([k, t]) => ({k, t: BigInt(t)}));
		marks.sort((a, b) => (a.t < b.t ? -1 : a.t > b.t ? 1 : 0));
		let running = 0;
		let most = 0;
		for (const m of marks) {
			running += m.k === 'start' ? 1 : -1;
			most = Math.max(most, running);
		}
		expect(marks).toHaveLength(16);
		expect(most).toBeLessThanOrEqual(2);
		expect(most).toBe(2);
		const runnerLog = fs.readFileSync(path.join(env.home, 'runner.log'), 'utf8');
		expect(runnerLog.match(/started /g)?.length).toBe(8);
	});

	it('the status file, read in a tight loop while jobs change state, is always one complete printable line', async () => {
		env = new QueueEnv();
		const ids: string[] = [];
		for (let i = 0; i < 15; i++) ids.push(String(await env.add(['--retries', '0', '--shell', i % 3 === 0 ? 'exit 1' : 'true'])));
		const status = path.join(env.home, 'status');
		let reads = 0;
		let done = false;
		const waiting = env.cli(['wait', ...ids]).then(() => (done = true));
		while (!done) {
			const text = fs.readFileSync(status, 'utf8');
			reads++;
			expect(text.endsWith('\n')).toBe(true);
			expect(text.indexOf('\n')).toBe(text.length - 1);
			expect(text).toMatch(/^queue \d\d:\d\d:\d\d \| [\x20-\x7e]+\n$/);
			expect(Buffer.byteLength(text)).toBeLessThanOrEqual(201);
			if (reads % 50 === 0) await new Promise(r => setImmediate(r));
		}
		await waiting;
		expect(reads).toBeGreaterThan(100);
		// The files are rewritten a moment after the last commit (one debounced writer): they converge.
		const json = () => JSON.parse(fs.readFileSync(path.join(env.home, 'status.json'), 'utf8')) as {line: string; attention: unknown[]};
		await env.until(() => json().line === fs.readFileSync(status, 'utf8').trim() && /\| idle \|/.test(json().line), 'status and status.json to agree on the idle queue');
		expect(json().attention.length).toBeGreaterThan(0);
	});
});
