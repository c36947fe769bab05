import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import {alive, QueueEnv} from '../helpers/queue-env.js';

let env: QueueEnv;
let fake: net.Server | undefined;
afterEach(async () => {
	await new Promise<void>(resolve => (fake ? fake.close(() => resolve()) : resolve()));
	fake = undefined;
	await env?.cleanup();
});

const sock = () => path.join(env.home, 'runner.sock');
const record = path.resolve('tests/helpers/record-imports.mjs');

/** `add` with its module loads recorded: whether it opened the database itself (the direct path). */
async function addRecorded(args: string[], tag: string) {
	const file = path.join(env.dir, `imports-${tag}.txt`);
	const r = await env.cli(['add', ...args], {env: {QTUI_IMPORTS: file, NODE_OPTIONS: `--import=${record}`}});
	const specs = fs.existsSync(file) ? fs.readFileSync(file, 'utf8').split('\n') : [];
	return {...r, direct: specs.some(s => s.includes('better-sqlite3') || /\/queue\.js$/.test(s))};
}

/** A foreground runner, ready once its socket is there. */
async function liveRunner() {
	const runner = env.start(['--headless']);
	await env.until(() => fs.existsSync(sock()), 'the runner\'s socket');
	return runner;
}

/** A stand-in listening on the runner's socket path: counts connections, answers what it is told. */
async function fakeRunner(answer: ((line: string) => string) | undefined, mode: number) {
	fs.mkdirSync(env.home, {recursive: true, mode: 0o700});
	const seen: string[] = [];
	fake = net.createServer(s => {
		s.setEncoding('utf8');
		s.on('data', (d: string) => {
			seen.push(d);
			if (answer) s.end(answer(d));
		});
		s.on('error', () => {});
	});
	await new Promise<void>(resolve => fake!.listen(sock(), resolve));
	fs.chmodSync(sock(), mode);
	return seen;
}

const commands = () => env.query<{id: number; command: string}>("SELECT id, json_extract(argv, '$[1]') AS command FROM jobs ORDER BY id");

describe('add hands the job to a live runner over its socket', () => {
	it('gives the same output, exit codes and refusals as the direct path, without opening the database', async () => {
		env = new QueueEnv();
		const direct = [await addRecorded(['--no-start', '--', 'echo', 'a'], 'd1'), await addRecorded(['--no-start', '--json', '--', 'echo', 'b'], 'd2')];
		const directBad = [await addRecorded(['--after', '99', '--', 'true'], 'd3'), await addRecorded(['--timeout', '0', '--', 'true'], 'd4')];
		expect(direct.map(r => [r.code, r.stdout, r.stderr, r.direct])).toEqual([[0, '1\n', '', true], [0, '{"id":2}\n', '', true]]);
		await liveRunner();
		const handed = [await addRecorded(['--', 'echo', 'c'], 'h1'), await addRecorded(['--json', '--', 'echo', 'd'], 'h2')];
		const handedBad = [await addRecorded(['--after', '99', '--', 'true'], 'h3'), await addRecorded(['--timeout', '0', '--', 'true'], 'h4')];
		expect(handed.map(r => [r.code, r.stdout, r.stderr, r.direct])).toEqual([[0, '3\n', '', false], [0, '{"id":4}\n', '', false]]);
		// Bad input: exit 2 and the same one line either way; a dependency is checked by the runner.
		expect(handedBad.map(r => [r.code, r.stdout, r.stderr])).toEqual(directBad.map(r => [r.code, r.stdout, r.stderr]));
		expect(handedBad[0].stderr).toMatch(/^queue-tui: no job #99 in .*\n$/);
		expect(handedBad.map(r => r.code)).toEqual([2, 2]);
		expect(handedBad[1].direct).toBe(false); // refused before any socket or database
		expect(commands().map(j => j.command)).toEqual(['a', 'b', 'c', 'd']);
		// The handed jobs run like any other.
		const w = await env.cli(['wait', '1', '2', '3', '4']);
		expect(w.code, w.stderr).toBe(0);
	});

	for (const point of ['add-before-commit', 'add-before-answer']) {
		it(`a runner killed mid-hand-off (${point}) loses nothing and queues nothing twice`, async () => {
			env = new QueueEnv();
			expect((await env.cli(['start'], {env: {QUEUE_TUI_CRASH_AT: point}})).code).toBe(0);
			const first = (await env.until(() => env.runnerPid(), 'the runner to start')) as number;
			await env.until(() => fs.existsSync(sock()), 'the runner\'s socket');
			const r = await env.cli(['add', '--', 'echo', 'once']);
			expect(r.code, r.stderr).toBe(0);
			await env.until(() => !alive(first), `the runner to kill itself at ${point}`);
			expect(commands()).toEqual([{id: 1, command: 'once'}]);
			expect(r.stdout).toBe('1\n');
			// The job is run (by the runner the direct path made sure of), once.
			const w = await env.cli(['wait', '1']);
			expect(w.code, w.stderr).toBe(0);
			expect(commands()).toHaveLength(1);
		});
	}

	it('does not use a socket others could open, nor one that answers nonsense, and queues directly', async () => {
		env = new QueueEnv();
		const seen = await fakeRunner(() => '{"id":777}\n', 0o666);
		const open = await addRecorded(['--no-start', '--', 'echo', 'open'], 'o');
		expect([open.code, open.stdout, open.direct, seen.length]).toEqual([0, '1\n', true, 0]);

		if (process.getuid?.() === 0) {
			fs.chmodSync(sock(), 0o600);
			fs.chownSync(sock(), 65_534, 65_534);
			const other = await addRecorded(['--no-start', '--', 'echo', 'other'], 'w');
			expect([other.code, other.stdout, other.direct, seen.length]).toEqual([0, '2\n', true, 0]);
			fs.chownSync(sock(), 0, 0);
		}
		// Ours and private, but what it answers is not an id: used, then the direct path queues it once.
		fs.chmodSync(sock(), 0o600);
		await new Promise<void>(resolve => fake!.close(() => resolve()));
		fake = undefined;
		fs.rmSync(sock(), {force: true});
		const garbled = await fakeRunner(() => 'no\n', 0o600);
		const g = await addRecorded(['--no-start', '--', 'echo', 'garbled'], 'g');
		expect(g.code, g.stderr).toBe(0);
		expect(garbled.length).toBe(1);
		expect(g.direct).toBe(true);
		expect(commands().map(j => j.command).at(-1)).toBe('garbled');
		expect(g.stdout).toBe(`${commands().at(-1)!.id}\n`);
	});
});
