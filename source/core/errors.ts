/**
 * Bad input from the user: one clear line on stderr and exit code 2, and nothing changed.
 * Everything else that goes wrong inside a job is data (state, exit code, reason), not an error.
 */
export class UsageError extends Error {
	override readonly name = 'UsageError';
}

/** The message of anything thrown, on one line. */
export function oneLine(error: unknown): string {
	const text = error instanceof Error ? error.message : String(error);
	return text.replace(/\s*\n\s*/g, ' ').trim();
}
