import {safe} from '../view/format.js';
import type {Effect} from '../view/ui-state.js';
import type {QueueBackend} from './backend.js';

/**
 * Runs one action against the queue and says what happened, in a few words for the message
 * line. Errors (a job that ended meanwhile, a broken config) are thrown for the caller to show.
 */
export function runEffect(backend: QueueBackend, effect: Effect): {message: string; selectId?: number} {
	switch (effect.type) {
		case 'retry':
			if (effect.isFlow) {
				backend.retryFlow(effect.id);
				return {message: `f${effect.id} queued again from its first step that did not succeed`};
			}
			backend.retry(effect.id);
			return {message: `#${effect.id} queued again`};
		case 'cancel': {
			if (effect.isFlow) {
				const running = backend.cancelFlow(effect.id);
				return {message: running > 0 ? `f${effect.id} cancelling (SIGTERM sent)` : `f${effect.id} cancelled`};
			}
			const job = backend.cancel(effect.id);
			return {message: job.state === 'cancelled' ? `#${job.id} cancelled` : `#${job.id} cancelling (SIGTERM sent)`};
		}
		case 'delete':
			backend.remove(effect.id);
			return {message: `#${effect.id} deleted`};
		case 'pause':
			backend.pause(effect.paused);
			return {message: effect.paused ? 'queue paused: running jobs go on' : 'queue resumed'};
		case 'add': {
			const id = backend.add(effect.command, effect.label);
			return {message: effect.label === undefined ? `#${id} queued` : `#${id} queued as ${safe(effect.label)}`, selectId: id};
		}
	}
}
