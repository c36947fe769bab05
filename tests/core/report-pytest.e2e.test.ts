/**
 * The whole retry story with real pytest: a suite where one test fails only on its first run
 * and another always fails; run it, retry with the argv retryArgv gives (same directory, so
 * `--lf` finds pytest's cache), parse both logs, merge, report.
 */
import {spawnSync} from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterAll, describe, expect, it} from 'vitest';
import {parseLog} from '../../source/core/parsers/index.js';
import type {Progress} from '../../source/core/parsers/types.js';
import {mergeAttempts, retryArgv} from '../../source/core/pytest-retry.js';
import {briefReport, renderReport} from '../../source/core/report.js';
import type {Attempt, Job} from '../../source/core/types.js';

const hasPytest = spawnSync('python3', ['-m', 'pytest', '--version']).status === 0;
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => fs.rmSync(d, {recursive: true, force: true})));

function suite(): string {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'qt-retry-'));
	dirs.push(dir);
	fs.mkdirSync(path.join(dir, 'tests'));
	fs.writeFileSync(path.join(dir, 'pytest.ini'), '[pytest]\n'); // rootdir (and its cache) stay in the temp dir
	fs.writeFileSync(path.join(dir, 'tests', 'test_suite.py'), [
		'import pathlib',
		'MARKER = pathlib.Path(__file__).with_name("ran-once")',
		'def test_ok():', '    assert True',
		'def test_also_ok():', '    assert 2 + 2 == 4',
		'def test_flaky():',
		'    first = not MARKER.exists()',
		'    MARKER.write_text("x")',
		'    assert not first, "first run fails"',
		'def test_broken():',
		'    data = {"answer": 41}',
		'    assert data["answer"] == 42',
		'',
	].join('\n'));
	return dir;
}

/** Runs argv in dir like the queue would: output of both streams, one log. */
function pytest(dir: string, argv: string[]): {output: string; junitCases: number} {
	const env = {...process.env, PYTEST_DISABLE_PLUGIN_AUTOLOAD: '1', PYTEST_ADDOPTS: '', PY_COLORS: '0'};
	const r = spawnSync(argv[0], argv.slice(1), {cwd: dir, env, encoding: 'utf8'});
	expect(r.status, r.stderr).toBe(1); // test failures
	const xml = fs.readFileSync(path.join(dir, 'junit.xml'), 'utf8');
	return {output: r.stdout + r.stderr, junitCases: xml.match(/<testcase /g)?.length ?? 0};
}

function attempt(seq: number, progress: Progress, t0: number): Attempt {
	return {jobId: 7, seq, state: 'failed', startedAt: t0, finishedAt: t0 + 5000, exitCode: 1, reason: 'exit 1', counts: true, progress, logStart: 0};
}

describe.skipIf(!hasPytest)('retry with real pytest', () => {
	for (const [name, argv, shell] of [
		['--lf', ['python3', '-m', 'pytest', 'tests', '--junitxml=junit.xml'], false],
		['node ids (no cache)', ['python3', '-m', 'pytest', '-p', 'no:cacheprovider', 'tests', '--junitxml=junit.xml'], false],
		['--lf in sh -c', ['sh', '-c', 'python3 -m pytest tests --junitxml=junit.xml 2>&1 | cat; exit 1'], true],
	] as const) {
		it(`re-runs only the failed tests (${name}), and the report says which were flaky`, () => {
			const dir = suite();
			const first = pytest(dir, [...argv]);
			const p1 = parseLog(first.output, 'pytest');
			expect(first.junitCases).toBe(4);
			expect(p1.counts).toMatchObject({failed: 2, passed: 2});

			const next = retryArgv([...argv], shell, p1);
			expect(next).toBeDefined();
			const second = pytest(dir, next as string[]);
			const p2 = parseLog(second.output, 'pytest');
			expect(second.junitCases).toBe(2); // pytest's own record: only the two failures ran
			expect(p2.counts).toMatchObject({failed: 1, passed: 1});

			const m = mergeAttempts([{state: 'failed', progress: p1}, {state: 'failed', progress: p2}]);
			expect(m.text).toBe('2 failed → 1 failed, 1 flaky');
			expect(m.failed).toEqual(['tests/test_suite.py::test_broken']);
			expect(m.flaky).toEqual(['tests/test_suite.py::test_flaky']);

			const t0 = new Date(2026, 10, 23, 14, 0, 0).getTime();
			const job: Job = {
				id: 7, position: 1, argv: [...argv], shell, cwd: dir, env: {}, kind: 'pytest', maxRetries: 1, backoffMs: 1000, state: 'failed',
				attempt: 2, createdAt: t0, startedAt: t0 + 10_000, finishedAt: t0 + 15_000, exitCode: 1, reason: 'exit 1', cancelRequested: false, progress: p2,
			};
			const attempts = [attempt(1, p1, t0), attempt(2, p2, t0 + 10_000)];
			const md = renderReport({job, attempts, logTail: second.output.split('\n'), logPath: '.queue/logs/7.log', now: t0 + 20_000});
			expect(md).toContain('across attempts: 2 failed → 1 failed, 1 flaky');
			const failingPart = md.slice(md.indexOf('### Failing (1)'), md.indexOf('## Log tail'));
			expect(failingPart).toContain('`tests/test_suite.py::test_broken`');
			expect(failingPart).toMatch(/reason: `assert 41 == 42`/);
			expect(failingPart).toContain('>       assert data["answer"] == 42');
			expect(failingPart).toContain('tests/test_suite.py:13: AssertionError');
			expect(md.slice(md.indexOf('### Flaky (1)'), md.indexOf('### Failing'))).toContain('`tests/test_suite.py::test_flaky`');
			expect(briefReport({job, attempts, now: 0})).toBe(
				'#7 FAILED pytest exit 1 after 2 tries in 10s: 2 failed -> 1 failed, 1 flaky; tests/test_suite.py::test_broken: assert 41 == 42',
			);
		});
	}
});
