/**
 * The one-line forms of a flow (pure). A flow's id is written `f12` everywhere, in and out, so it
 * is never mistaken for job #12: flows and jobs are numbered separately.
 */
import {formatDuration} from '../duration.js';
import {progressText} from '../job-view.js';
import {BRIEF_MAX_BYTES} from '../report-brief.js';
import {ascii, oneLine} from '../text.js';
import type {Job} from '../types.js';
import type {FlowRow} from './flow-store.js';
import type {FlowOutcome, PlannedJob} from './flow-state.js';

/** `f12` */
export const flowRef = (id: number): string => `f${id}`;

/** `f12` or `F12` → 12; undefined when the word is not a flow id. */
export function parseFlowRef(word: string): number | undefined {
	const m = /^[fF](\d+)$/.exec(word.trim());
	const id = m ? Number(m[1]) : NaN;
	return Number.isSafeInteger(id) && id > 0 ? id : undefined;
}

/** `f12 quality QUAL-044` */
export function flowTitle(flow: Pick<FlowRow, 'id' | 'name' | 'label'>): string {
	return [flowRef(flow.id), flow.name, flow.label].filter(Boolean).join(' ');
}

/** How a step ended, in a few words: `3 tests failed`, `exit 1`, `timed out after 2h`, `skipped`. */
export function stepDetail(p: PlannedJob): string {
	const job = p.job;
	if (!job) return 'deleted';
	const pr = job.progress;
	const tests = pr && pr.kind === 'pytest' ? pr.counts.failed + pr.counts.errors : 0;
	if (job.state === 'failed' && tests > 0) return `${tests} test${tests === 1 ? '' : 's'} failed`;
	if (job.state === 'skipped' || job.state === 'cancelled') return job.state;
	return (job.reason ?? job.state).split(';')[0];
}

/** What the runner, `wait` and the hooks say about a flow that ended; `lastLine` is a check's last output line. */
export function flowResultLine(flow: FlowRow, o: FlowOutcome, lastLine: (job: Job) => string, reportPointer?: string): string {
	const bits = [`queue flow ${flowTitle(flow)}`];
	const end = flow.finishedAt ?? o.endedAt;
	const took = o.ended && end ? ` in ${formatDuration(end - flow.createdAt)}` : '';
	if (o.state === 'succeeded') {
		bits.push(`ok: ${o.steps} step${o.steps === 1 ? '' : 's'}${o.checks ? `, ${o.checks} check${o.checks === 1 ? '' : 's'} passed` : ''}${took}`);
	} else if (o.state === 'cancelled') {
		bits.push(`cancelled${o.failedStep ? ` at step ${o.failedStep.entry.name}` : ''}`);
	} else if (!o.ended) {
		bits.push(o.current ? `${o.state} ${o.current.entry.role} ${o.current.index}/${o.current.of} ${o.current.entry.name}` : o.state);
	} else {
		const [check, ...more] = o.failedChecks;
		const parts: string[] = [];
		if (o.failedStep) parts.push(`step ${o.failedStep.entry.name}: ${stepDetail(o.failedStep)}`);
		if (check) {
			const last = check.job ? lastLine(check.job) : '';
			parts.push(`check ${check.entry.name}: ${last || stepDetail(check)}`);
		}
		if (more.length > 0) parts.push(`+${more.length} more check${more.length === 1 ? '' : 's'} failed`);
		bits.push(`FAILED ${parts.join('; ')}`);
	}
	let line = ascii(oneLine(bits.join(' '), 10_000));
	if (line.length > BRIEF_MAX_BYTES) line = line.slice(0, BRIEF_MAX_BYTES - 3) + '...';
	const pointer = reportPointer ? `; report ${reportPointer}` : '';
	return o.state !== 'succeeded' && line.length + pointer.length <= BRIEF_MAX_BYTES ? line + pointer : line;
}

/** The status line's part for a flow in progress: `f12 quality QUAL-044 step 2/3 extract 45% 3m12s`. */
export function flowStatusPart(flow: FlowRow, o: FlowOutcome, now: number): string {
	const bits = [flowTitle(flow)];
	const c = o.current;
	if (c) {
		bits.push(`${c.entry.role} ${c.index}/${c.of} ${c.entry.name}`);
		const progress = c.job?.state === 'running' ? progressText(c.job) : '';
		if (progress) bits.push(progress);
		if (c.job?.state !== 'running') bits.push('waiting');
	}
	if (flow.cancelRequested) bits.push('cancelling');
	bits.push(formatDuration(now - flow.createdAt));
	return ascii(bits.join(' '));
}
