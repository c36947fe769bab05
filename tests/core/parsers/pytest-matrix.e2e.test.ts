/**
 * A generated suite (awkward ids and messages) run by every pytest installed here, once per
 * output mode, each run checked against pytest's own --junitxml (counts, failed and errored
 * tests) and --collect-only (exact node ids). The seed is printed in every failure message;
 * `PYTEST_MATRIX_SEED=N` replays one.
 */
import {existsSync, mkdtempSync, readFileSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {createParser, parseLog} from '../../../source/core/parsers/index.js';
import {retryArgv} from '../../../source/core/pytest-retry.js';
import {pythonCan, randomSplit, run, type Run} from './helpers.js';
import {checkAgainstJunit, junitKey, readJunit, type Junit} from './junit.js';
import {writeSuite} from './pytest-suite.js';

const SEED = Number(process.env.PYTEST_MATRIX_SEED ?? Math.floor(Math.random() * 1e6));

// name → [pytest arguments, through a pty?]
const MODES: Record<string, [string[], boolean]> = {
	default: [['tests'], false],
	q: [['-q', 'tests'], false],
	qq: [['-qq', 'tests'], false],
	v: [['-v', 'tests'], false],
	vv: [['-vv', 'tests'], false],
	rA: [['-rA', 'tests'], false],
	ra: [['-ra', 'tests'], false],
	tbLine: [['--tb=line', 'tests'], false],
	tbShort: [['--tb=short', '-q', 'tests'], false],
	tbNo: [['--tb=no', 'tests'], false],
	x: [['-x', 'tests'], false],
	maxfail: [['--maxfail=3', '-v', 'tests'], false],
	s: [['-s', 'tests'], false],
	sv: [['-s', '-v', 'tests'], false],
	color: [['--color=yes', '-q', 'tests'], false],
	colorV: [['--color=yes', '-v', 'tests'], false],
	noColor: [['--color=no', '-rA', 'tests'], false],
	collectErrors: [['--continue-on-collection-errors', 'tests', 'broken'], false],
	collectStop: [['-q', 'tests', 'broken'], false],
	pty: [['tests'], true],
	ptyV: [['-v', 'tests'], true],
};
const BASE = ['-m', 'pytest', '-p', 'no:cacheprovider', '--doctest-modules'];

interface Version {
	name: string;
	python: string;
	collected: Set<string>;
	runs: Map<string, Run & {junit?: Junit}>;
}

let dir: string;
const versions: Version[] = [];
const env = {PYTEST_DISABLE_PLUGIN_AUTOLOAD: '1', COLUMNS: '80', PYTEST_ADDOPTS: ''};
const shq = (a: string) => `'${a.replaceAll("'", `'\\''`)}'`;

beforeAll(async () => {
	dir = mkdtempSync(join(tmpdir(), 'qt-matrix-'));
	writeSuite(dir, SEED);
	// `python3` may be a pyenv shim: resolve it once. Debian's /usr/bin/python3 has pytest 7.
	const pythons = [(await run(['python3', '-c', 'import sys; print(sys.executable)'])).output.toString().trim()];
	if (pythonCan('import pytest') && !pythons.includes('/usr/bin/python3')) pythons.push('/usr/bin/python3');
	for (const python of pythons) {
		const version = (await run([python, '-m', 'pytest', '--version'], {env})).output.toString().trim();
		if (!/^pytest \d/.test(version)) continue;
		const co = await run([python, ...BASE, '--collect-only', '-q', 'tests', 'broken', '--continue-on-collection-errors'], {cwd: dir, env});
		const collected = new Set(co.output.toString().split('\n').filter((l) => l.includes('::')));
		versions.push({name: version, python, collected, runs: new Map()});
	}
	const jobs = versions.flatMap((v) => Object.keys(MODES).map((mode) => ({v, mode})));
	const worker = async () => {
		for (let job = jobs.shift(); job; job = jobs.shift()) {
			const {v, mode} = job;
			const xml = join(dir, `${v.python.replace(/\W/g, '')}-${mode}.xml`);
			const [args, pty] = MODES[mode];
			const argv = [v.python, ...BASE, `--junitxml=${xml}`, ...args];
			const r = await run(pty ? ['script', '-qfec', argv.map(shq).join(' '), '/dev/null'] : argv, {cwd: dir, env});
			v.runs.set(mode, {...r, junit: existsSync(xml) ? readJunit(readFileSync(xml, 'utf8')) : undefined});
		}
	};
	await Promise.all([worker(), worker(), worker()]);
}, 240_000);

afterAll(() => rmSync(dir, {recursive: true, force: true}));

describe(`generated suite (seed ${SEED}) in every output mode`, () => {
	it('has at least one pytest to run', () => expect(versions.length).toBeGreaterThan(0));

	it('counts and failed / errored ids agree with --junitxml; every id is a real node id', () => {
		for (const v of versions) {
			for (const [mode, r] of v.runs) {
				const what = `seed ${SEED}, ${v.name}, ${mode}:`;
				expect(r.junit, `${what} junit`).toBeDefined();
				const p = parseLog(r.output, 'pytest');
				checkAgainstJunit(p, r.junit!, what);
				expect(p.phase, what).toBe(mode === 'qq' ? 'summary' : 'done'); // -qq prints no final counts
				for (const f of p.failures) {
					if (f.id.includes('::')) expect(v.collected.has(f.id), `${what} ${f.id} is a collected node id`).toBe(true);
					else expect(['broken/test_broken.py', 'broken/test_syntax.py'], what).toContain(f.id);
				}
				if (mode.startsWith('collect')) expect(p.note, what).toMatch(/collection errors|errors? during collection/);
			}
		}
	});

	it('chunk boundaries do not change the result', () => {
		for (const v of versions) {
			for (const mode of ['q', 'v', 'pty']) {
				const r = v.runs.get(mode)!;
				const whole = parseLog(r.output, 'pytest');
				for (let seed = 1; seed <= 3; seed++) {
					const parser = createParser('pytest');
					for (const chunk of randomSplit(r.output, seed)) parser.feed(chunk);
					parser.end();
					expect(parser.snapshot(), `seed ${SEED}, ${v.name}, ${mode}, split ${seed}`).toEqual(whole);
				}
			}
		}
	});

	it('the cache-off retry passes exactly the failed ids, and pytest runs exactly those', async () => {
		for (const v of versions) {
			for (const mode of ['q', 'qq', 'v', 'rA', 'tbNo']) {
				const what = `seed ${SEED}, ${v.name}, ${mode}:`;
				const r = v.runs.get(mode)!;
				const p = parseLog(r.output, 'pytest');
				const xml = join(dir, `retry-${mode}.xml`);
				const argv = [v.python, ...BASE, ...MODES[mode][0]];
				const next = retryArgv(argv, false, p);
				expect(next, what).toBeDefined();
				const ids = [...new Set(p.failures.map((f) => f.id))];
				expect(next!.filter((a) => a.includes('::')).sort(), what).toEqual(ids.sort());
				const again = await run([...next!, `--junitxml=${xml}`], {cwd: dir, env});
				const text = again.output.toString();
				expect(text, what).not.toMatch(/not found|no match|ERROR: /);
				const j = readJunit(readFileSync(xml, 'utf8'));
				// Exactly the failed tests ran, and (the suite is deterministic) fail the same way.
				expect([...j.cases].sort(), what).toEqual([...new Set(ids.map(junitKey))].sort());
				expect([...j.failed].sort(), what).toEqual([...r.junit!.failed].sort());
				expect([...j.errored].sort(), what).toEqual([...r.junit!.errored].sort());
			}
		}
	});
});
