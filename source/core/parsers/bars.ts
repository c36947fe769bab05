/**
 * Which progress bar a job's progress follows when a script draws several (tqdm, rich).
 *
 * Nested bars, `batches 1/4` around `images 12/40`: the work is counted in the inner one, so
 * that is the bar shown, with the outer one as context (`images (batches 1/4)`). A bar is
 * "outer" when another bar starts while it is unfinished. Among the bars that are not outer,
 * an unfinished one with the largest total wins (the one the items are counted in); when all
 * are finished, the last one drawn. Bars one after another (extract, then resize) are never
 * nested: each is finished before the next starts, so the latest is shown.
 */
import type {BatchState} from './batch.js';

interface Bar {
	st: BatchState;
	seq: number; // when it was last drawn
	startedSeq: number; // when its count last started over
	outer: boolean;
}

// Bars not redrawn for this many bar draws are forgotten (a bar left unfinished, an old loop).
const RECENT = 1000;
const MAX_BARS = 32;

const unfinished = (st: BatchState) => st.total !== undefined && (st.done ?? 0) < st.total;

/** The bars seen so far; `draw` records one and says which bar the job's progress follows. */
export class BarSet {
	private bars = new Map<string, Bar>();
	private seq = 0;

	/** Records a drawn bar (unless `commit` is false: the unfinished line) and returns the bar to show. */
	draw(st: BatchState, commit: boolean): BatchState {
		const key = `${st.current ?? ''}|${st.total ?? ''}`;
		const seq = this.seq + 1;
		const old = this.bars.get(key);
		const startedSeq = !old || (st.done ?? 0) < (old.st.done ?? 0) ? seq : old.startedSeq;
		const bar: Bar = {st, seq, startedSeq, outer: old?.outer ?? false};
		const bars = new Map(this.bars);
		bars.set(key, bar);
		const outerKeys = [...bars].filter(([k, b]) => k !== key && !b.outer && b.startedSeq < startedSeq && unfinished(b.st) && seq - b.seq < RECENT).map(([k]) => k);
		if (commit) {
			this.seq = seq;
			this.bars = bars;
			for (const k of outerKeys) this.bars.get(k)!.outer = true;
			if (this.bars.size > MAX_BARS) this.bars.delete(this.bars.keys().next().value!);
		}
		return pick(bars, seq, new Set(outerKeys));
	}
}

function pick(bars: Map<string, Bar>, seq: number, newlyOuter: Set<string>): BatchState {
	const recent = [...bars].filter(([, b]) => seq - b.seq < RECENT);
	const inner = recent.filter(([k, b]) => !b.outer && !newlyOuter.has(k)).map(([, b]) => b);
	const latest = (list: Bar[]) => list.reduce((a, b) => (b.seq > a.seq ? b : a));
	const open = inner.filter((b) => unfinished(b.st));
	const chosen = open.length > 0 ? open.reduce((a, b) => (b.st.total! > a.st.total! || (b.st.total === a.st.total && b.seq > a.seq) ? b : a)) : latest(inner.length > 0 ? inner : recent.map(([, b]) => b));
	const outer = recent.filter(([k, b]) => b !== chosen && (b.outer || newlyOuter.has(k))).map(([, b]) => b);
	if (outer.length === 0 || chosen.st.total === undefined) return chosen.st;
	const around = latest(outer).st;
	const context = `${around.current ?? 'of'} ${around.done ?? 0}/${around.total ?? '?'}`;
	return {...chosen.st, current: chosen.st.current ? `${chosen.st.current} (${context})` : context};
}
