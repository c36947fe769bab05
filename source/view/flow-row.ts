/**
 * A flow as one list row: `▸ f12 quality QUAL-044 step 2/3 extract 45%  3m12s`. Where it stands
 * (step 2/3, the percent, FAILED check dashboard) keeps its room first; the name and label give
 * way, then the step's name, so the row still says the most at 40 columns.
 */
import {formatDuration} from '../core/duration.js';
import type {FlowState} from '../core/flows/flow-state.js';
import type {FlowView} from '../core/flows/queue-flow.js';
import {clip, fit, textWidth} from '../core/text-width.js';
import {percentText, safe} from './format.js';
import {percentOf} from './job-style.js';
import type {RowColumns, RowContext} from './rows.js';
import {ROW_PREFIX} from './rows.js';
import type {Cell, Color, RowView} from './types.js';

const FLOW_STYLE: Record<FlowState, {icon: string; color: Color}> = {
	queued: {icon: '○', color: 'gray'},
	running: {icon: '●', color: 'cyan'},
	succeeded: {icon: '✓', color: 'green'},
	failed: {icon: '✗', color: 'red'},
	cancelled: {icon: '⊘', color: 'yellow'},
};

/** Where a flow stands, in a few words: `step 2/3 extract 45%`, `FAILED check dashboard`, `ok 3 steps, 2 checks`. */
export function flowWhere(v: FlowView): {position: string; name: string; tail: string} {
	const o = v.outcome;
	if (o.ended) {
		if (o.state === 'succeeded') return {position: 'ok', name: '', tail: `${o.steps} step${o.steps === 1 ? '' : 's'}${o.checks ? `, ${o.checks} check${o.checks === 1 ? '' : 's'}` : ''}`};
		if (o.state === 'cancelled') return {position: 'cancelled', name: '', tail: ''};
		const failed = o.failedStep ?? o.failedChecks[0];
		return {position: `FAILED ${failed?.entry.role ?? ''}`.trim(), name: safe(failed?.entry.name), tail: ''};
	}
	const c = o.current;
	if (!c) return {position: o.state, name: '', tail: ''};
	const percent = c.job?.state === 'running' ? percentOf(c.job.progress) : undefined;
	const tail = v.flow.cancelRequested ? 'cancelling…' : percent !== undefined ? percentText(percent) : c.job?.state === 'running' ? '' : 'waiting';
	return {position: `${c.entry.role} ${c.index}/${c.of}`, name: safe(c.entry.name), tail};
}

/** The flow's row; `key` keeps React from mixing it up with job #N of the same number. */
export function flowRow(v: FlowView, c: RowColumns, ctx: RowContext & {width: number; isExpanded: boolean}): RowView {
	const {flow, outcome} = v;
	const style = FLOW_STYLE[outcome.state];
	const where = flowWhere(v);
	const id = `${ctx.isExpanded ? '▾' : '▸'} f${flow.id}`;
	const end = outcome.ended ? flow.finishedAt ?? outcome.endedAt ?? ctx.now : ctx.now;
	const clock = formatDuration(Math.max(0, end - flow.createdAt));
	const title = [safe(flow.name), ctx.isLabelShown ? '' : safe(flow.label)].filter(Boolean).join(' ');
	const room = ctx.width - ROW_PREFIX - 1 - textWidth(id) - 1 - c.time - 1;
	// The title keeps at least its workflow's name (or 8 columns), the step's name goes next, then the label.
	const titleMin = Math.min(textWidth(title), Math.max(8, textWidth(safe(flow.name))));
	const full = [where.position, where.name, where.tail].filter(Boolean).join(' ');
	const short = [where.position, where.tail].filter(Boolean).join(' ');
	const mid = clip(textWidth(full) <= room - titleMin - 1 ? full : short, Math.max(0, room - titleMin - 1));
	const shownTitle = clip(title, Math.max(0, room - textWidth(mid) - 1));
	const midRoom = Math.max(0, room - textWidth(shownTitle) - 1);
	const cells: Cell[] = [
		{text: id, isBold: ctx.isSelected},
		{text: ' '},
		{text: shownTitle, isBold: true},
		{text: ' '},
		{text: fit(mid, midRoom), color: outcome.state === 'failed' ? 'red' : outcome.state === 'running' ? 'cyan' : undefined},
		{text: ' '},
		{text: fit(clock, c.time, true)},
	];
	if (ctx.isSelected) for (const cell of cells) cell.isInverse = true;
	return {id: flow.id, key: `f${flow.id}`, isSelected: ctx.isSelected, isRunning: outcome.state === 'running', icon: {text: style.icon, color: style.color}, cells};
}
