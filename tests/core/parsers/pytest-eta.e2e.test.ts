/**
 * Total and ETA of real pytest output (-q and -v), replayed on a clock that advances by each
 * test's declared duration: a slow start, then a seeded mix of fast and slow tests. The tests
 * run instantly (the durations are only declared), so nothing here depends on the machine's speed.
 */
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {createParser} from '../../../source/core/parsers/index.js';
import {rng, run} from './helpers.js';

const SEED = Number(process.env.PYTEST_ETA_SEED ?? Math.floor(Math.random() * 1e6));
const N = 300;
const LETTER = /[.FEsxX]/;

// Seconds per test: three slow ones first (imports, fixtures), then mostly fast with a heavy tail.
function durations(seed: number): number[] {
	const next = rng(seed);
	return Array.from({length: N}, (_, i) => {
		if (i < 3) return 2;
		const r = next();
		return r < 0.7 ? 0.02 + next() * 0.05 : r < 0.95 ? 0.1 + next() * 0.4 : 1 + next() * 2;
	});
}

let dir: string;
const outputs = new Map<string, string>();

beforeAll(async () => {
	dir = mkdtempSync(join(tmpdir(), 'qt-eta-'));
	writeFileSync(join(dir, 'test_many.py'), `import pytest\n@pytest.mark.parametrize("i", range(${N}))\ndef test_t(i): assert i % 37 != 5\n`);
	const env = {PYTEST_DISABLE_PLUGIN_AUTOLOAD: '1', COLUMNS: '80', PYTEST_ADDOPTS: ''};
	for (const mode of ['-q', '-v']) {
		const r = await run(['python3', '-m', 'pytest', '-p', 'no:cacheprovider', '--tb=no', mode, 'test_many.py'], {cwd: dir, env});
		outputs.set(mode, r.output.toString('utf8'));
	}
});

afterAll(() => rmSync(dir, {recursive: true, force: true}));

interface Step {
	elapsed: number;
	remaining: number;
	done?: number;
	total?: number;
	eta?: number;
}

/** Feeds the output; the clock moves by a test's duration just before its outcome appears. */
function replay(text: string, mode: string, d: number[]): Step[] {
	const parser = createParser('pytest');
	const left = (k: number) => d.slice(k).reduce((a, b) => a + b, 0);
	let t = 0;
	let k = 0;
	const steps: Step[] = [];
	const tick = () => {
		t += d[k++] * 1000;
		return t;
	};
	const observe = () => {
		const s = parser.snapshot();
		steps.push({elapsed: t / 1000, remaining: left(k), done: s.done, total: s.total, eta: s.etaSeconds});
	};
	for (const line of text.split(/(?<=\n)/)) {
		if (mode === '-q' && /^[.FEsxX]+\s*\[\s*\d+%\]\s*$/.test(line)) {
			for (const c of line) {
				const letter = LETTER.test(c) && k < N;
				parser.feed(c, letter ? tick() : t);
				if (letter) observe();
			}
		} else if (mode === '-v' && / (?:PASSED|FAILED) +\[\s*\d+%\]\s*$/.test(line) && k < N) {
			parser.feed(line, tick());
			observe();
		} else parser.feed(line, t);
	}
	return steps;
}

describe(`pytest total and ETA (seed ${SEED})`, () => {
	for (const mode of ['-q', '-v']) {
		it(`${mode}: total from the markers, no ETA in the first seconds, never a wild one`, () => {
			const d = durations(SEED);
			const steps = replay(outputs.get(mode)!, mode, d);
			const what = (s: Step) => `seed ${SEED} ${mode} at ${s.elapsed.toFixed(1)}s: ${JSON.stringify(s)}`;
			expect(steps.length).toBe(N);
			expect(steps.at(-1)!.total).toBe(N);
			const firstTotal = steps.findIndex((s) => s.total !== undefined);
			expect(firstTotal, `seed ${SEED} ${mode}: a total after the first marker line`).toBeLessThan(80);
			for (const s of steps.slice(firstTotal)) expect(Math.abs(s.total! - N), what(s)).toBeLessThanOrEqual(N * 0.02);
			const firstProgress = steps[0].elapsed;
			// The promise (README, "Totals and ETA"): no ETA until 2% of the tests (at
			// least 3) are done past the first count seen, then 10 s of pace; from then on, always one.
			// With -q the first count is the first `[ NN%]` marker, a full line of tests in.
			const firstCount = steps.findIndex((s) => s.done !== undefined);
			const settled = steps[firstCount + Math.max(3, Math.ceil(N * 0.02))];
			const due = settled.elapsed + 10 + 1; // + coalescing and one test's worth of slack
			for (const s of steps) {
				if (s.elapsed - firstProgress < 10) expect(s.eta, what(s)).toBeUndefined();
				if (s.elapsed >= due && s.done !== s.total) expect(s.eta, `${what(s)}: due by ${due.toFixed(1)}s`).toBeDefined();
				if (s.eta === undefined) continue;
				// Within a factor of five of the truth, give or take 10 s (over 200 seeds the worst was 3.9).
				expect(s.eta, what(s)).toBeLessThanOrEqual(5 * s.remaining + 10);
				expect(s.eta, what(s)).toBeGreaterThanOrEqual(s.remaining / 5 - 10);
			}
		});
	}
});
