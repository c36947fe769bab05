import {formatDuration} from '../duration.js';
import type {NotifyEvent, NotifyState} from './types.js';

// CSI (colours, cursor moves) and OSC (titles, hyperlinks) sequences, then any other ESC pair.
const ANSI = /\u001B\[[0-?]*[ -/]*[@-~]|\u001B\][^\u0007\u001B]*(?:\u0007|\u001B\\)?|\u001B[@-_]?/g;
// C0 controls except tab/newline, DEL, and C1 controls: a terminal or phone may act on them.
const CONTROL = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/g;

/**
 * Job text as printable text: escape sequences removed, other control characters
 * replaced by a space. Job output is untrusted (DESIGN invariant 8).
 */
export function printable(text: string, options: {multiline?: boolean} = {}): string {
	const clean = text.replace(ANSI, '').replace(CONTROL, ' ').replace(/\t/g, ' ');
	if (options.multiline) return clean;
	return clean.replace(/\s*\n\s*/g, ' ').trim();
}

/** Cuts to at most `max` code points (never half a surrogate pair), ending with `…` when cut. */
export function truncate(text: string, max: number): string {
	const chars = Array.from(text);
	if (chars.length <= max) return text;
	return chars.slice(0, max - 1).join('') + '…';
}

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

/** `queue #12 FAILED: nightly tests` (label, else kind); the test event gets its own title. */
export function titleOf(event: NotifyEvent): string {
	if (event.state === 'test') return 'queue-tui: test notification';
	const name = printable(event.label || event.kind);
	return `queue #${event.jobId} ${stateWord(event.state)}${name ? `: ${name}` : ''}`;
}

/** The body: the summary line first (phones show the start), then the facts, one per line. */
export function messageOf(event: NotifyEvent): string {
	const lines = [printable(event.line)];
	if (event.state !== 'test') {
		lines.push(`$ ${truncate(printable(event.command), 300)}`);
		const end: string[] = [];
		if (event.exitCode !== undefined && event.exitCode !== null) end.push(`exit ${event.exitCode}`);
		if (event.signal) end.push(`signal ${printable(event.signal)}`);
		end.push(`${event.attempts} attempt${event.attempts === 1 ? '' : 's'}`, formatDuration(event.durationMs));
		lines.push(end.join(', '));
	}
	lines.push(`in ${printable(event.cwd)}`);
	if (event.reportPath) lines.push(`report: ${printable(event.reportPath)}`);
	return lines.join('\n');
}
