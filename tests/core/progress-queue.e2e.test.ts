import {execFile} from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import {CLI, QueueEnv} from '../helpers/queue-env.js';

let env: QueueEnv;
afterEach(async () => env?.cleanup());

function write(dir: string, files: Record<string, string>) {
	for (const [name, text] of Object.entries(files)) {
		fs.mkdirSync(path.dirname(path.join(dir, name)), {recursive: true});
		fs.writeFileSync(path.join(dir, name), text);
	}
}

/** pytest's own counts from its --junitxml file. */
function junit(file: string) {
	const xml = fs.readFileSync(file, 'utf8');
	const suite = /<testsuite [^>]*>/.exec(xml)![0];
	const attr = (name: string) => Number(new RegExp(`${name}="(\\d+)"`).exec(suite)![1]);
	return {tests: attr('tests'), failures: attr('failures'), errors: attr('errors'), skipped: attr('skipped')};
}

describe('live progress and results of real jobs', () => {
	it('a pytest job retries only its failed tests and reports flaky ones honestly', async () => {
		env = new QueueEnv();
		write(env.dir, {'tests/test_a.py': `import os
def test_ok(): pass
def test_flaky():
    if not os.path.exists('marker'):
        open('marker', 'w').close()
        assert 1 == 2, 'first run fails'
def test_broken():
    assert 41 == 42
`});
		const r = await env.cli(['run', '--backoff', '0', '--', 'python3', '-m', 'pytest', 'tests/']);
		expect(r.code).toBe(1);
		expect(r.stdout.trim()).toMatch(/^queue #1 FAILED pytest exit 1 after 3 tries in \d+s: 2 failed -> 1 failed, 1 flaky; tests\/test_a.py::test_broken: assert 41 == 42; report .queue\/reports\/1.md$/);
		expect(Buffer.byteLength(r.stdout.trim())).toBeLessThanOrEqual(160);
		const attempts = env.query<{argv: string | null}>('SELECT argv FROM attempts WHERE job_id = 1 ORDER BY seq');
		expect(attempts.map(a => a.argv && JSON.parse(a.argv))).toEqual([null, ['python3', '-m', 'pytest', '--lf', 'tests/'], ['python3', '-m', 'pytest', '--lf', 'tests/']]);
		const report = fs.readFileSync(path.join(env.home, 'reports', '1.md'), 'utf8');
		expect(report).toContain('2 failed → 1 failed, 1 flaky');
		expect(report).toMatch(/Flaky \(1\)[\s\S]*tests\/test_a.py::test_flaky/);
		expect(report).toMatch(/tests\/test_a.py::test_broken[\s\S]*assert 41 == 42/);
		expect((await env.cli(['report', '1', '--brief'])).stdout.trim()).toMatch(/^#1 FAILED pytest exit 1 after 3 tries/);
	});

	it('shows pytest progress live in status.json, the status line and list --json', async () => {
		env = new QueueEnv();
		const tests = Array.from({length: 16}, (_, i) => `def test_${i}():\n    time.sleep(0.25)\n`).join('');
		write(env.dir, {'tests/test_slow.py': `import time\n${tests}`});
		const id = await env.add(['--', 'python3', '-m', 'pytest', 'tests/']);
		const seen = new Set<number>();
		let line = '';
		await env.until(() => {
			const s = JSON.parse(fs.readFileSync(path.join(env.home, 'status.json'), 'utf8'));
			const running = s.running[0];
			if (running?.percent > 0 && running.percent < 100) {
				seen.add(running.percent);
				expect(running.total).toBe(16);
				line = s.line;
			}
			return seen.size >= 2;
		}, 'two different percentages while it runs', 30_000);
		expect(line).toMatch(/#1 pytest running \d+% \d+\/16/);
		const listed = JSON.parse((await env.cli(['list', '--json'])).stdout)[0];
		expect(listed.progress.kind).toBe('pytest');
		expect((await env.cli(['wait', String(id)])).code).toBe(0);
		const done = env.job(id);
		expect(JSON.parse(done.progress)).toMatchObject({done: 16, total: 16, percent: 100, counts: {passed: 16}});
	});

	it('parse replays a job\'s log to the same counts pytest itself wrote to --junitxml', async () => {
		env = new QueueEnv();
		write(env.dir, {'tests/test_mix.py': `import pytest
@pytest.fixture
def broken(): raise RuntimeError('fixture')
def test_pass(): pass
def test_fail(): assert 0, 'no'
def test_error(broken): pass
@pytest.mark.skip(reason='skip me')
def test_skip(): pass
@pytest.mark.xfail
def test_xfail(): assert 0
@pytest.mark.xfail
def test_xpass(): pass
`});
		const xml = path.join(env.dir, 'junit.xml');
		const id = await env.add(['--retries', '0', '--', 'python3', '-m', 'pytest', '-rA', `--junitxml=${xml}`, 'tests/']);
		expect((await env.cli(['wait', String(id)])).code).toBe(1);
		const r = await env.cli(['parse', '--json', path.join(env.home, 'logs', `${id}.log`)]);
		expect(r.code).toBe(0);
		const parsed = JSON.parse(r.stdout);
		const j = junit(xml);
		expect(parsed.kind).toBe('pytest');
		expect(parsed.failed).toBe(j.failures);
		expect(parsed.errors).toBe(j.errors);
		expect(parsed.skipped + parsed.xfailed).toBe(j.skipped);
		expect(parsed.passed + parsed.xpassed).toBe(j.tests - j.failures - j.errors - j.skipped);
		expect(parsed.failures.map((f: {id: string}) => f.id).sort()).toEqual(['tests/test_mix.py::test_error', 'tests/test_mix.py::test_fail']);
		// The live job ended with the same snapshot the replay gives.
		expect(JSON.parse(env.job(id).progress).counts).toMatchObject({failed: parsed.failed, errors: parsed.errors, passed: parsed.passed});
		const viaStdin = await new Promise<string>((resolve, reject) => {
			execFile('sh', ['-c', `node ${CLI} parse --json - < ${path.join(env.home, 'logs', `${id}.log`)}`], (error, stdout) => (error ? reject(error) : resolve(stdout)));
		});
		expect(JSON.parse(viaStdin)).toEqual(parsed);
	});

	it('a batch script\'s progress (処理中 N/M) and its final summary reach the job and its report', async () => {
		env = new QueueEnv();
		write(env.dir, {'extract_character.py': `import sys, time
for i in range(1, 41):
    print(f"処理中 {i}/40: img_{i:03d}.png", flush=True)
    if i in (3, 17, 29):
        print(f"失敗: img_{i:03d}.png", flush=True)
    time.sleep(0.03)
print("成功: 37, 失敗: 3")
`});
		const id = await env.add(['--label', 'QUAL-044', '--', 'python3', 'extract_character.py', 'in/', '-o', 'out/', '--batch']);
		expect((await env.cli(['wait', String(id)])).code).toBe(0);
		const p = JSON.parse(env.job(id).progress);
		expect(p).toMatchObject({done: 40, total: 40, succeeded: 37, failedItems: 3});
		const report = (await env.cli(['report', String(id)])).stdout;
		expect(report).toContain('img_017.png');
		expect((await env.cli(['status'])).stdout).toContain(`#${id} extract_character [QUAL-044] ok`);
	});

	it('per-project patterns from .queue-tui.json drive progress; a broken config is refused at add', async () => {
		env = new QueueEnv();
		write(env.dir, {
			'.queue-tui.json': JSON.stringify({patterns: [{command: 'render', regex: 'frame (?<done>\\d+) of (?<total>\\d+)'}]}),
			'render.sh': 'for i in 1 2 3 4; do echo "frame $i of 4"; done\n',
		});
		const id = await env.add(['--', 'sh', 'render.sh']);
		expect((await env.cli(['wait', String(id)])).code).toBe(0);
		await env.until(() => JSON.parse(env.job(id).progress ?? 'null')?.done === 4, 'progress from the custom pattern', 5000);
		expect(JSON.parse(env.job(id).progress).total).toBe(4);
		fs.writeFileSync(path.join(env.dir, '.queue-tui.json'), JSON.stringify({patterns: [{command: 'x', regex: '(unclosed'}]}));
		const bad = await env.cli(['add', '--', 'true']);
		expect(bad.code).toBe(2);
		expect(bad.stderr).toMatch(/\.queue-tui\.json: .*patterns\[0\]/);
		expect(bad.stderr.trim().split('\n')).toHaveLength(1);
	});
});
