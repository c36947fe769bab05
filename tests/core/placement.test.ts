import {describe, expect, it} from 'vitest';
import {whereText, treeNote} from '../../source/core/job-where.js';
import {resultLine} from '../../source/core/result-line.js';
import {plan, type QueueSnapshot} from '../../source/core/scheduler.js';
import {treeChanged, treeName} from '../../source/core/snapshot.js';
import type {Job, TreeState} from '../../source/core/types.js';

const T0 = Date.UTC(2026, 10, 28, 6, 0, 0);

function job(over: Partial<Job> = {}): Job {
	return {
		id: 1, position: 1, argv: ['python3', 'train.py'], shell: false, cwd: '/p', env: {}, kind: 'generic',
		maxRetries: 0, backoffMs: 0, state: 'queued', attempt: 0, createdAt: T0, cancelRequested: false, ...over,
	};
}

const snap = (over: Partial<QueueSnapshot>): QueueSnapshot => ({waiting: [], running: 0, slots: 1, paused: false, now: T0, gpus: ['0', '1'], held: new Set(), ...over});
const started = (s: QueueSnapshot) => plan(s).start.map(j => j.id);

describe('GPU slots in the scheduler', () => {
	it('gives each GPU job free devices, and CPU jobs their slot beside them', () => {
		const waiting = [job({id: 1, gpus: 1}), job({id: 2, gpus: 1}), job({id: 3}), job({id: 4, gpus: 1}), job({id: 5})];
		const p = plan(snap({waiting}));
		expect(p.start.map(j => j.id)).toEqual([1, 2, 3]);
		expect([...p.gpus]).toEqual([[1, ['0']], [2, ['1']]]);
	});

	it('a GPU job waits while its GPUs are held, and gets the one freed', () => {
		const waiting = [job({id: 4, gpus: 1})];
		expect(started(snap({waiting, held: new Set(['0', '1'])}))).toEqual([]);
		expect([...plan(snap({waiting, held: new Set(['1'])})).gpus]).toEqual([[4, ['0']]]);
	});

	it('GPU jobs are first come first served: a small one does not overtake a bigger one waiting', () => {
		const waiting = [job({id: 1, gpus: 2}), job({id: 2, gpus: 1}), job({id: 3})];
		expect(started(snap({waiting, held: new Set(['1'])}))).toEqual([3]);
	});

	it('a GPU job in its retry backoff holds the GPU jobs behind it, not the CPU ones', () => {
		const waiting = [job({id: 1, gpus: 1, notBefore: T0 + 1000}), job({id: 2, gpus: 1}), job({id: 3})];
		expect(started(snap({waiting}))).toEqual([3]);
	});

	it('nothing starts while paused; Slurm jobs take no local slot or GPU', () => {
		const waiting = [job({id: 1, gpus: 1}), job({id: 2, executor: 'slurm', gpus: 4}), job({id: 3})];
		expect(started(snap({waiting, paused: true}))).toEqual([]);
		expect(started(snap({waiting, running: 1, held: new Set(['0', '1'])}))).toEqual([2]);
	});
});

describe('where a job runs, in words', () => {
	const tree = (over: Partial<TreeState> = {}): TreeState => ({commit: '3f2c1a9d0e', dirty: true, fingerprint: 'f1', ...over});

	it('names the tree @commit+dirty', () => {
		expect(treeName(tree())).toBe('@3f2c1a9+dirty');
		expect(treeName(tree({dirty: false}))).toBe('@3f2c1a9');
		expect(treeName(tree({commit: null}))).toBe('@no-commit+dirty');
	});

	it('a tree changed when HEAD or the changes moved', () => {
		expect(treeChanged(tree(), tree())).toBe(false);
		expect(treeChanged(tree(), tree({fingerprint: 'f2'}))).toBe(true);
		expect(treeChanged(tree(), tree({commit: 'abc'}))).toBe(true);
		expect(treeChanged(tree(), undefined)).toBe(false);
	});

	it('list, the TUI and the status line show GPUs held, the snapshot and the Slurm job', () => {
		expect(whereText(job({state: 'running', gpus: 2, gpuIds: ['0', '1']}))).toBe('gpu 0,1');
		expect(whereText(job({gpus: 1}))).toBe('1 gpu');
		expect(whereText(job({snapshot: true, tree: tree()}))).toBe('@3f2c1a9+dirty');
		expect(whereText(job({executor: 'slurm', slurmId: '812', slurmState: 'PENDING (Resources)'}))).toBe('slurm 812 PENDING');
		expect(whereText(job())).toBe('');
	});

	it('the result line names the snapshot, or says the tree changed after queueing', () => {
		const done = {state: 'failed' as const, exitCode: 1, finishedAt: T0 + 5000, startedAt: T0, attempt: 1};
		const facts = (j: Job) => ({job: j, attempts: [], now: T0 + 5000});
		expect(resultLine(facts(job({...done, snapshot: true, tree: tree({snap: 'abc'})})))).toMatch(/ @3f2c1a9\+dirty$/);
		expect(resultLine(facts(job({...done, tree: tree(), startTree: tree({fingerprint: 'f2'})})))).toMatch(/\(tree changed after queueing\)$/);
		expect(treeNote(job({...done, tree: tree(), startTree: tree({fingerprint: 'f2'})}))?.long).toMatch(/changed between queueing \(@3f2c1a9\+dirty\) and the start/);
		const long = resultLine(facts(job({...done, reason: 'y'.repeat(400), exitCode: undefined, snapshot: true, tree: tree({snap: 'abc'})})));
		expect(long).toMatch(/ @3f2c1a9\+dirty$/);
		expect(long.length).toBeLessThanOrEqual(160);
	});
});
