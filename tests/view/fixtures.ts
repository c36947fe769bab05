import type {FlowRow} from '../../source/core/flows/flow-store.js';
import {flowOutcome} from '../../source/core/flows/flow-state.js';
import type {Progress, PytestCounts} from '../../source/core/parsers/types.js';
import type {Attempt, Job} from '../../source/core/types.js';
import {labelsOf} from '../../source/view/labels.js';
import type {QueueData} from '../../source/view/types.js';

/** A fixed "now" so elapsed times are stable. */
export const NOW = Date.UTC(2025, 0, 1, 12, 0, 0);

const zero = {passed: 0, failed: 0, errors: 0, skipped: 0, xfailed: 0, xpassed: 0, deselected: 0, warnings: 0};

export function progress(p: Omit<Partial<Progress>, 'counts'> & {counts?: Partial<PytestCounts>} = {}): Progress {
	return {kind: 'pytest', failures: [], bytes: 0, ...p, counts: {...zero, ...p.counts}};
}

export function job(p: Partial<Job> & {id: number}): Job {
	return {
		position: p.id, argv: ['python3', '-m', 'pytest', 'tests/'], shell: false, cwd: '/home/me/project', env: {},
		kind: 'pytest', state: 'queued', attempt: 0, maxRetries: 2, backoffMs: 2000, createdAt: NOW - 60_000,
		cancelRequested: false, ...p,
	};
}

export function attempt(p: Partial<Attempt> & {jobId: number; seq: number}): Attempt {
	return {state: 'failed', startedAt: NOW - 30_000, finishedAt: NOW - 20_000, counts: true, logStart: 0, ...p};
}

/** A queue with a running pytest, a running batch job, a failed shell job and a queued one. */
export function sampleJobs(): Job[] {
	return [
		job({id: 9, state: 'succeeded', attempt: 1, startedAt: NOW - 300_000, finishedAt: NOW - 280_000, argv: ['make', 'build'], kind: 'generic', progress: undefined}),
		job({
			id: 12, state: 'running', attempt: 1, startedAt: NOW - 192_000, label: 'QUAL-044',
			progress: progress({percent: 45, done: 120, total: 267, counts: {failed: 1}, etaSeconds: 62, failures: [{id: 'tests/test_io.py::test_roundtrip[1]', reason: 'AssertionError: assert 1 == 2'}]}),
		}),
		job({
			id: 13, state: 'running', attempt: 1, startedAt: NOW - 12_000, kind: 'generic',
			argv: ['python3', 'features/extraction/commands/extract_character.py', 'imgs', '-o', 'out', '--batch'],
			progress: progress({kind: 'generic', done: 12, total: 40, percent: 30, current: 'img_012.png'}),
		}),
		job({id: 14, state: 'failed', attempt: 1, maxRetries: 0, startedAt: NOW - 5000, finishedAt: NOW - 4000, argv: ['sh', '-c', 'exit 3'], shell: true, kind: 'generic', exitCode: 3, reason: 'exit code 3'}),
		job({id: 15, state: 'queued'}),
	];
}

export function sampleData(jobs: Job[] = sampleJobs(), over: Partial<QueueData> = {}): QueueData {
	const counts: Record<string, number> = {};
	for (const j of jobs) counts[j.state] = (counts[j.state] ?? 0) + 1;
	return {root: '/home/me/project', jobs, counts, paused: false, slots: 2, runnerAlive: true, stalledAfterMs: 600_000, labels: labelsOf(jobs), ...over};
}

/**
 * Flow f3 `quality QUAL-044`: step unit succeeded (#20), step extract running at 45% (#21),
 * step report queued (#22), check dashboard queued (#23); job #24 is not part of it.
 */
export function flowSample(): {jobs: Job[]; flow: FlowRow} {
	const step = (id: number, name: string, p: Partial<Job>) => job({id, flowId: 3, flowStep: name, label: 'QUAL-044', kind: 'generic', ...p});
	const jobs = [
		step(20, 'unit', {state: 'succeeded', attempt: 1, startedAt: NOW - 100_000, finishedAt: NOW - 90_000}),
		step(21, 'extract', {state: 'running', attempt: 1, startedAt: NOW - 80_000, progress: progress({kind: 'generic', percent: 45, done: 9, total: 20})}),
		step(22, 'report', {state: 'queued'}),
		step(23, 'dashboard', {state: 'queued'}),
		job({id: 24, state: 'queued', argv: ['make', 'lint'], kind: 'generic'}),
	];
	const flow: FlowRow = {
		id: 3, name: 'quality', label: 'QUAL-044', vars: {}, state: 'open', cancelRequested: false, createdAt: NOW - 100_000,
		plan: [
			{name: 'unit', role: 'step', when: 'after', jobId: 20}, {name: 'extract', role: 'step', when: 'after', jobId: 21},
			{name: 'report', role: 'step', when: 'after-any', jobId: 22}, {name: 'dashboard', role: 'check', when: 'after', jobId: 23},
		],
	};
	return {jobs, flow};
}

/** The same flow as a FlowView (for the view model). */
export function flowSampleView(jobs: Job[], flow: FlowRow) {
	const mine = new Map(jobs.filter(j => j.flowId === flow.id).map(j => [j.id, j]));
	return {flow, jobs: mine, outcome: flowOutcome(flow, mine)};
}
