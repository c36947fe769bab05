import {describe, expect, it} from 'vitest';
import {flowResultLine, flowStatusPart, parseFlowRef} from '../../../source/core/flows/flow-line.js';
import type {FlowRow, PlanEntry} from '../../../source/core/flows/flow-store.js';
import {flowExitCode, flowOutcome, retryFrom} from '../../../source/core/flows/flow-state.js';
import type {Job, JobState} from '../../../source/core/types.js';

const plan: PlanEntry[] = [
	{name: 'unit', role: 'step', when: 'after', jobId: 1},
	{name: 'extract', role: 'step', when: 'after', jobId: 2},
	{name: 'diag', role: 'step', when: 'if-failed', jobId: 3},
	{name: 'report', role: 'step', when: 'after-any', jobId: 4},
	{name: 'dashboard', role: 'check', when: 'after-any', jobId: 5},
];
const flow: FlowRow = {id: 12, name: 'quality', label: 'QUAL-044', vars: {}, plan, state: 'open', cancelRequested: false, createdAt: 0};

function jobs(states: JobState[], extra: Partial<Job> = {}): Map<number, Job> {
	return new Map(states.map((state, i) => [i + 1, {
		id: i + 1, state, argv: ['x'], shell: false, cwd: '/', env: {}, kind: 'generic', position: i + 1, attempt: 1, maxRetries: 0, backoffMs: 0,
		createdAt: 0, cancelRequested: false, startedAt: state === 'queued' ? undefined : 1, exitCode: state === 'failed' ? 3 : undefined,
		reason: state === 'failed' ? 'exit 3' : undefined, ...(i === 1 ? extra : {}),
	} as Job]));
}

describe('flow outcome', () => {
	it('succeeds only when every required step succeeded and every check passed', () => {
		const ok = flowOutcome(flow, jobs(['succeeded', 'succeeded', 'skipped', 'succeeded', 'succeeded']));
		expect(ok).toMatchObject({state: 'succeeded', ended: true});
		expect(flowExitCode(ok)).toBe(0);
		expect(flowResultLine({...flow, finishedAt: 65_000}, ok, () => '')).toBe('queue flow f12 quality QUAL-044 ok: 4 steps, 1 check passed in 1m05s');
	});

	it('a failed check fails the flow and names its last line; retry runs only the checks', () => {
		const j = jobs(['succeeded', 'succeeded', 'skipped', 'succeeded', 'failed']);
		const o = flowOutcome(flow, j);
		expect(o.state).toBe('failed');
		expect(flowExitCode(o)).toBe(1);
		expect(flowResultLine(flow, o, () => 'curl: (7) Failed to connect', '.queue/reports/f12.md'))
			.toBe('queue flow f12 quality QUAL-044 FAILED check dashboard: curl: (7) Failed to connect; report .queue/reports/f12.md');
		expect(retryFrom(flow, j).map(e => e.name)).toEqual(['dashboard']);
	});

	it('a failed step: its exit code, retry from it; a running flow shows its current step', () => {
		const j = jobs(['succeeded', 'failed', 'succeeded', 'succeeded', 'succeeded']);
		const o = flowOutcome(flow, j);
		expect(o.failedStep?.entry.name).toBe('extract');
		expect(flowExitCode(o)).toBe(3);
		expect(flowResultLine(flow, o, () => '')).toBe('queue flow f12 quality QUAL-044 FAILED step extract: exit 3');
		expect(retryFrom(flow, j).map(e => e.name)).toEqual(['extract', 'diag', 'report', 'dashboard']);
		const running = flowOutcome(flow, jobs(['succeeded', 'running', 'queued', 'queued', 'queued'], {progress: {kind: 'generic', percent: 45, counts: {} as never, failures: []} as never}));
		expect(running).toMatchObject({state: 'running', ended: false, current: {index: 2, of: 4}});
		expect(flowStatusPart(flow, running, 192_000)).toBe('f12 quality QUAL-044 step 2/4 extract 45% 3m12s');
		expect(flowOutcome(flow, jobs(['queued', 'queued', 'queued', 'queued', 'queued'])).state).toBe('queued');
		expect(flowOutcome({...flow, cancelRequested: true}, jobs(['succeeded', 'cancelled', 'cancelled', 'cancelled', 'cancelled'])).state).toBe('cancelled');
	});

	it('flow ids are f12, never a bare number', () => {
		expect(['f12', 'F3', '12', '#12', 'f0', 'f1x', 'flow12'].map(parseFlowRef)).toEqual([12, 3, undefined, undefined, undefined, undefined, undefined]);
	});
});
