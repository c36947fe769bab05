import {isDamageCode} from './db-damage.js';

const USAGE = Symbol.for('queue-tui.UsageError');

/**
 * Bad input from the user: one clear line on stderr and exit code 2, and nothing changed.
 * Everything else that goes wrong inside a job is data (state, exit code, reason), not an error.
 */
export class UsageError extends Error {
	override readonly name = 'UsageError';
	readonly [USAGE] = true;

	// By brand, not by class identity: the `queue-tui` bundle and the ES modules it loads for the
	// TUI and the slower commands each hold a copy of this class, and an error thrown by one copy
	// must still be exit 2 when the other catches it.
	static override [Symbol.hasInstance](value: unknown): boolean {
		return typeof value === 'object' && value !== null && (value as {[USAGE]?: boolean})[USAGE] === true;
	}
}

/**
 * How the CLI reports anything thrown: bad input, and a queue database found damaged mid-command
 * (the user's to fix), exit 2; anything else is queue-tui's own failure, exit 1.
 */
export function failure(error: unknown): {line: string; code: number} {
	if (isDamageCode((error as {code?: string}).code)) {
		return {line: `the queue database is damaged (${oneLine(error)}): move queue.db aside (the logs and reports next to it are kept) and queue-tui starts an empty queue`, code: 2};
	}
	return {line: oneLine(error), code: error instanceof UsageError ? 2 : 1};
}

/** The message of anything thrown, on one line. */
export function oneLine(error: unknown): string {
	const text = error instanceof Error ? error.message : String(error);
	return text.replace(/\s*\n\s*/g, ' ').trim();
}
