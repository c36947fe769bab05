import type {JobState} from './types.js';

/** `--after` (the dependency succeeded), `--after-any` (it ended), `--if-failed` (it failed or timed out). */
export type DepCond = 'success' | 'any' | 'failure';

export interface Dep {
	depId: number;
	cond: DepCond;
	/** The dependency's state now (undefined: it was deleted). */
	state?: JobState;
}

export type DepVerdict = {type: 'run'} | {type: 'wait'} | {type: 'skip'; reason: string};

const FINAL: JobState[] = ['succeeded', 'failed', 'cancelled', 'timed_out', 'skipped'];
const FAILED: JobState[] = ['failed', 'timed_out'];

/** Pure: may a job start, must it wait, or is it skipped (and why)? All dependencies must allow it. */
export function depVerdict(deps: Dep[]): DepVerdict {
	let waiting = false;
	for (const d of deps) {
		const state = d.state ?? 'cancelled';
		if (!FINAL.includes(state)) {
			waiting = true;
			continue;
		}
		const what = d.state === undefined ? `#${d.depId} was deleted` : `#${d.depId} ${state.replace('_', ' ')}`;
		if (d.cond === 'success' && state !== 'succeeded') return {type: 'skip', reason: `skipped: ${what}`};
		if (d.cond === 'failure' && !FAILED.includes(state)) return {type: 'skip', reason: `skipped: ${what} (runs only if it failed)`};
	}
	return waiting ? {type: 'wait'} : {type: 'run'};
}

/**
 * Pure: whether adding edges `from → to[]` to the graph closes a cycle. Dependencies can only name
 * jobs that exist when a job is added, so a cycle cannot form through `add`; this guards the rule.
 */
export function closesCycle(graph: Map<number, number[]>, from: number, to: number[]): boolean {
	const seen = new Set<number>();
	const stack = [...to];
	while (stack.length > 0) {
		const id = stack.pop()!;
		if (id === from) return true;
		if (seen.has(id)) continue;
		seen.add(id);
		stack.push(...(graph.get(id) ?? []));
	}
	return false;
}

/** Parses `3`, `#3`, `3,4` into ids; undefined when a word is not an id. */
export function parseIds(words: string[]): number[] | undefined {
	const ids = words.flatMap(w => w.split(',')).map(w => w.trim().replace(/^#/, '')).filter(Boolean).map(Number);
	return ids.every(n => Number.isInteger(n) && n > 0) ? ids : undefined;
}
