// The try counter in the detail header agrees with the attempt list, whatever happened between tries.
import {describe, expect, it} from 'vitest';
import {attemptText, tryCounter, tryFields} from '../../source/core/job-view.js';
import {jobRow, rowColumns} from '../../source/view/rows.js';
import {detailLines} from '../../source/view/detail.js';
import {attempt, job, NOW} from './fixtures.js';

const text = (lines: ReturnType<typeof detailLines>) => lines.map((l) => l.map((s) => s.text).join(''));

describe('try counters', () => {
	it('after a manual retry of a cancelled job: header and attempt list both say try 2', () => {
		// Cancelled on try 1 of 3, then `r`: a fresh set of 3 tries, and the second attempt runs.
		const j = job({id: 4, state: 'running', attempt: 1, startedAt: NOW - 5000});
		const attempts = [attempt({jobId: 4, seq: 1, state: 'cancelled', counts: true}), attempt({jobId: 4, seq: 2, state: 'running', startedAt: NOW - 5000, finishedAt: undefined})];
		const lines = text(detailLines(j, {id: 4, attempts, logTail: []}, 80, 20, NOW));
		expect(lines[0]).toContain('· running · try 2/4 ');
		expect(lines.some((l) => l.startsWith('try 2  running'))).toBe(true);
	});

	it('an interrupted attempt does not spend a try; automatic retries count up', () => {
		expect(tryCounter(job({id: 1, attempt: 1, state: 'running', maxRetries: 2}), [attempt({jobId: 1, seq: 1, state: 'interrupted', counts: false}), attempt({jobId: 1, seq: 2, state: 'running'})])).toEqual({n: 2, of: 4});
		expect(tryCounter(job({id: 1, attempt: 2, state: 'running', maxRetries: 2}), [attempt({jobId: 1, seq: 1}), attempt({jobId: 1, seq: 2, state: 'running'})])).toEqual({n: 2, of: 3});
		expect(tryCounter(job({id: 1, attempt: 0, maxRetries: 2}), [])).toEqual({n: 0, of: 3});
		expect(tryCounter(job({id: 1, attempt: 0, maxRetries: 2}))).toEqual({n: 0, of: 3});
	});

	it('without attempt rows, the store\'s count of tries gives the same numbers (list, rows, status line, JSON)', () => {
		// Tries 1 and 2 failed, a manual retry, try 3 running: attempt 1 of the new round of 2.
		const j = job({id: 5, state: 'running', attempt: 1, tries: 3, maxRetries: 1, startedAt: NOW - 5000});
		const attempts = [1, 2].map((seq) => attempt({jobId: 5, seq, state: 'failed'})).concat(attempt({jobId: 5, seq: 3, state: 'running'}));
		expect(tryCounter(j)).toEqual(tryCounter(j, attempts));
		expect(attemptText(j)).toBe('3/4');
		expect(tryFields(j)).toEqual({attempt: 3, maxAttempts: 4});
		const c = rowColumns(140, [j]);
		expect(c.tries).toBeGreaterThan(0);
		expect(jobRow(j, c, {isSelected: false, now: NOW, paused: false, stalledAfterMs: 0}).cells.map((x) => x.text).join('')).toContain(' 3/4');
	});
});

