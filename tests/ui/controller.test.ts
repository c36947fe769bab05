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

	it('coalesces a burst of changes into at most one view per 500 ms', () => {
		const backend = new FakeBackend(sampleJobs());
		const {c, published} = make(backend);
		for (let i = 0; i < 40; i++) {
			backend.jobs[1].progress!.done! += 1; // a visible change (the row's and the detail's done/total)
			backend.bump();
			vi.advanceTimersByTime(50);
		}
		// 2 s of changes every 50 ms (faster than the 150 ms poll): ≤ 4 views, and some.
		expect(published.mock.calls.length).toBeGreaterThanOrEqual(3);
		expect(published.mock.calls.length).toBeLessThanOrEqual(4);
		c.stop();
	});

	it('publishes nothing when the database moved but nothing visible changed', () => {
		const backend = new FakeBackend(sampleJobs());
		const {c, published} = make(backend);
		const first = c.getView();
		const reads = backend.reads.length;
		for (let i = 0; i < 5; i++) {
			backend.bump();
			vi.advanceTimersByTime(150);
		}
		// Read again every time, rebuilt, found equal: the same object, no listener called (no render).
		expect(backend.reads.length - reads).toBeGreaterThanOrEqual(4);
		expect(c.getView()).toBe(first);
		expect(published).not.toHaveBeenCalled();
		c.stop();
	});

	it('keeps the unchanged parts of a new view: rows, lines and the header are the same objects', () => {
		const backend = new FakeBackend(sampleJobs());
		const {c} = make(backend);
		const before = c.getView();
		backend.jobs[2].progress!.percent = 31; // job #13: its row changes (bar, percent), nothing else in the list does
		backend.bump();
		vi.advanceTimersByTime(500);
		const after = c.getView();
		expect(after).not.toBe(before);
		const changed = after.rows.filter((row, i) => row !== before.rows[i]).map(r => r.id);
		expect(changed).toEqual([13]);
		expect(after.header).toBe(before.header);
		expect(after.detail).toBe(before.detail); // #12 is selected: its detail did not move
		expect(after.bottom).toBe(before.bottom);
		c.stop();
	});

	it('answers a key at once, even right after a frame', () => {
		const backend = new FakeBackend(sampleJobs());
		const {c, published} = make(backend);
		backend.jobs[1].progress!.done! += 1;
		backend.bump();
		vi.advanceTimersByTime(500); // a polled change, published on the frame budget
		expect(published).toHaveBeenCalledTimes(1);
		c.key('j', {});
		// No timer has run: the key's view is already out.
		expect(published).toHaveBeenCalledTimes(2);
		expect(c.getView().rows.find(r => r.isSelected)?.id).toBe(13);
		c.stop();
	});

	it('a pasted text publishes once, after its last key', () => {
		const backend = new FakeBackend(sampleJobs());
		const {c, published} = make(backend);
		c.key('a', {});
		published.mockClear();
		c.key('echo hello world', {});
		expect(published).toHaveBeenCalledTimes(1);
		expect(c.getView().bottom.map(x => x.text).join('')).toContain('echo hello world');
		c.stop();
	});

	it('ticks the clocks once a second while a job runs, and not at all otherwise', () => {
		const {c, published} = make(new FakeBackend(sampleJobs()));
		vi.advanceTimersByTime(10_000);
		expect(published.mock.calls.length).toBeGreaterThanOrEqual(9);
		expect(published.mock.calls.length).toBeLessThanOrEqual(11);
		c.stop();
	});

	it('reads a chatty log at most every 500 ms, and only when it grew', () => {
		const backend = new FakeBackend(sampleJobs());
		backend.logs.set(12, ['line 0']);
		const tails = vi.spyOn(backend, 'logTail');
		const {c} = make(backend);
		for (let i = 1; i <= 40; i++) {
			backend.logs.get(12)!.push(`line ${i}`); // new output every 50 ms: 20 lines a second
			vi.advanceTimersByTime(50);
		}
		vi.advanceTimersByTime(1000); // the last lines are read at the next look
		// 3 s: one read per 500 ms at most (looks fall on 150 ms polls), not one per poll.
		expect(tails.mock.calls.length).toBeGreaterThanOrEqual(3);
		expect(tails.mock.calls.length).toBeLessThanOrEqual(5);
		tails.mockClear();
		vi.advanceTimersByTime(2000); // quiet: looked at, never read
		expect(tails).not.toHaveBeenCalled();
		expect(c.getView().detail.map(l => l.map(x => x.text).join('')).at(-1)).toBe('line 40');
		c.stop();
	});

	it('notices new log output of the selected running job without a database change', () => {
		const backend = new FakeBackend(sampleJobs());
		backend.logs.set(12, ['one']);
		const {c} = make(backend);
		backend.logs.get(12)!.push('two');
		vi.advanceTimersByTime(500); // seen at the next poll, shown at the next frame (≤ 2 a second)
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

describe('scrolling past the jobs held', () => {
	/** 50 finished jobs; the fake holds 10 at a time (two pages at most), as the real one holds 200. */
	const history = () => {
		const backend = new FakeBackend(Array.from({length: 50}, (_, i) => job({id: i + 1, state: 'succeeded', finishedAt: Date.now() - 1000})));
		backend.pageSize = 10;
		return backend;
	};
	const selected = (c: Controller) => c.getView().rows.find(r => r.isSelected)?.id;

	it('up from the first job held reads the page before it and lands on the job above', () => {
		const backend = history();
		const {c} = make(backend);
		expect(selected(c)).toBe(50);
		for (let i = 0; i < 9; i++) c.dispatch('up');
		expect(selected(c)).toBe(41);
		expect(backend.calls).toEqual(['wakeRunner']);
		c.dispatch('up');
		expect(selected(c)).toBe(40);
		expect(backend.calls.at(-1)).toBe('page older');
		for (let i = 0; i < 15; i++) c.dispatch('up');
		expect(selected(c)).toBe(25); // three pages read: the newest one was dropped
		expect(backend.held).toEqual([20, 40]);
		for (let i = 0; i < 3; i++) c.dispatch('pageDown'); // 6 rows a page: the third goes past job 40
		expect(backend.calls.at(-1)).toBe('page newer');
		expect(selected(c)).toBe(43); // 25 + 3 × 6
		expect(backend.held).toEqual([30, 50]);
		c.stop();
	});

	it('g jumps to the oldest job, G back to the newest, each reading its page', () => {
		const backend = history();
		const {c} = make(backend);
		c.dispatch('top');
		expect(selected(c)).toBe(1);
		expect(backend.held).toEqual([0, 10]);
		c.dispatch('up');
		expect(selected(c)).toBe(1); // nothing older
		c.dispatch('bottom');
		expect(selected(c)).toBe(50);
		expect(backend.held).toEqual([40, 50]);
		expect(backend.calls.filter(call => call.startsWith('page'))).toEqual(['page oldest', 'page newest']);
		c.stop();
	});

	it('another label (L) starts from its newest jobs, not where that label was last scrolled', () => {
		const backend = history();
		for (const j of backend.jobs) j.label = 'A';
		const {c} = make(backend);
		c.dispatch('top');
		expect(backend.held).toEqual([0, 10]);
		c.dispatch('label');
		expect(c.getView().header.map(cell => cell.text).join('')).toContain('label A');
		expect(backend.calls.filter(call => call.startsWith('page'))).toEqual(['page oldest', 'page newest']);
		expect(selected(c)).toBe(50);
		c.stop();
	});
});
