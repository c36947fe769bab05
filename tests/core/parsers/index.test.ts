// detectKind, createParser, parseLog, emptyProgress.
import {describe, expect, it} from 'vitest';
import {createParser, detectKind, emptyProgress, parseLog} from '../../../source/core/parsers/index.js';

describe('detectKind', () => {
	const pytest: string[][] = [
		['pytest'],
		['pytest', 'tests/', '-x'],
		['py.test', '-q'],
		['pytest-3'],
		['python', '-m', 'pytest'],
		['python3', '-m', 'pytest', '-n', 'auto'],
		['python3.12', '-u', '-X', 'dev', '-m', 'pytest'],
		['/home/me/proj/.venv/bin/pytest', 'tests'],
		['.venv/bin/python', '-m', 'pytest'],
		['uv', 'run', 'pytest'],
		['uv', 'run', '--with', 'pytest-xdist', 'pytest', '-n', '2'],
		['poetry', 'run', 'pytest'],
		['pdm', 'run', 'python', '-m', 'pytest'],
		['env', 'CUDA_VISIBLE_DEVICES=0', 'pytest'],
		['timeout', '600', 'pytest'],
		['coverage', 'run', '-m', 'pytest'],
		['sh', '-c', 'pytest -x tests'],
		['bash', '-lc', 'cd api && uv run pytest -q'],
		['sh', '-c', 'source .venv/bin/activate; python -m pytest'],
		['PYTHONPATH=. pytest tests/'],
		['FOO=1 python3 -m pytest'],
	];
	for (const argv of pytest) it(`pytest: ${JSON.stringify(argv)}`, () => expect(detectKind(argv)).toBe('pytest'));

	const generic: string[][] = [
		['python', 'features/extraction/commands/extract_character.py', 'DIR', '-o', 'OUT', '--batch'],
		['python', 'train.py', '--use-tqdm'],
		['make', 'test'],
		['npm', 'test'],
		['python', '-m', 'http.server'],
		['python', 'run_pytest_report.py'],
		['echo', 'pytest'],
		['sh', '-c', 'echo pytest is great'],
		['grep', '-r', 'pytest', '.'],
		['cat', 'pytest.ini'],
		[],
	];
	for (const argv of generic) it(`generic: ${JSON.stringify(argv)}`, () => expect(detectKind(argv)).toBe('generic'));
});

describe('parsers', () => {
	it('emptyProgress', () => {
		expect(emptyProgress('tqdm')).toEqual({
			kind: 'tqdm',
			counts: {passed: 0, failed: 0, errors: 0, skipped: 0, xfailed: 0, xpassed: 0, deselected: 0, warnings: 0},
			failures: [],
			bytes: 0,
		});
	});

	it('a parser with no output yet is an empty progress', () => {
		expect(createParser('pytest').snapshot()).toEqual(emptyProgress('pytest'));
		expect(createParser('generic').snapshot()).toEqual(emptyProgress('generic'));
	});

	it('counts bytes and remembers the last output time', () => {
		const parser = createParser('generic');
		parser.feed('処理中 1/2\n', 5_000);
		parser.feed(new Uint8Array(0), 9_000); // nothing arrived: not output
		expect(parser.snapshot()).toMatchObject({bytes: Buffer.byteLength('処理中 1/2\n'), lastOutputAt: 5_000, done: 1, total: 2});
	});

	it('parseLog takes bytes or a string, with the same result', () => {
		const log = 'collected 2 items\n\ntests/t.py .F                  [100%]\n=== 1 failed, 1 passed in 0.01s ===\n';
		expect(parseLog(log, 'pytest')).toEqual(parseLog(Buffer.from(log), 'pytest'));
		expect(parseLog(log, 'pytest')).toMatchObject({done: 2, total: 2, counts: {passed: 1, failed: 1}, phase: 'done'});
	});

	it('the pytest parser ignores batch-looking lines and vice versa', () => {
		expect(parseLog('12/40\n', 'pytest').done).toBeUndefined();
		expect(parseLog('tests/t.py ..F   [100%]\n', 'generic').counts.passed).toBe(0);
	});

	it('a finished job has no ETA', () => {
		const parser = createParser('generic');
		parser.feed('1/40\n', 0);
		parser.feed('5/40\n', 5000);
		parser.feed('10/40\n', 12_000);
		expect(parser.snapshot().etaSeconds).toBeUndefined(); // 10 s of settled progress first
		parser.feed('15/40\n', 16_000);
		expect(parser.snapshot().etaSeconds).toBe(28); // 10 items in 11 s since 5/40, 25 left
		parser.feed('成功: 40, 失敗: 0\n', 40_000);
		expect(parser.snapshot().etaSeconds).toBeUndefined();
	});

	it('a second pytest session in one log restarts progress and keeps earlier failures', () => {
		const one = '=== test session starts ===\ncollected 1 item\n\nt.py F   [100%]\n=== short test summary info ===\nFAILED t.py::a - boom\n=== 1 failed in 0.01s ===\n';
		const two = '=== test session starts ===\ncollected 3 items\n\nu.py .';
		const p = parseLog(one + two, 'pytest');
		expect(p).toMatchObject({total: 3, done: 1, phase: 'running'});
		expect(p.failures.map((f) => f.id)).toEqual(['t.py::a']);
	});
});
