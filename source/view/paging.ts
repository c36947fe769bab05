import {compareKeys, type Key} from '../core/history-pages.js';
import type {PageMove} from '../core/queue-window.js';
import type {ListItem} from './list-items.js';
import type {Action} from './ui-state.js';

/** The stretch of finished jobs a list holds: from `from` (inclusive) up to `to` (exclusive); an open end when not given. */
export interface HeldStretch {
	from?: Key;
	to?: Key;
}

/**
 * Which page of history a list key needs before it moves: up from the first row held, down from
 * the last, `g` to the oldest job, `G` back to the newest. The list holds a stretch of the history,
 * and this makes a key land where it would if every job were held. A row outside the stretch (a job
 * not over yet, always held, whose place is before or after it) is the stretch's edge too: moving
 * onto it from inside would skip the finished jobs between.
 */
export function pageMove(action: Action, at: number, items: readonly ListItem[], listPage: number, held: HeldStretch = {}): PageMove | undefined {
	const outside = (i: number) => {
		const item = items[Math.max(0, Math.min(items.length - 1, i))];
		if (item?.type !== 'job' || !inside(items[at], held)) return false;
		return (held.from !== undefined && compareKeys(item.job, held.from) < 0) || (held.to !== undefined && compareKeys(item.job, held.to) >= 0);
	};
	const up = (step: number) => (at - step < 0 || outside(at - step) ? 'older' : undefined);
	const down = (step: number) => (at + step > items.length - 1 || outside(at + step) ? 'newer' : undefined);
	switch (action) {
		case 'top': return 'oldest';
		case 'bottom': return 'newest';
		case 'up': return up(1);
		case 'pageUp': return up(listPage);
		case 'down': return down(1);
		case 'pageDown': return down(listPage);
		default: return undefined;
	}
}

/** Whether a row is in the stretch held (a flow's row counts as inside: its jobs are read with it). */
function inside(item: ListItem | undefined, held: HeldStretch): boolean {
	if (item?.type !== 'job') return true;
	return (held.from === undefined || compareKeys(item.job, held.from) >= 0) && (held.to === undefined || compareKeys(item.job, held.to) < 0);
}
