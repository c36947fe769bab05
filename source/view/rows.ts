/**
 * The job list's row layout: which columns fit at a given width, and one job as a row of cells.
 *
 *   40 cols:  > ⠋ #12 pytest     █████▌░░░ 45%  3m12s
 *   120 cols: > ⠋ #12 running   pytest           python3 -m pytest tests/ -x   ████▌░░░ 45% 120/267  3m12s    48s 1/3
 */
import {attemptText, elapsedText, tryCounter} from '../core/job-view.js';
import {whereText} from '../core/job-where.js';
import {commandLine, type Job} from '../core/types.js';
import {bar, etaText, percentText, safe} from './format.js';
import type {Dep} from '../core/deps.js';
import {clip, fit, textWidth} from '../core/text-width.js';
import {displayName, outcomeText, percentOf, stalledFor, stateColor, stateIcon, stateWord} from './job-style.js';
import type {Cell, RowView} from './types.js';

/** Column widths for one terminal width (0 = column not shown). */
export interface RowColumns {
	id: number;
	state: number;
	name: number;
	command: number;
	bar: number;
	percent: number;
	done: number;
	time: number;
	eta: number;
	tries: number;
}

/** Marker, icon and a space before the cells, plus one spare column at the right edge. */
export const ROW_PREFIX = 3;

/** Decides the columns: narrow panes keep id, name, bar and time; wider ones add state, counts, command, ETA, tries. */
export function rowColumns(columns: number, jobs: readonly Job[]): RowColumns {
	const id = Math.max(2, ...jobs.map(j => `#${j.id}`.length));
	const avail = columns - ROW_PREFIX - 1;
	const isWide = columns >= 100;
	const isMedium = columns >= 60;
	const c: RowColumns = {
		id, state: columns >= 80 ? 9 : 0, name: columns >= 120 ? 18 : isWide ? 16 : isMedium ? 14 : 10, command: 0, bar: 0, percent: 4,
		done: isMedium ? 9 : 0, time: 6, eta: isWide ? 6 : 0, tries: isMedium ? 3 : 0,
	};
	const shown = Object.values(c).filter(w => w > 0);
	const used = shown.reduce((a, b) => a + b, 0) + shown.length; // each column plus the gap before the flexible one
	const free = avail - used;
	if (isWide) {
		c.bar = Math.min(24, Math.max(10, Math.floor(free / 3)));
		c.command = Math.max(0, free - c.bar - 1);
	} else if (free >= 4) {
		// A name with its label may take from the bar, down to 4 cells.
		const extra = Math.max(0, Math.min(free - 4, Math.max(0, ...jobs.map(nameWidth)) - c.name));
		c.name += extra;
		c.bar = Math.min(24, free - extra);
		c.name += free - extra - c.bar; // what the bar cannot use goes to the name
	} else {
		c.name = Math.max(3, c.name + free); // too narrow for a bar: the name gives way (the outcome text still shows)
	}
	return c;
}

/** Columns a job's name and label want side by side (bounded: a long label is cut anyway). */
const nameWidth = (job: Job) => Math.min(28, textWidth(displayName(job)) + (job.label ? 1 + textWidth(safe(job.label)) : 0));

/** The width of the progress area: the bar, the percent and done/total, or the outcome text instead. */
const progressWidth = (c: RowColumns) => [c.bar, c.percent, c.done].filter(w => w > 0).reduce((a, b) => a + b + 1, -1);

/** One job as a list row. */
export interface RowContext {
	now: number;
	paused: boolean;
	isSelected: boolean;
	stalledAfterMs: number;
	/** The job's dependencies (for `waits #3`). */
	deps?: readonly Dep[];
	/** The list is filtered by a label (the header shows it): rows leave it out. */
	isLabelShown?: boolean;
	/** A step shown under its flow's row: `├` or `└` before its name. */
	tree?: string;
}

export function jobRow(job: Job, c: RowColumns, ctx: RowContext): RowView {
	const color = stateColor(job.state);
	const cells: Cell[] = [];
	const add = (text: string, style: Omit<Cell, 'text'> = {}) => {
		if (cells.length > 0) cells.push({text: ' '});
		cells.push({text, ...style});
	};
	add(fit(`#${job.id}`, c.id), {isBold: ctx.isSelected});
	if (c.state) add(fit(stateWord(job.state), c.state), {color});
	addName(job, c.name, ctx, add, cells);
	// Where it runs (its GPUs, snapshot, Slurm id) leads the command column.
	if (c.command) add(fit(safe([whereText(job), commandLine(job)].filter(Boolean).join(' ')), c.command), {isDim: true});
	const clock = elapsedText(job, ctx.now);
	// No clock yet (a queued job): what it waits for may use the clock's columns too.
	addProgress(job, c, ctx, add, clock === '' ? c.time + 1 : 0);
	// A job silent past the stall limit: its clock turns yellow (the detail says for how long).
	if (clock !== '') add(fit(clock, c.time, true), stalledFor(job, ctx.now, ctx.stalledAfterMs) === undefined ? {} : {color: 'yellow'});
	if (c.eta) add(fit(job.state === 'running' ? etaText(job.progress?.etaSeconds) : '', c.eta, true), {isDim: true});
	if (c.tries) add(fit(attemptText(job), c.tries, true), tryCounter(job).n > 1 ? {color: 'yellow'} : {isDim: true});
	if (ctx.isSelected) for (const cell of cells) cell.isInverse = true;
	return {id: job.id, isSelected: ctx.isSelected, isRunning: job.state === 'running', icon: {text: stateIcon(job.state), color}, cells};
}

type Add = (text: string, style?: Omit<Cell, 'text'>) => void;

/** The name, and its label beside it, dimmer (`pytest unit QUAL-044`); when both cannot fit, the name keeps at least half. */
function addName(job: Job, width: number, ctx: RowContext, add: Add, cells: Cell[]): void {
	const name = ctx.tree ? `${ctx.tree} ${job.flowStep ?? displayName(job)}` : displayName(job);
	const label = job.label && !ctx.isLabelShown && width >= 8 ? safe(job.label) : '';
	if (!label) {
		add(fit(name, width), {isBold: ctx.isSelected});
		return;
	}
	const shown = clip(name, Math.max(Math.ceil(width / 2), width - 1 - textWidth(label)));
	add(shown, {isBold: ctx.isSelected});
	cells.push({text: ' ' + fit(label, width - textWidth(shown) - 1), isDim: true});
}

function addProgress(job: Job, c: RowColumns, ctx: RowContext, add: Add, spare: number): void {
	const percent = percentOf(job.progress);
	const isBar = job.state === 'running' && percent !== undefined && c.bar > 0;
	if (!isBar) {
		add(fit(outcomeText(job, ctx.now, ctx.paused, ctx.deps), progressWidth(c) + spare), {color: stateColor(job.state)});
		return;
	}
	add(bar(percent, c.bar), {color: job.cancelRequested ? 'yellow' : 'cyan'});
	add(fit(percentText(percent), c.percent, true));
	const p = job.progress!;
	if (c.done) add(fit(p.done !== undefined && p.total ? `${p.done}/${p.total}` : '', c.done), {isDim: true});
}
