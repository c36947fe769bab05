import {crashPoint} from './crash-points.js';
import type {Store} from './store.js';

/**
 * Idempotency keys of `add`. An `add` that handed its job to the runner's socket and got no answer
 * cannot know whether the runner inserted it (the runner may have died between its commit and its
 * answer). Both paths therefore insert "once per token": inside the insert's write transaction the
 * token is looked up first and, when found, its job id is the answer. Tokens are needed only for
 * the seconds an `add` takes, so they live in one meta row and are pruned after ten minutes.
 */
const KEY = 'add_tokens';
const KEEP_MS = 10 * 60_000;

type Tokens = Record<string, [id: number, at: number]>;

/**
 * A new token. It only has to differ from every other `add` of the last ten minutes on this
 * machine, not be secret (the socket is the user's own): pid and the monotonic clock in ns do that,
 * the random part covers a pid reused at the same instant after a reboot. Not node:crypto, whose
 * loading was a tenth of a handed-off `add`.
 */
export function newAddToken(): string {
	return `${process.pid.toString(36)}-${process.hrtime.bigint().toString(36)}-${Math.random().toString(36).slice(2, 10)}`.padEnd(16, '0');
}

function read(store: Store): Tokens {
	try {
		return JSON.parse(store.meta(KEY) ?? '{}') as Tokens;
	} catch {
		return {}; // a damaged row only costs the memory of earlier tokens
	}
}

/** The job already inserted with this token, if any. Call inside the insert's transaction. */
export function addedWith(store: Store, token: string): number | undefined {
	return read(store)[token]?.[0];
}

/** Remembers the token of a job just inserted, in the same transaction. */
export function recordAdded(store: Store, token: string, id: number, now: number): void {
	const kept: Tokens = {};
	for (const [t, entry] of Object.entries(read(store))) if (now - entry[1] < KEEP_MS) kept[t] = entry;
	kept[token] = [id, now];
	store.setMeta(KEY, JSON.stringify(kept));
	crashPoint('add-before-commit');
}
