import {afterEach, beforeEach, describe, expect, it, vi} from 'vitest';
import {Controller} from '../../source/ui/controller.js';
import {job, sampleJobs} from '../view/fixtures.js';
import {FakeBackend} from './helpers.js';

// No React here, so fake timers are safe (they would stall React's scheduler in component tests).
beforeEach(() => vi.useFakeTimers({now: new Date('2025-01-01T12:00:00Z')}));
afterEach(() => vi.useRealTimers());

function make(backend: FakeBackend) {
	const c = new Controller(backend, {size: {columns: 40, rows: 20}, isColor: true, now: () => Date.now()});
	const published = vi.fn();
	c.subscribe(published);
	c.start();
	published.mockClear();
	return {c, published};
}

describe('publishing', () => {
	it('returns the very same view until something changes', () => {
		const idle = new FakeBackend([job({id: 1, state: 'succeeded', startedAt: Date.now() - 1000, finishedAt: Date.now()})]);
		const {c, published} = make(idle);
		const first = c.getView();
		vi.advanceTimersByTime(5000);
		expect(c.getView()).toBe(first);
		expect(published).not.toHaveBeenCalled();
		c.stop();
	});

	it('coalesces a burst of changes into at most one view per 100 ms', () => {
		const backend = new FakeBackend(sampleJobs());
		const {c, published} = make(backend);
		for (let i = 0; i < 20; i++) {
			backend.bump();
			vi.advanceTimersByTime(50);
		}
		// 1 s of changes every 50 ms (faster than the 150 ms poll): ≤ 10 views, and some.
		expect(published.mock.calls.length).toBeGreaterThan(3);
		expect(published.mock.calls.length).toBeLessThanOrEqual(10);
		c.stop();
	});

	it('ticks the clocks once a second while a job runs, and not at all otherwise', () => {
		const {c, published} = make(new FakeBackend(sampleJobs()));
		vi.advanceTimersByTime(10_000);
		expect(published.mock.calls.length).toBeGreaterThanOrEqual(9);
		expect(published.mock.calls.length).toBeLessThanOrEqual(11);
		c.stop();
	});

	it('notices new log output of the selected running job without a database change', () => {
		const backend = new FakeBackend(sampleJobs());
		backend.logs.set(12, ['one']);
		const {c} = make(backend);
		backend.logs.get(12)!.push('two');
		vi.advanceTimersByTime(200);
		expect(c.getView().detail.map(l => l.map(x => x.text).join('')).at(-1)).toBe('two');
		c.stop();
	});

	it('stops polling when stopped', () => {
		const backend = new FakeBackend(sampleJobs());
		const {c, published} = make(backend);
		c.stop();
		backend.bump();
		vi.advanceTimersByTime(5000);
		expect(published).not.toHaveBeenCalled();
	});
});

describe('errors', () => {
	it('a failing read becomes the message line, not a crash', () => {
		const backend = new FakeBackend(sampleJobs());
		const {c} = make(backend);
		backend.read = () => {
			throw new Error('database is locked');
		};
		backend.bump();
		vi.advanceTimersByTime(300);
		expect(c.getView().bottom.map(x => x.text).join('')).toBe('! database is locked');
		c.stop();
	});
});
