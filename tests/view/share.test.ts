import {describe, expect, it} from 'vitest';
import {share} from '../../source/view/share.js';
import {initialUi} from '../../source/view/ui-state.js';
import {buildView} from '../../source/view/view-model.js';
import {NOW, sampleData, sampleJobs} from './fixtures.js';

const build = (now = NOW, jobs = sampleJobs()) =>
	buildView({data: sampleData(jobs), detail: {id: 12, attempts: [], logTail: ['a', 'b']}, ui: initialUi(), size: {columns: 100, rows: 30}, now, isColor: true});

describe('share', () => {
	it('returns the old view itself when a rebuilt one is equal', () => {
		const a = build();
		const b = build();
		expect(b).not.toBe(a);
		expect(share(a, b)).toBe(a);
	});

	it('keeps the old parts that did not change, and takes the new ones', () => {
		const a = build();
		const jobs = sampleJobs();
		jobs[2].progress!.percent = 31;
		const b = build(NOW, jobs);
		const s = share(a, b);
		expect(s).not.toBe(a);
		expect(s).toEqual(b);
		expect(s.header).toBe(a.header);
		expect(s.detail).toBe(a.detail);
		expect(s.rows).not.toBe(a.rows);
		expect(s.rows.map((r, i) => r === a.rows[i])).toEqual(s.rows.map(r => r.id !== 13));
	});

	it('sees added, removed and undefined keys, and length changes', () => {
		const a = {x: 1, y: undefined as number | undefined, list: [1, 2]};
		expect(share(a, {x: 1, list: [1, 2]} as typeof a)).not.toBe(a);
		expect(share(a, {x: 1, y: undefined, list: [1, 2], z: 0} as typeof a)).not.toBe(a);
		expect(share(a, {x: 1, y: undefined, list: [1, 2, 3]})).toEqual({x: 1, y: undefined, list: [1, 2, 3]});
		expect(share(a, {x: 1, y: undefined, list: [1]}).list).toEqual([1]);
		expect(share(a, {x: 1, y: undefined, list: [1, 2]})).toBe(a);
		expect(share([NaN], [NaN])).toEqual([NaN]);
	});
});
