/**
 * Through the queue: a failure message holding brackets, retried with pytest's
 * cache off. The completion line names the 2 failures (not 3), and the retry runs exactly
 * those 2 node ids (pytest's own --junitxml of the last attempt says so).
 */
import {spawnSync} from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import {QueueEnv} from '../helpers/queue-env.js';
import {readJunit} from './parsers/junit.js';

const canPytest = (python: string) => spawnSync(python, ['-m', 'pytest', '--version']).status === 0;
const hasPytest = canPytest('python3');
// Every pytest here (pytest 9 on PATH, Debian's pytest 7), in -q and in -qq (no final counts line).
const cases = ['python3', '/usr/bin/python3'].filter(canPytest).flatMap((python) => ['-q', '-qq'].map((quiet) => ({python, quiet})));
let env: QueueEnv | undefined;
afterEach(async () => env?.cleanup());

describe.skipIf(!hasPytest)('cache-off retry of a pytest job', () => {
	it.each(cases)('reports 2 failures with their ids and re-runs exactly those ($python $quiet)', async ({python, quiet}) => {
		env = new QueueEnv({PYTEST_DISABLE_PLUGIN_AUTOLOAD: '1', PYTEST_ADDOPTS: ''});
		fs.mkdirSync(path.join(env.dir, 'tests'));
		fs.writeFileSync(path.join(env.dir, 'tests', 'test_a.py'), [
			'import pytest',
			'def test_ok(): pass',
			'def test_list(): assert [1, 2, 3] == [1, 2, 4]',
			'@pytest.mark.parametrize("x", ["a b", "c-d"])',
			'def test_param(x): assert x == "a b"',
			'',
		].join('\n'));
		const r = await env.cli(['run', '--retries', '1', '--', python, '-m', 'pytest', quiet, '-p', 'no:cacheprovider', '--junitxml=junit.xml', 'tests'], {timeoutMs: 120_000});
		expect(r.code, r.stderr).toBe(1);
		expect(r.stdout).toMatch(
			/^queue #1 FAILED pytest exit 1 after 2 tries in \S+: 2 failed -> 2 failed, 0 flaky; tests\/test_a\.py::test_list: assert \[1, 2, 3\] == \[1, 2, 4\]/,
		);
		const junit = readJunit(fs.readFileSync(path.join(env.dir, 'junit.xml'), 'utf8'));
		expect([...junit.cases].sort()).toEqual(['tests.test_a.test_list', 'tests.test_a.test_param[c-d]']);
		const log = fs.readFileSync(path.join(env.home, 'logs', '1.log'), 'utf8');
		expect(log).not.toMatch(/not found|no match/);
		const report = (await env.cli(['report', '1'])).stdout;
		expect(report).toContain('### Failing (2)');
		for (const id of ['tests/test_a.py::test_list', 'tests/test_a.py::test_param[c-d]']) expect(report).toContain(`#### \`${id}\``);
	});
});
