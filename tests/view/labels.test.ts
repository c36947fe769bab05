import {describe, expect, it} from 'vitest';
import {countStates, jobsWithLabel, labelsOf, narrowToLabel, nextLabel} from '../../source/view/labels.js';
import {job, sampleData, sampleJobs} from './fixtures.js';

const jobs = () => [
	job({id: 1, label: 'QUAL-045', state: 'succeeded'}),
	job({id: 2, label: 'QUAL-044', state: 'running'}),
	job({id: 3, state: 'queued'}),
	job({id: 4, label: 'QUAL-044', state: 'failed'}),
	job({id: 5, label: 'QUAL-044', state: 'queued'}),
];

describe('labelsOf', () => {
	it('lists each label once, sorted; jobs without one add nothing', () => {
		expect(labelsOf(jobs())).toEqual(['QUAL-044', 'QUAL-045']);
		expect(labelsOf([job({id: 1}), job({id: 2, label: ''})])).toEqual([]);
	});
});

describe('nextLabel', () => {
	it('cycles all → each label → all', () => {
		const labels = ['QUAL-044', 'QUAL-045'];
		const seen: Array<string | undefined> = [];
		let current: string | undefined;
		for (let i = 0; i < 4; i++) seen.push((current = nextLabel(labels, current)));
		expect(seen).toEqual(['QUAL-044', 'QUAL-045', undefined, 'QUAL-044']);
	});

	it('with no labels stays on all', () => {
		expect(nextLabel([], undefined)).toBeUndefined();
	});

	it('from a label no job has any more, goes on from where it sorted', () => {
		expect(nextLabel(['A', 'C'], 'B')).toBe('C');
		expect(nextLabel(['A', 'C'], 'D')).toBeUndefined();
		expect(nextLabel([], 'QUAL-099')).toBeUndefined();
	});
});

describe('narrowing', () => {
	it('keeps only the label\'s jobs, in queue order, and counts only them', () => {
		expect(jobsWithLabel(jobs(), 'QUAL-044').map(j => j.id)).toEqual([2, 4, 5]);
		expect(jobsWithLabel(jobs(), undefined)).toHaveLength(5);
		expect(countStates(jobsWithLabel(jobs(), 'QUAL-044'))).toEqual({running: 1, failed: 1, queued: 1});
	});

	it('a narrowed read still lists every label', () => {
		const data = narrowToLabel(sampleData(jobs()), 'QUAL-045');
		expect(data).toMatchObject({label: 'QUAL-045', labels: ['QUAL-044', 'QUAL-045'], counts: {succeeded: 1}});
		expect(data.jobs.map(j => j.id)).toEqual([1]);
		const all = narrowToLabel(sampleData(sampleJobs()), undefined);
		expect(all.label).toBeUndefined();
		expect(all.jobs).toHaveLength(5);
	});
});
