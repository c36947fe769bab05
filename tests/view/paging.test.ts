import {describe, expect, it} from 'vitest';
import type {ListItem} from '../../source/view/list-items.js';
import {pageMove} from '../../source/view/paging.js';
import {job} from './fixtures.js';

/** Rows for jobs #ids (position = id); `queued` ones are not over yet. */
const rows = (ids: number[], queued: number[] = []): ListItem[] =>
	ids.map(id => ({type: 'job', job: job({id, state: queued.includes(id) ? 'queued' : 'succeeded'})}));

describe('which page a list key needs', () => {
	it('up from the first row and down from the last read the page beyond; g and G the ends', () => {
		const items = rows([11, 12, 13, 14]);
		expect(pageMove('up', 0, items, 3)).toBe('older');
		expect(pageMove('up', 1, items, 3)).toBeUndefined();
		expect(pageMove('pageUp', 2, items, 3)).toBe('older');
		expect(pageMove('pageUp', 3, items, 3)).toBeUndefined();
		expect(pageMove('down', 3, items, 3)).toBe('newer');
		expect(pageMove('pageDown', 1, items, 3)).toBe('newer');
		expect(pageMove('down', 2, items, 3)).toBeUndefined();
		expect(pageMove('top', 2, items, 3)).toBe('oldest');
		expect(pageMove('bottom', 2, items, 3)).toBe('newest');
		expect(pageMove('retry', 0, items, 3)).toBeUndefined();
	});

	it('a job not over yet beside the stretch held is its edge: moving onto it reads the page between first', () => {
		// Finished #11–#13 held (the stretch [11, 14)); #5 waits from long ago, #40 was queued last.
		const items = rows([5, 11, 12, 13, 40], [5, 40]);
		const held = {from: {position: 11, id: 11}, to: {position: 14, id: 14}};
		expect(pageMove('up', 1, items, 3, held)).toBe('older');
		expect(pageMove('down', 3, items, 3, held)).toBe('newer');
		expect(pageMove('down', 2, items, 3, held)).toBeUndefined();
		expect(pageMove('pageDown', 1, items, 3, held)).toBe('newer');
		// From the job outside, the keys move as usual (G and g reach the rest).
		expect(pageMove('up', 4, items, 3, held)).toBeUndefined();
		// Nothing held past either end: the same rows move freely.
		expect(pageMove('up', 1, items, 3, {})).toBeUndefined();
	});
});
