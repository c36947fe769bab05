import {loadConfig} from '../../core/config.js';
import {parseDuration} from '../../core/duration.js';
import {UsageError} from '../../core/errors.js';
import {cleanHistory, selectForClean, type CleanFilter} from '../../core/history.js';
import {cleanWorktrees} from '../clean-worktrees.js';
import {existingQueueFrom, intFlag, pathsFrom, print} from '../context.js';
import type {Parsed} from '../flags.js';

/**
 * `queue-tui clean`: removes finished jobs (rows, logs and reports together), never one that has
 * not ended; then the snapshot checkouts and refs no unfinished job needs (alone with --worktrees).
 */
export async function run(p: Parsed): Promise<number> {
	if (p.positionals.length > 0) throw new UsageError(`queue-tui clean takes no job ids (got '${p.positionals[0]}'); use --older-than, --label or --keep`);
	const onlyWorktrees = p.flags.worktrees === true;
	if (onlyWorktrees && ['older-than', 'keep', 'label'].some(f => p.flags[f] !== undefined)) {
		throw new UsageError('--worktrees cleans only snapshot checkouts; run clean without it to remove jobs');
	}
	const filter: CleanFilter = {label: p.flags.label as string | undefined, keep: intFlag(p, 'keep', 0, 100_000_000)};
	const older = p.flags['older-than'] as string | undefined;
	if (older !== undefined) {
		filter.olderThanMs = parseDuration(older);
		if (filter.olderThanMs === undefined) throw new UsageError(`--older-than takes a duration such as 30d, 12h or 90m, not '${older}'`);
	}
	if (!onlyWorktrees && filter.olderThanMs === undefined && filter.keep === undefined && filter.label === undefined) {
		const keep = loadConfig(pathsFrom(p).root).historyKeep;
		if (keep === undefined) throw new UsageError('say what to clean: --older-than DUR, --keep N or --label L (or set history.keep in .queue-tui.json)');
		filter.keep = keep;
	}
	// A project without a queue has nothing to clean, and cleaning never creates one.
	const q = existingQueueFrom(p);
	if (!q) {
		print('nothing to clean');
		return 0;
	}
	try {
		const dry = p.flags['dry-run'] === true;
		if (!onlyWorktrees && dry) {
			const ids = selectForClean(q, filter);
			print(ids.length === 0 ? 'nothing to clean' : `would remove ${ids.length} finished job${ids.length === 1 ? '' : 's'}: ${summarize(ids)}`);
		} else if (!onlyWorktrees) {
			const n = cleanHistory(q, filter);
			print(n === 0 ? 'nothing to clean' : `removed ${n} finished job${n === 1 ? '' : 's'} with their logs and reports`);
		}
		// After the jobs: a kept worktree whose job was just removed goes too.
		cleanWorktrees(q, dry, onlyWorktrees);
		return 0;
	} finally {
		q.store.close();
	}
}

/** `#1-#40, #52`: ids as ranges, so a clean of thousands stays one line. */
function summarize(ids: number[]): string {
	const parts: string[] = [];
	for (let i = 0; i < ids.length; ) {
		let j = i;
		while (j + 1 < ids.length && ids[j + 1] === ids[j] + 1) j++;
		parts.push(j > i ? `#${ids[i]}-#${ids[j]}` : `#${ids[i]}`);
		i = j + 1;
	}
	return parts.length > 12 ? `${parts.slice(0, 12).join(', ')}, …` : parts.join(', ');
}
