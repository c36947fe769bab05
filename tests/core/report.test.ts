import {describe, expect, it} from 'vitest';
import {emptyProgress, parseLog} from '../../source/core/parsers/index.js';
import type {Progress} from '../../source/core/parsers/types.js';
import {BRIEF_MAX_BYTES, briefReport, labelReport, renderReport} from '../../source/core/report.js';
import type {Attempt, Job} from '../../source/core/types.js';

const T0 = new Date(2026, 10, 23, 14, 0, 0).getTime();
const MIN = 60_000;

function job(over: Partial<Job> = {}): Job {
	return {
		id: 12, position: 1, argv: ['python3', '-m', 'pytest', 'tests/'], shell: false, cwd: '/home/me/proj', env: {}, label: 'QUAL-044',
		kind: 'pytest', maxRetries: 2, backoffMs: 2000, state: 'failed', attempt: 3, createdAt: T0, startedAt: T0 + 12 * MIN,
		finishedAt: T0 + 14 * MIN, exitCode: 1, reason: 'exit 1', cancelRequested: false, ...over,
	};
}

function pytestRun(failed: Array<[string, string, string[]?]>, passed: number): Progress {
	const p = emptyProgress('pytest');
	p.counts.failed = failed.length;
	p.counts.passed = passed;
	p.failures = failed.map(([id, reason, traceback]) => ({id, reason, traceback, outcome: 'failed' as const}));
	p.summaryLine = `${failed.length} failed, ${passed} passed in 3.21s`;
	return p;
}

const TB = ['>       assert rt(x) == x', 'E       AssertionError: assert 1 == 2', 'E         + where 1 = rt(2)', 'E       line 4', 'E       line 5', 'E       line 6 (not shown)', 'tests/test_io.py:7: AssertionError'];
const first = pytestRun([['tests/test_io.py::test_rt', 'AssertionError: assert 1 == 2', TB], ['tests/test_a.py::test_1', 'x'], ['tests/test_a.py::test_2', 'y']], 264);
const last = pytestRun([['tests/test_io.py::test_rt', 'AssertionError: assert 1 == 2', TB]], 2);

function attempts(): Attempt[] {
	const a = (seq: number, state: Attempt['state'], start: number, end: number, over: Partial<Attempt> = {}): Attempt => ({
		jobId: 12, seq, state, startedAt: T0 + start * MIN, finishedAt: T0 + end * MIN, exitCode: 1, counts: true, logStart: 0, ...over,
	});
	return [
		a(1, 'failed', 0, 5, {reason: 'exit 1; retry 1 of 2', progress: first}),
		a(2, 'interrupted', 5, 7, {exitCode: undefined, counts: false, reason: 'interrupted: reboot', progress: pytestRun([], 3)}),
		a(3, 'failed', 12, 14, {reason: 'exit 1', progress: last}),
	];
}

describe('renderReport', () => {
	const md = renderReport({job: job(), attempts: attempts(), logTail: ['collected 3 items', 'FAILED tests/test_io.py::test_rt'], logPath: '.queue/logs/12.log', now: T0 + 20 * MIN});

	it('has a title, the command and its facts', () => {
		expect(md.split('\n')[0]).toBe('# queue #12 FAILED: `pytest` `QUAL-044`');
		expect(md).toContain('- command: `python3 -m pytest tests/`');
		expect(md).toContain('- cwd: `/home/me/proj`');
		expect(md).toContain('- kind: pytest');
		expect(md).toContain('- created: 2026-11-23 14:00:00, started: 2026-11-23 14:00:00, finished: 2026-11-23 14:14:00');
		expect(md).toContain('- duration: 9m00s running over 2 tries, 14m00s from first start to end (queued 0s before)');
		expect(md).toContain('- log: `.queue/logs/12.log`');
	});

	it('tables the attempts, interrupted ones not counted', () => {
		expect(md).toContain('| 1 | failed | 1 | `exit 1; retry 1 of 2` | 5m00s | yes | `3 failed, 264 passed in 3.21s` |');
		expect(md).toContain('| 2 | interrupted | - | `interrupted: reboot` | 2m00s | no (interrupted) |');
		expect(md).toContain('| 3 | failed | 1 | `exit 1` | 2m00s | yes | `1 failed, 2 passed in 3.21s` |');
	});

	it('gives the merged outcome, the flaky tests and each failure with 5 traceback lines', () => {
		expect(md).toContain('- across attempts: 3 failed → 1 failed, 2 flaky');
		expect(md).toContain('- counts (last run): passed 2, failed 1');
		expect(md).toMatch(/### Flaky \(2\)[^\n]*\n\n- `tests\/test_a.py::test_1`\n- `tests\/test_a.py::test_2`/);
		expect(md).toContain('#### `tests/test_io.py::test_rt`\n\nreason: `AssertionError: assert 1 == 2`\n\n```text\n' + TB.slice(0, 5).join('\n') + '\n```');
		expect(md).not.toContain('line 6 (not shown)');
	});

	it('ends with the log tail in a fence', () => {
		expect(md).toContain('Last 2 lines of `.queue/logs/12.log`:\n\n```text\ncollected 3 items\nFAILED tests/test_io.py::test_rt\n```\n');
	});

	it('keeps only the last 30 log lines', () => {
		const tail = Array.from({length: 100}, (_, i) => `line ${i}`);
		const out = renderReport({job: job(), attempts: [], logTail: tail, logPath: 'l', now: T0});
		expect(out).toContain('Last 30 lines');
		expect(out).toContain('line 70\n');
		expect(out).not.toContain('line 69\n');
	});

	it('reports batch jobs by items', () => {
		const p = parseLog('[1/40] img_000.png\n[40/40] img_039.png\nFAILED img_003.png\nFAILED img_017.png\nFAILED img_022.png\n成功: 37, 失敗: 3\n', 'generic');
		const j = job({kind: 'generic', label: undefined, argv: ['python3', 'features/extract_character.py', 'in', '--batch'], progress: p, state: 'succeeded', exitCode: 0});
		const out = renderReport({job: j, attempts: [], logTail: [], logPath: 'l', now: T0});
		expect(out.split('\n')[0]).toBe('# queue #12 OK: `extract_character`');
		expect(out).toContain('- processed: 40/40');
		expect(out).toContain('- succeeded items: 37');
		expect(out).toContain('- failed items: 3');
		expect(out).toContain('### Failed items (3)\n\n- `img_003.png`');
		expect(out).toContain('(no output in `l`)');
	});
});

describe('untrusted output', () => {
	const hostile = [
		'\u001b[31mred\u001b[0m text',
		'\u001b]0;x\u0007title set',
		'```',
		'````` five',
		'bell\u0007 nul\u0000 del\u007f c1\u009b bidi\u202e',
		'| a | b |',
	];
	const p = pytestRun([['tests/x.py::t[`a`|b]', 'E\u001b[1m `boom` | <img src=x>', ['```', '\u001b[2Jcleared']]], 0);
	const j = job({label: 'L`1`\u001b[5m', argv: ['sh', '-c', 'pytest `x` | tee\nnext'], shell: true, reason: 'exit 1\u0007'});
	const md = renderReport({job: j, attempts: [{jobId: 12, seq: 1, state: 'failed', startedAt: T0, counts: true, logStart: 0, progress: p, reason: 'a|b'}], logTail: hostile, logPath: '.queue/logs/12.log', now: T0});

	it('has no escape sequences or control characters', () => {
		expect(md).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/);
		expect(md).toContain('red text');
		expect(md).toContain('title set');
	});

	it('no log line can close the fence early', () => {
		const lines = md.split('\n');
		const open = lines.indexOf('Last 6 lines of `.queue/logs/12.log`:') + 2;
		const fence = lines[open].replace(/text$/, '');
		expect(fence).toMatch(/^`{6,}$/);
		const close = lines.indexOf(fence, open + 1);
		// C1 CSI (0x9b) then ` b` is one sequence, as a terminal reads it.
		expect(lines.slice(open + 1, close)).toEqual(['red text', 'title set', '```', '````` five', 'bell nul del c1idi', '| a | b |']);
		expect(close).toBe(lines.length - 2);
	});

	it('keeps code spans and table rows whole', () => {
		expect(md).toContain('#### ``tests/x.py::t[`a`|b]``');
		expect(md).toContain('reason: ``E `boom` | <img src=x>``');
		expect(md).toContain('- label: `` L`1` ``');
		expect(md).toContain('- command: ``pytest `x` | tee next``');
		const row = md.split('\n').find((l) => l.startsWith('| 1 |')) ?? '';
		expect(row.replaceAll('\\|', '').split('|').length).toBe(9); // 7 cells
		expect(md).toMatch(/````text\n```\ncleared\n````/);
	});
});

describe('briefReport', () => {
	it('says the outcome in one line', () => {
		expect(briefReport({job: job(), attempts: attempts(), now: T0})).toBe(
			'#12 FAILED pytest [QUAL-044] exit 1 after 2 tries in 9m00s: 3 failed -> 1 failed, 2 flaky; tests/test_io.py::test_rt: AssertionError: assert 1 == 2',
		);
		const p = {...emptyProgress('generic'), done: 37, total: 40, failedItems: 3, failures: [{id: 'img_012.png', reason: 'bad header'}]};
		const j = job({id: 13, kind: 'generic', label: undefined, argv: ['python3', 'x/extract_character.py'], state: 'succeeded', exitCode: 0, attempt: 1, startedAt: T0, finishedAt: T0 + 31 * MIN, progress: p});
		expect(briefReport({job: j, attempts: [], now: T0})).toBe('#13 OK extract_character in 31m00s: 37/40, 3 failed items; img_012.png: bad header');
	});

	it('names a flaky test when the job passed on a retry', () => {
		const ok = pytestRun([], 3);
		const list = attempts();
		list[2] = {...list[2], state: 'succeeded', exitCode: 0, progress: ok};
		const line = briefReport({job: job({state: 'succeeded', exitCode: 0}), attempts: list, now: T0});
		expect(line).toBe('#12 OK pytest [QUAL-044] after 2 tries in 9m00s: 3 failed -> 0 failed, 3 flaky; flaky tests/test_io.py::test_rt');
	});

	it('counts time spent running, not the wait for a manual retry', () => {
		// Three tries of ~6 s, two minutes sitting failed, `retry`, three more tries.
		const SEC = 1000;
		const starts = [0, 8, 16, 142, 150, 158].map((s) => T0 + s * SEC);
		const list: Attempt[] = starts.map((t, i) => ({jobId: 12, seq: i + 1, state: 'failed', startedAt: t, finishedAt: t + 6300, exitCode: 1, counts: true, logStart: 0}));
		const j = job({attempt: 6, startedAt: starts[5], finishedAt: starts[5] + 6300, progress: undefined, label: undefined});
		expect(briefReport({job: j, attempts: list, now: T0})).toBe('#12 FAILED pytest exit 1 after 6 tries in 37s');
		const md = renderReport({job: j, attempts: list, logTail: [], logPath: 'l', now: T0});
		expect(md).toContain('- duration: 37s running over 6 tries, 2m44s from first start to end (queued 0s before)');
	});

	it('says why when there is no exit code', () => {
		const j = job({state: 'timed_out', exitCode: undefined, signal: 'SIGTERM', reason: 'timed out after 30m', label: undefined, progress: undefined});
		expect(briefReport({job: j, attempts: [], now: T0})).toBe('#12 TIMED OUT pytest SIGTERM in 2m00s; timed out after 30m');
	});

	it('is printable ASCII and at most 160 bytes, whatever the output held', () => {
		const p = pytestRun([[`tests/テスト.py::test_${'x'.repeat(200)}`, '\u001b[31mboom\u0007 ✗'.repeat(20)]], 0);
		const j = job({label: 'ラベル\u001b[2J', progress: p});
		const line = briefReport({job: j, attempts: [], now: T0});
		expect(Buffer.byteLength(line)).toBeLessThanOrEqual(BRIEF_MAX_BYTES);
		expect(line).toMatch(/^[\x20-\x7e]+$/);
		expect(line).toMatch(/^#12 FAILED pytest \[\?\?\?\] exit 1 in 2m00s: 1 failed, 0 passed; tests\/\?\?\?.py::test_x+\.\.\.$/);
	});
});

describe('labelReport', () => {
	it('tables every job of the label, then the failures of the failed ones', () => {
		const ok = job({id: 14, state: 'succeeded', exitCode: 0, attempt: 1, progress: pytestRun([], 267), startedAt: T0, finishedAt: T0 + 3 * MIN});
		const md = labelReport([{job: ok, attempts: []}, {job: job(), attempts: attempts()}], 'QUAL-044', T0);
		expect(md.split('\n')[0]).toBe('# queue label `QUAL-044`: 2 jobs, 1 failed');
		expect(md).toContain('| #12 | `pytest` | FAILED | 2 | 9m00s | `3 failed -> 1 failed, 2 flaky` |');
		expect(md).toContain('| #14 | `pytest` | OK | 1 | 3m00s | `0 failed, 267 passed` |');
		expect(md.indexOf('| #12')).toBeLessThan(md.indexOf('| #14'));
		expect(md).toContain('## #12 `pytest` FAILED\n\n- `tests/test_io.py::test_rt`: `AssertionError: assert 1 == 2`\n- flaky (failed, then passed on a retry): `tests/test_a.py::test_1`, `tests/test_a.py::test_2`');
		expect(md).not.toContain('## #14');
		expect(labelReport([], 'NONE', T0)).toContain('No jobs carry this label.');
	});
});
