// Rate/ETA smoothing and the stall test.
import {describe, expect, it} from 'vitest';
import {RateEstimator, etaSeconds, isStalled, rateOf} from '../../../source/core/parsers/eta.js';
import {emptyProgress} from '../../../source/core/parsers/index.js';

describe('RateEstimator', () => {
	it('steady progress gives its rate', () => {
		const r = new RateEstimator();
		for (let i = 0; i <= 20; i++) r.add(i * 1000, i * 2);
		expect(r.rate()).toBeCloseTo(2, 5);
		expect(r.eta(40, 100)).toBe(30);
	});

	it('needs a second of history before answering', () => {
		const r = new RateEstimator();
		r.add(0, 0);
		r.add(500, 5);
		expect(r.rate()).toBeUndefined();
	});

	it('a burst after silence is averaged over the silence, not taken as a spike', () => {
		const r = new RateEstimator();
		r.add(0, 0);
		// Block-buffered output: 40 items land within 30 ms after 40 s of nothing.
		for (let i = 1; i <= 40; i++) r.add(40_000 + i, i);
		expect(r.rate()).toBeCloseTo(1, 1);
	});

	it('forgets samples older than the window', () => {
		const r = new RateEstimator({windowMs: 10_000});
		for (let i = 0; i <= 100; i++) r.add(i * 1000, i < 50 ? i * 10 : 490 + (i - 49)); // 10/s, then 1/s
		expect(r.rate()).toBeCloseTo(1, 5);
	});

	it('a count going back (a new bar) restarts', () => {
		const r = new RateEstimator();
		for (let i = 0; i <= 10; i++) r.add(i * 1000, i * 100);
		r.add(11_000, 0);
		expect(r.rate()).toBeUndefined();
		r.add(13_000, 10);
		expect(r.rate()).toBeCloseTo(5, 5);
	});

	it('helpers', () => {
		expect(rateOf([{t: 0, done: 0}, {t: 2000, done: 10}])).toBe(5);
		expect(rateOf([{t: 0, done: 5}, {t: 2000, done: 5}])).toBeUndefined();
		expect(etaSeconds(10, 20, 2)).toBe(5);
		expect(etaSeconds(10, undefined, 2)).toBeUndefined();
		expect(etaSeconds(30, 20, 2)).toBeUndefined();
	});
});

describe('isStalled', () => {
	const p = {...emptyProgress('generic'), lastOutputAt: 1_000, phase: 'running'};
	it('is true after the quiet period, false before', () => {
		expect(isStalled(p, 60_999, 60_000)).toBe(false);
		expect(isStalled(p, 61_000, 60_000)).toBe(true);
	});
	it('is never true once the output said it is done, or with no clue', () => {
		expect(isStalled({...p, phase: 'done'}, 1e9, 60_000)).toBe(false);
		expect(isStalled(emptyProgress('generic'), 1e9, 60_000)).toBe(false);
		expect(isStalled(p, 1e9, 0)).toBe(false);
	});
	it('uses the start time when nothing was printed yet', () => {
		expect(isStalled(emptyProgress('pytest'), 70_000, 60_000, 5_000)).toBe(true);
	});
});
