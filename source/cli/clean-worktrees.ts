import type {Queue} from '../core/queue.js';
import {findLeftovers, removeLeftovers, type Leftovers} from '../core/snapshot-leftovers.js';
import {print} from './context.js';

/** `clean`'s second half: snapshot checkouts and refs no unfinished job needs, one line for all of them. */
export function cleanWorktrees(q: Queue, dry: boolean, alone: boolean): void {
	const found = findLeftovers(q);
	for (const dir of found.locked) print(`left locked worktree ${dir} (git worktree unlock to let clean remove it)`);
	const what = describe(found);
	if (!what) {
		if (alone) print('no snapshot checkouts to clean');
		return;
	}
	if (!dry) removeLeftovers(found);
	print(`${dry ? 'would remove' : 'removed'} ${what} no unfinished job needs`);
}

function describe(found: Leftovers): string {
	const count = (kind: string) => found.dirs.filter(d => d.kind === kind && !d.dir.endsWith('.ready')).length;
	const parts = [
		[count('spare'), 'spare checkout'], [count('prepared'), 'prepared checkout'], [count('worktree'), 'snapshot worktree'], [found.refs.length, 'snapshot ref'],
	] as const;
	return parts.filter(([n]) => n > 0).map(([n, noun]) => `${n} ${noun}${n === 1 ? '' : 's'}`).join(', ');
}
