import type {PageMove} from '../core/queue-window.js';
import type {Action} from './ui-state.js';

/**
 * Which page of history a list key needs before it moves: up from the first row held, down from
 * the last, `g` to the oldest job, `G` back to the newest. The list holds a stretch of the history,
 * and this makes a key land where it would if every job were held.
 */
export function pageMove(action: Action, at: number, rows: number, listPage: number): PageMove | undefined {
	switch (action) {
		case 'top': return 'oldest';
		case 'bottom': return 'newest';
		case 'up': return at - 1 < 0 ? 'older' : undefined;
		case 'pageUp': return at - listPage < 0 ? 'older' : undefined;
		case 'down': return at + 1 > rows - 1 ? 'newer' : undefined;
		case 'pageDown': return at + listPage > rows - 1 ? 'newer' : undefined;
		default: return undefined;
	}
}
