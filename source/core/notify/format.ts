import {formatDuration} from '../duration.js';
import {oneLine} from '../text.js';
import type {FlowNotice, NotifyEvent, NotifyState} from './types.js';

const WORD: Record<NotifyState, string> = {
	succeeded: 'ok',
	failed: 'FAILED',
	timed_out: 'TIMED OUT',
	cancelled: 'cancelled',
	skipped: 'skipped',
	test: 'test',
};

/** The state as the title says it: shouting only for what needs a human. */
export const stateWord = (state: NotifyState): string => WORD[state];

/** True for the outcomes that need a human: a final failure or a timeout. */
export const isFailure = (state: NotifyState): boolean => state === 'failed' || state === 'timed_out';

/** `queue #12 FAILED: nightly tests` (label, else kind); a flow's `queue flow f3 FAILED: quality QUAL-044`; the test event gets its own title. */
export function titleOf(event: NotifyEvent): string {
	if (event.state === 'test') return 'queue-tui: test notification';
	if (event.flow) return `queue flow ${event.flow.id} ${stateWord(event.state)}: ${oneLine([event.flow.name, event.flow.label].filter(Boolean).join(' '))}`;
	const name = oneLine(event.label || event.kind);
	return `queue #${event.jobId} ${stateWord(event.state)}${name ? `: ${name}` : ''}`;
}

/** The body: the summary line first (phones show the start), then the facts, one per line. */
export function messageOf(event: NotifyEvent): string {
	const lines = [oneLine(event.line)];
	if (event.flow) lines.push(...flowLines(event.flow), formatDuration(event.durationMs));
	else if (event.state !== 'test') {
		lines.push(`$ ${oneLine(event.command, 300)}`);
		const end: string[] = [];
		if (event.exitCode !== undefined && event.exitCode !== null) end.push(`exit ${event.exitCode}`);
		if (event.signal) end.push(`signal ${oneLine(event.signal)}`);
		end.push(`${event.attempts} attempt${event.attempts === 1 ? '' : 's'}`, formatDuration(event.durationMs));
		lines.push(end.join(', '));
	}
	lines.push(`in ${oneLine(event.cwd)}`);
	if (event.reportPath) lines.push(`report: ${oneLine(event.reportPath)}`);
	return lines.join('\n');
}

/** The flow's part of the body: what failed with the last line it printed, then every step and check in a word. */
function flowLines(flow: FlowNotice): string[] {
	const lines: string[] = [];
	const f = flow.failed;
	if (f) lines.push(`${f.role} ${oneLine(f.name)} failed: ${oneLine(f.detail)}${f.lastLine ? ` | last line: ${oneLine(f.lastLine, 300)}` : ''}`);
	for (const role of ['step', 'check'] as const) {
		const jobs = flow.jobs.filter(j => j.role === role);
		if (jobs.length > 0) lines.push(`${role}s: ${jobs.map(j => `${oneLine(j.name)} ${JOB_WORD[j.state] ?? j.state}`).join(', ')}`);
	}
	return lines;
}

const JOB_WORD: Record<string, string> = {succeeded: 'ok', failed: 'FAILED', timed_out: 'TIMED OUT'};
