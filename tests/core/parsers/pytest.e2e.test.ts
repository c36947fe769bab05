// The pytest parser against real pytest runs, checked against pytest's own --junitxml.
import {mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync, existsSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {dirname, join} from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {createParser, parseLog} from '../../../source/core/parsers/index.js';
import type {Progress} from '../../../source/core/parsers/types.js';
import {feedAll, pythonCan, randomSplit, run, type Run} from './helpers.js';
import {checkAgainstJunit, readJunit, type Junit} from './junit.js';

const FILES: Record<string, string> = {
	'tests/test_a.py': `
import pytest

@pytest.fixture
def broken():
    raise RuntimeError("fixture boom")

def test_pass(): assert 1
def test_fail(): assert 1 == 2, "one is not two"
def test_err(broken): pass
@pytest.mark.skip(reason="nope")
def test_skip(): pass
@pytest.mark.xfail
def test_xfail(): assert 0
@pytest.mark.xfail
def test_xpass(): pass
@pytest.mark.parametrize("x", [1, 2, "a b"])
def test_param(x): assert x != 2
@pytest.mark.parametrize("s", ["a - b"])
def test_dash(s): assert s == "c", "dash in the id"
def test_unicode(): assert "日本語" == "中文", "wide ✓ message"
def test_long(): assert 0, "long " * 40
`,
	'tests/test_b.py': `
import warnings
def test_warn():
    warnings.warn("careful")
def test_key():
    d = {}
    d["k"]
`,
	'tests/test_cls.py': `
import pytest
class TestC:
    def test_m(self): assert 0
    @pytest.mark.parametrize("v", [1.5])
    def test_p(self, v): assert 0
@pytest.fixture
def td():
    yield
    raise ValueError("teardown boom")
def test_td(td): pass
def test_out():
    print("some stdout ...")
    assert 0
`,
	'broken/test_ok.py': 'def test_one(): pass\ndef test_two(): pass\n',
	'broken/test_c.py': 'import nonexistent_module_xyz\n',
	'empty/README.txt': 'no tests here\n',
	'ki/test_k.py': 'def test_a(): pass\ndef test_b(): raise KeyboardInterrupt\ndef test_c(): pass\n',
	'ie/test_i.py': 'def test_a(): pass\n',
	'ie/conftest.py': 'def pytest_runtest_logreport(report):\n    raise ValueError("hook bad")\n',
};

// name → pytest arguments (the junit file is added per case).
const CASES: Record<string, string[]> = {
	default: ['tests'],
	q: ['-q', 'tests'],
	v: ['-v', 'tests'],
	vv: ['-vv', 'tests'],
	rA: ['-rA', 'tests'],
	tbLong: ['--tb=long', 'tests'],
	tbShort: ['--tb=short', 'tests'],
	tbLine: ['--tb=line', '-v', 'tests'],
	tbNative: ['--tb=native', 'tests'],
	tbNo: ['--tb=no', '-q', 'tests'],
	color: ['--color=yes', '-rA', 'tests'],
	colorV: ['--color=yes', '-v', 'tests'],
	x: ['-x', 'tests'],
	maxfail: ['--maxfail=2', '-q', 'tests'],
	deselect: ['-k', 'param or pass', 'tests'],
	sv: ['-s', '-v', 'tests'],
	collectError: ['broken'],
	collectErrorQ: ['-q', '--continue-on-collection-errors', 'broken'],
	zero: ['empty'],
	zeroQ: ['-q', 'empty'],
	keyboard: ['ki'],
	internal: ['ie'],
};

let dir: string;
const runs = new Map<string, Run & {junit?: Junit}>();

beforeAll(async () => {
	dir = mkdtempSync(join(tmpdir(), 'qt-pytest-'));
	for (const [path, text] of Object.entries(FILES)) {
		mkdirSync(dirname(join(dir, path)), {recursive: true});
		writeFileSync(join(dir, path), text);
	}
	// Plugin autoload off: these runs need no plugins and start twice as fast.
	const env = {PYTEST_DISABLE_PLUGIN_AUTOLOAD: '1', COLUMNS: '80'};
	// `python3` may be a pyenv shim (a shell script costing ~0.3 s a start): resolve it once.
	const python = (await run(['python3', '-c', 'import sys; print(sys.executable)'])).output.toString().trim() || 'python3';
	const names = Object.keys(CASES);
	const worker = async () => {
		for (let name = names.shift(); name; name = names.shift()) {
			const xml = join(dir, `${name}.xml`);
			const r = await run([python, '-m', 'pytest', '-p', 'no:cacheprovider', `--junitxml=${xml}`, ...CASES[name]], {cwd: dir, env});
			runs.set(name, {...r, junit: existsSync(xml) ? readJunit(readFileSync(xml, 'utf8')) : undefined});
		}
	};
	await Promise.all([worker(), worker(), worker()]);
}, 240_000); // 20 pytest runs: minutes on a loaded two-core machine

afterAll(() => rmSync(dir, {recursive: true, force: true}));

const get = (name: string) => runs.get(name)!;
const parsed = (name: string) => parseLog(get(name).output, 'pytest');

describe('pytest: counts and failed ids agree with --junitxml', () => {
	for (const name of Object.keys(CASES).filter((n) => n !== 'internal')) {
		it(name, () => {
			const r = get(name);
			const p = parsed(name);
			expect(r.junit, `junit for ${name}`).toBeDefined();
			checkAgainstJunit(p, r.junit!);
			expect(p.phase).toBe('done');
			expect(p.summaryLine).toMatch(/ in \d+\.\d+s/);
			if (p.total !== undefined) expect(p.done).toBeLessThanOrEqual(p.total);
			for (const f of p.failures) expect(f.id).not.toMatch(/\s-\s.*:/); // the reason never leaks into the id
		});
	}
});

describe('pytest: details', () => {
	it('default mode: total, reasons from the summary and tracebacks from FAILURES', () => {
		const p = parsed('default');
		expect(p.total).toBe(p.done);
		expect(p.percent).toBe(100);
		expect(p.counts.warnings).toBe(1);
		const byId = new Map(p.failures.map((f) => [f.id, f]));
		expect(byId.get('tests/test_a.py::test_fail')?.reason).toBe('AssertionError: one is not two');
		expect(byId.get('tests/test_a.py::test_fail')?.traceback).toContain('E   AssertionError: one is not two');
		expect(byId.get('tests/test_a.py::test_dash[a - b]')?.reason).toBe('AssertionError: dash in the id');
		expect(byId.get('tests/test_a.py::test_unicode')?.reason).toContain('wide ✓ message');
		expect(byId.get('tests/test_cls.py::TestC::test_p[1.5]')?.traceback?.length).toBeGreaterThan(0);
		// The summary cuts long reasons at the terminal width; the E line has it whole.
		expect(byId.get('tests/test_a.py::test_long')?.reason.length).toBeGreaterThan(150);
		const err = p.failures.find((f) => f.id === 'tests/test_a.py::test_err');
		expect(err).toMatchObject({outcome: 'error', reason: 'RuntimeError: fixture boom'});
		expect(p.failures.find((f) => f.id === 'tests/test_cls.py::test_td')).toMatchObject({outcome: 'error', reason: 'ValueError: teardown boom'});
	});

	it('every --tb style yields one-line reasons; tracebacks where the style prints them', () => {
		for (const name of ['default', 'tbLong', 'tbShort', 'tbNative', 'tbLine', 'tbNo', 'q', 'v', 'color']) {
			const p = parsed(name);
			for (const f of p.failures) {
				expect(f.reason, `${name} ${f.id}`).not.toBe('');
				expect(f.reason).not.toContain('\n');
				expect(f.reason).not.toContain('\x1b');
			}
			if (['default', 'tbLong', 'tbShort', 'tbNative'].includes(name)) {
				const fail = p.failures.find((f) => f.id === 'tests/test_b.py::test_key');
				expect(fail?.traceback?.join('\n'), name).toContain("KeyError: 'k'");
			}
		}
	});

	it('colour on and off give the same snapshot', () => {
		const plain = parsed('rA');
		const color = parsed('color');
		expect(get('color').output.includes(0x1b)).toBe(true);
		const strip = (p: Progress) => ({...p, bytes: 0, summaryLine: p.summaryLine?.replace(/[\d.]+s$/, '')});
		expect(strip(color)).toEqual(strip(plain));
	});

	it('-x and --maxfail note the stop', () => {
		expect(parsed('x').note).toBe('stopped after 1 failures');
		expect(parsed('x').done).toBeLessThan(parsed('x').total!);
		expect(parsed('maxfail').note).toBe('stopped after 2 failures');
	});

	it('collection errors, deselection, zero tests, KeyboardInterrupt, INTERNALERROR', () => {
		const ce = parsed('collectError');
		expect(ce.note).toContain('collection errors');
		expect(ce.failures[0]).toMatchObject({id: 'broken/test_c.py', outcome: 'error'});
		expect(ce.failures[0].reason).toContain('nonexistent_module_xyz');
		expect(parsed('deselect').counts.deselected).toBeGreaterThan(0);
		const d = parsed('deselect');
		expect(d.total).toBe(d.counts.passed + d.counts.failed + d.counts.xpassed);
		expect(parsed('zero')).toMatchObject({total: 0, summaryLine: expect.stringMatching(/^no tests ran/), phase: 'done'});
		expect(parsed('zeroQ').summaryLine).toMatch(/^no tests ran/);
		expect(parsed('keyboard').note).toBe('interrupted');
		expect(parsed('keyboard').counts.passed).toBe(1);
		expect(parsed('internal').note).toBe('internal error: ValueError: hook bad');
	});

	it('shows letters live, before their line ends', () => {
		const log = get('default').output;
		const text = log.toString('utf8');
		const at = Buffer.byteLength(text.slice(0, text.indexOf('tests/test_a.py .F') + 'tests/test_a.py .F'.length));
		const parser = createParser('pytest');
		parser.feed(log.subarray(0, at));
		expect(parser.snapshot()).toMatchObject({done: 2, phase: 'running', current: 'tests/test_a.py', counts: {passed: 1, failed: 1}});
		// The tentative count is never committed: the rest of the log still ends right.
		parser.feed(log.subarray(at));
		parser.end();
		expect(parser.snapshot()).toEqual(parsed('default'));
	});

	it('done never goes back and never passes total while a run streams in', () => {
		for (const name of ['default', 'v', 'q', 'sv', 'x']) {
			const parser = createParser('pytest');
			let last = 0;
			for (const chunk of randomSplit(get(name).output, 7)) {
				parser.feed(chunk);
				const s = parser.snapshot();
				expect(s.done ?? 0, name).toBeGreaterThanOrEqual(last);
				if (s.total !== undefined && s.phase !== 'done') expect(s.done ?? 0).toBeLessThanOrEqual(s.total);
				last = s.done ?? 0;
			}
		}
	});
});

describe('pytest: chunk boundaries do not matter', () => {
	it('random byte splits (inside UTF-8 and escapes) give the whole-log snapshot', () => {
		for (const name of Object.keys(CASES)) {
			const log = get(name).output;
			const whole = parsed(name);
			for (let seed = 1; seed <= 12; seed++) expect(feedAll(randomSplit(log, seed), 'pytest'), `${name} seed ${seed}`).toEqual(whole);
		}
	});
});

const xdist = pythonCan('import xdist');
describe('pytest-xdist (Debian python3)', () => {
	it.skipIf(!xdist)('-n 2, default and -v, against junit', async () => {
		for (const extra of [[], ['-v']]) {
			const xml = join(dir, `xdist${extra.length}.xml`);
			const r = await run(['/usr/bin/python3', '-m', 'pytest', '-p', 'no:cacheprovider', '-n', '2', `--junitxml=${xml}`, ...extra, 'tests'], {cwd: dir});
			const p = parseLog(r.output, 'pytest');
			checkAgainstJunit(p, readJunit(readFileSync(xml, 'utf8')));
			expect(p.total).toBeGreaterThan(0);
			expect(p.phase).toBe('done');
			for (let seed = 1; seed <= 5; seed++) expect(feedAll(randomSplit(r.output, seed), 'pytest')).toEqual(p);
			if (extra.length > 0) {
				expect(r.output.toString()).toMatch(/\[gw\d\] \[\s*\d+%\] (PASSED|FAILED)/);
				// Live: the `[gwN] [ NN%] OUTCOME id` lines alone give done before the summary.
				const text = r.output.toString('utf8');
				const parser = createParser('pytest');
				parser.feed(text.slice(0, text.indexOf('= ERRORS =') >= 0 ? text.indexOf('= ERRORS =') : text.indexOf('= FAILURES =')));
				expect(parser.snapshot().done).toBe(p.total);
			}
		}
	});
	it.skipIf(xdist)('skipped: pytest-xdist is not importable by /usr/bin/python3', () => {});
});

describe('pytest: forms the local runs cannot produce', () => {
	it('terminal-style collection redraws and newer xdist headers', () => {
		const log = [
			'============================= test session starts ==============================',
			'\rcollecting 0 items\rcollecting 5 items\rcollected 11 items / 1 deselected / 10 selected',
			'created: 2/2 workers',
			'2 workers [10 items]',
			'',
			'..F.s',
		].join('\n');
		const parser = createParser('pytest');
		parser.feed(log);
		expect(parser.snapshot()).toMatchObject({total: 10, done: 5, percent: 50, phase: 'running', counts: {passed: 3, failed: 1, skipped: 1, deselected: 1}});
	});

	it('a crashed xdist worker and an INTERNALERROR are noted', () => {
		const log = [
			'gw0 [4] / gw1 [4]',
			'',
			'[gw1] node down: Not properly terminated',
			'F',
			'replacing crashed worker gw1',
			'INTERNALERROR> Traceback (most recent call last):',
			'INTERNALERROR>   File "x.py", line 1, in f',
			'INTERNALERROR> RuntimeError: boom',
			'',
		].join('\n');
		expect(parseLog(log, 'pytest')).toMatchObject({total: 4, note: 'worker crashed; internal error: RuntimeError: boom'});
	});

	it('a usage error and a long run time', () => {
		expect(parseLog('ERROR: file or directory not found: nope/\n\nno tests ran in 0.00s\n', 'pytest')).toMatchObject({
			note: 'ERROR: file or directory not found: nope/',
			summaryLine: 'no tests ran in 0.00s',
		});
		expect(parseLog('=== 1 passed, 2 subtests passed in 62.53s (0:01:02) ===\n', 'pytest').counts.passed).toBe(1);
	});

	it('a script banner before pytest starts does not end the run early', () => {
		const log = '=== Setup ===\ncollected 2 items\n\nt.py ..                        [100%]\n=== 2 passed in 0.01s ===\n';
		expect(parseLog(log, 'pytest')).toMatchObject({done: 2, total: 2, phase: 'done'});
	});

	it('a test id ending in a word that is not an outcome', () => {
		const log = 'collected 2 items\n\nt.py::test_x[constructor] PASSED  [ 50%]\nt.py::test_y constructor\n';
		expect(parseLog(log, 'pytest')).toMatchObject({done: 1, counts: {passed: 1}});
	});
});
