import {describe, expect, it} from 'vitest';
import {emptyProgress} from '../../source/core/parsers/index.js';
import type {Failure, Progress} from '../../source/core/parsers/types.js';
import {mergeAttempts, retryArgv} from '../../source/core/pytest-retry.js';

// Real pytest runs (retry → merge → report) are in report-pytest.test.ts.

/** A finished pytest run with these failures (and `passed` passes). */
function run(failed: string[], passed = 10, over: Partial<Progress> = {}): Progress {
	const p = emptyProgress('pytest');
	p.counts.failed = failed.length;
	p.counts.passed = passed;
	p.failures = failed.map((id): Failure => ({id, reason: `AssertionError: ${id}`, outcome: 'failed'}));
	p.summaryLine = `${failed.length} failed, ${passed} passed in 1.00s`;
	p.phase = 'done';
	return {...p, ...over};
}

const failing = run(['tests/test_a.py::test_x', 'tests/test_b.py::test_y[a b]']);

describe('retryArgv: --lf', () => {
	it.each([
		[['pytest', 'tests/'], ['pytest', '--lf', 'tests/']],
		[['python3', '-m', 'pytest', '-x', 'tests/'], ['python3', '-m', 'pytest', '--lf', '-x', 'tests/']],
		[['uv', 'run', '--with', 'pytest', 'pytest', '-q'], ['uv', 'run', '--with', 'pytest', 'pytest', '--lf', '-q']],
		[['.venv/bin/python', '-m', 'pytest', '--', 'tests/'], ['.venv/bin/python', '-m', 'pytest', '--lf', '--', 'tests/']],
		[['timeout', '600', 'env', 'A=1', 'pytest', '-n', 'auto'], ['timeout', '600', 'env', 'A=1', 'pytest', '--lf', '-n', 'auto']],
		[['bash', '-lc', 'pytest tests'], ['bash', '-lc', 'pytest --lf tests']],
	])('%j', (argv, want) => {
		expect(retryArgv(argv, false, failing)).toEqual(want);
	});

	it('goes inside a shell script, next to the pytest word, whatever follows', () => {
		const sh = (cmd: string) => retryArgv(['sh', '-c', cmd], true, failing)?.[2];
		expect(sh('cd api && uv run pytest -q tests/ 2>&1 | tee out.log # full suite')).toBe('cd api && uv run pytest --lf -q tests/ 2>&1 | tee out.log # full suite');
		expect(sh("FOO='a b' python3 -m pytest \"tests/x y\"; echo done")).toBe("FOO='a b' python3 -m pytest --lf \"tests/x y\"; echo done");
		expect(sh('for f in a b; do echo $f; done && pytest')).toBe('for f in a b; do echo $f; done && pytest --lf');
		expect(sh('if [ -d api ]; then { pytest api; } else pytest; fi')).toBeUndefined(); // two sessions: which one?
		expect(sh('if [ -d api ]; then { pytest -q api; }; fi')).toBe('if [ -d api ]; then { pytest --lf -q api; }; fi');
	});

	it('does not add --lf twice', () => {
		expect(retryArgv(['pytest', '--lf', 'tests'], false, failing)).toEqual(['pytest', '--lf', 'tests']);
		expect(retryArgv(['sh', '-c', 'pytest --last-failed'], true, failing)).toEqual(['sh', '-c', 'pytest --last-failed']);
	});

	it('answers undefined (full re-run) when the last run did not finish with plain test failures', () => {
		const argv = ['pytest', 'tests'];
		expect(retryArgv(argv, false, undefined)).toBeUndefined();
		expect(retryArgv(argv, false, run([]))).toBeUndefined(); // nothing failed
		for (const note of ['collection errors', 'internal error: ValueError: x', 'interrupted', 'stopped after 1 failures', 'ERROR: usage: pytest']) {
			expect(retryArgv(argv, false, {...failing, note})).toBeUndefined();
		}
		expect(retryArgv(argv, false, {...failing, summaryLine: undefined})).toBeUndefined(); // cut short (timeout, kill)
		// -qq prints no final counts: cut short before the last marker, or the short summary unfinished.
		const qq = {...failing, summaryLine: undefined, phase: 'summary', done: 12, total: 12, percent: 100};
		expect(retryArgv(argv, false, {...qq, done: 6, percent: 50})).toBeUndefined();
		expect(retryArgv(argv, false, {...qq, phase: 'running'})).toBeUndefined();
		expect(retryArgv(['pytest', '-p', 'no:cacheprovider', 'tests'], false, {...qq, failures: qq.failures.slice(1)})).toBeUndefined();
		expect(retryArgv(argv, false, {...run([]), kind: 'generic'})).toBeUndefined();
	});

	it('retries only the failures of a -qq run that reached its last marker and short summary', () => {
		// -qq prints no final counts line; its letters, [100%] and the short summary's ids say it all.
		const qq = {...failing, summaryLine: undefined, phase: 'summary', done: 12, total: 12, percent: 100};
		expect(retryArgv(['pytest', '-qq', 'tests'], false, qq)).toEqual(['pytest', '--lf', '-qq', 'tests']);
		expect(retryArgv(['pytest', '-qq', '-p', 'no:cacheprovider', 'tests'], false, qq))
			.toEqual(['pytest', 'tests/test_a.py::test_x', 'tests/test_b.py::test_y[a b]', '-qq', '-p', 'no:cacheprovider']);
	});

	it('answers undefined for commands it cannot edit safely', () => {
		expect(retryArgv(['make', 'test'], false, failing)).toBeUndefined();
		expect(retryArgv(['grep', 'pytest', 'x'], false, failing)).toBeUndefined();
		for (const cmd of ['make test', 'pytest a && pytest b', 'pytest $(cat args)', 'pytest `x`', "pytest 'unclosed", 'cat <<EOF\npytest\nEOF', 'case x in a) pytest;; esac']) {
			expect(retryArgv(['sh', '-c', cmd], true, failing), cmd).toBeUndefined();
		}
	});
});

describe('retryArgv: no cache (-p no:cacheprovider, --cache-clear)', () => {
	it('replaces the test paths with the failed node ids, keeping every option', () => {
		const argv = ['python3', '-m', 'pytest', '-p', 'no:cacheprovider', 'tests/', '-k', 'io', '--tb=short', '-rA'];
		expect(retryArgv(argv, false, failing)).toEqual([
			'python3', '-m', 'pytest', 'tests/test_a.py::test_x', 'tests/test_b.py::test_y[a b]', '-p', 'no:cacheprovider', '-k', 'io', '--tb=short', '-rA',
		]);
		expect(retryArgv(['pytest', '--cache-clear', '--maxfail', '5', 'a', 'b'], false, failing)).toEqual([
			'pytest', 'tests/test_a.py::test_x', 'tests/test_b.py::test_y[a b]', '--cache-clear', '--maxfail', '5',
		]);
	});

	it('quotes the ids in a shell script', () => {
		const p = run(["t.py::test_q[it's]", 't.py::test_s[a b]']);
		expect(retryArgv(['sh', '-c', 'pytest -pno:cacheprovider tests/ > out.txt && echo ok'], true, p)?.[2]).toBe(
			"pytest 't.py::test_q[it'\\''s]' 't.py::test_s[a b]' -pno:cacheprovider > out.txt && echo ok",
		);
	});

	it('gives up rather than guess', () => {
		const argv = ['pytest', '-p', 'no:cacheprovider', 'tests'];
		expect(retryArgv(['pytest', '-p', 'no:cacheprovider', '--some-plugin-opt', 'x'], false, failing)).toBeUndefined(); // value or path?
		expect(retryArgv(['sh', '-c', 'pytest -p no:cacheprovider $TESTS'], true, failing)).toBeUndefined();
		expect(retryArgv(argv, false, run(['--pdb::x']))).toBeUndefined(); // output is untrusted: no options from it
		expect(retryArgv(argv, false, {...failing, counts: {...failing.counts, failed: 5}})).toBeUndefined(); // ids missing
		expect(retryArgv(argv, false, run(['tests/test_a.py']))).toBeUndefined(); // not a test id
	});
});

describe('mergeAttempts', () => {
	const a = 'tests/t.py::a';
	const b = 'tests/t.py::b';
	const c = 'tests/t.py::c';

	it('one attempt: just the count', () => {
		expect(mergeAttempts([{state: 'failed', progress: run([a, b])}])).toMatchObject({failed: [a, b], flaky: [], firstFailedCount: 2, text: '2 failed'});
		expect(mergeAttempts([])).toMatchObject({failed: [], text: ''});
	});

	it('tests that pass on a retry are flaky; only the last attempt fails', () => {
		const m = mergeAttempts([
			{state: 'failed', progress: run([a, b, c], 200)},
			{state: 'interrupted', progress: run([], 0, {summaryLine: undefined})}, // a reboot: does not count
			{state: 'failed', progress: run([c], 2)},
		]);
		expect(m).toMatchObject({failed: [c], flaky: [a, b], notRerun: [], firstFailedCount: 3, lastFailedCount: 1});
		expect(m.text).toBe('3 failed → 1 failed, 2 flaky');
		expect(m.ascii).toBe('3 failed -> 1 failed, 2 flaky');
	});

	it('a job that passed on retry: everything flaky', () => {
		const m = mergeAttempts([{state: 'failed', progress: run([a, b, c])}, {state: 'succeeded', progress: run([], 3)}]);
		expect(m.text).toBe('3 failed → 0 failed, 3 flaky');
		expect(m.failed).toEqual([]);
	});

	it('a failure not re-run by a later attempt that stopped short is not called flaky', () => {
		const timedOut = run([], 1, {summaryLine: undefined, phase: 'running'});
		const m = mergeAttempts([{state: 'failed', progress: run([a, b])}, {state: 'timed_out', progress: timedOut}]);
		expect(m).toMatchObject({failed: [], flaky: [], notRerun: [a, b], text: '2 failed → 0 failed, 0 flaky, 2 not re-run'});
		const collection = run([], 0, {note: 'collection errors'});
		expect(mergeAttempts([{state: 'failed', progress: run([a])}, {state: 'failed', progress: collection}]).notRerun).toEqual([a]);
		// A "clean" run that passed nothing proves nothing (--lf with --lfnf=none).
		expect(mergeAttempts([{state: 'failed', progress: run([a])}, {state: 'succeeded', progress: run([], 0)}]).flaky).toEqual([]);
	});

	it('a test that passed once and failed again is failing, not flaky', () => {
		const m = mergeAttempts([{state: 'failed', progress: run([a, b])}, {state: 'failed', progress: run([b], 1)}, {state: 'failed', progress: run([a, b], 0)}]);
		expect(m).toMatchObject({failed: [a, b], flaky: []});
	});
});
