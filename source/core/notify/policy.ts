import type {NotifyConfig, NotifyEvent} from './types.js';

/** A success is "long" (worth a ping with `on: ['long']`) from 30 minutes on. */
export const DEFAULT_LONG_AFTER_MS = 30 * 60_000;

/**
 * Whether this finished job deserves a notification. Pure.
 *
 * Call it only for a job's final outcome: a failure with retries left goes back to
 * `queued` and is not an event here. Whether any notifier is configured is not decided
 * here (that needs the environment): `notifyAll` with none configured sends nothing.
 *
 * - failed / timed_out: always; this is what a human must know about.
 * - cancelled: never; a human (or agent) did it and already knows.
 * - succeeded: when the job asked (`--notify`), when `on` has 'success', or when `on`
 *   has 'long' and the job ran at least `longAfterMs` (default 30 min).
 * - skipped: only when the job asked; the dependency's failure already notified.
 * - test: always (`queue-tui notify test`).
 */
export function shouldNotify(event: NotifyEvent, config: NotifyConfig, jobWantsNotify: boolean): boolean {
	switch (event.state) {
		case 'failed':
		case 'timed_out':
		case 'test':
			return true;
		case 'cancelled':
			return false;
		case 'skipped':
			return jobWantsNotify;
		case 'succeeded': {
			if (jobWantsNotify) return true;
			const on = config.on ?? [];
			if (on.includes('success')) return true;
			return on.includes('long') && event.durationMs >= (config.longAfterMs ?? DEFAULT_LONG_AFTER_MS);
		}
	}
}
