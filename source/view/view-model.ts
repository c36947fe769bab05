/**
 * Pure selector: queue data + UI state + terminal size → the QueueView the components draw.
 * Every row is cut to the width and the line count is fixed by the height, so the screen never
 * wraps or scrolls (which is what makes ink 6 clear and redraw everything, i.e. flicker).
 */
import {cleanLogLine, clipLogLine, safe} from './format.js';
import {clip, clipStart, textWidth} from '../core/text-width.js';
import {detailLines, rule} from './detail.js';
import {displayName, stateColor, stateWord, titleName} from './job-style.js';
import {flowRow} from './flow-row.js';
import {listItems, selectedIndex, type ListItem} from './list-items.js';
import {jobRow, rowColumns, type RowColumns, type RowContext} from './rows.js';
import type {Job} from '../core/types.js';
import type {Cell, JobDetailData, Line, QueueData, QueueView, RowView, Size} from './types.js';
import {selectedJob, type UiState} from './ui-state.js';

/** Everything a view is made from: plain data, so the view is a pure function of it. */
export interface ViewInput {
	/** undefined until the first read. */
	data?: QueueData;
	detail?: JobDetailData;
	/** Raw lines for the full-screen log. */
	logLines?: readonly string[];
	ui: UiState;
	size: Size;
	now: number;
	isColor: boolean;
}

/** A message stays this long, then the line clears (it is also cleared by the next key). */
export const MESSAGE_MS = 6000;

/** Whether the screen changes with time alone (elapsed clocks, retry countdowns, a fading message): then redraw once a second. */
export function isTicking(jobs: readonly Job[], ui: UiState, now: number): boolean {
	if (ui.message && now - ui.message.at < MESSAGE_MS + 1000) return true;
	return jobs.some(j => j.state === 'running' || (j.state === 'queued' && (j.notBefore ?? 0) > now));
}

/** Heights for a size: header, bottom line and help bar take one row each; the root box is rows - 1 high. */
export function layoutFor(size: Size, jobCount: number): {body: number; listHeight: number; logPage: number} {
	const body = Math.max(1, size.rows - 1 - 3);
	const wanted = Math.max(3, Math.floor(body * 0.4));
	const listHeight = Math.max(1, Math.min(Math.max(1, jobCount), wanted, body > 1 ? body - 1 : 1));
	return {body, listHeight, logPage: Math.max(1, body - 1)};
}

/** The whole screen as data: header, list window, detail or log, bottom line; coloured or not. */
export function buildView(input: ViewInput): QueueView {
	const {data, ui, size, now} = input;
	const width = Math.max(10, size.columns);
	const jobs = data?.jobs ?? [];
	const items = listItems(jobs, data?.flows, ui.expanded);
	const {body, listHeight} = layoutFor(size, items.length);
	const selected = selectedJob(ui, jobs);
	const index = Math.max(0, selectedIndex({selectedId: selected?.id, flowId: ui.flowId}, items));
	const start = Math.max(0, Math.min(index - Math.floor(listHeight / 2), items.length - listHeight));
	const columns = rowColumns(width, jobs);
	const rows = items.slice(start, start + listHeight).map((item, i) => itemRow(item, columns, width, {now, paused: data?.paused ?? false,
		isSelected: start + i === index && selected !== undefined, stalledAfterMs: data?.stalledAfterMs ?? 0, isLabelShown: data?.label !== undefined}, data));
	const item = selected ? items[index] : undefined;
	const view: QueueView = {
		size, mode: ui.mode, isColor: input.isColor,
		header: header(data, width),
		rows, listHeight,
		emptyText: data && jobs.length === 0 ? emptyText(data, width - 1) : data ? undefined : 'reading the queue…',
		detail: ui.mode === 'log' || ui.mode === 'help' ? [] : detailLines(selected, input.detail, width - 1, body - listHeight, now, data?.stalledAfterMs ?? 0),
		log: ui.mode === 'log' ? logView(input, width - 1, body) : undefined,
		bottom: bottomLine(input, width - 1),
		bodyHeight: body,
		hintFacts: {jobState: selected?.state, paused: data?.paused ?? false, following: ui.isFollowing,
			...(item?.type === 'flow' ? {flowState: item.view.outcome.state, isInFlow: true} : item?.type === 'job' && item.tree ? {isInFlow: true} : {})},
	};
	return input.isColor ? view : dropColors(view);
}

/** One list item as a row: a flow's row, or a job's (indented under its flow when it is a step shown there). */
function itemRow(item: ListItem, columns: RowColumns, width: number, ctx: RowContext, data: QueueData | undefined): RowView {
	if (item.type === 'flow') return flowRow(item.view, columns, {...ctx, width, isExpanded: item.isExpanded});
	// Under its flow's row a step's label is the flow's, already shown there.
	return jobRow(item.job, columns, {...ctx, deps: data?.waitsFor?.[item.job.id], tree: item.tree, isLabelShown: ctx.isLabelShown || item.tree !== undefined});
}

const emptyText = (data: QueueData, width: number) =>
	data.label === undefined ? 'no jobs yet' : clip(`no ${safe(data.label)} jobs (L: next label)`, width);

/** What the header counts, in order: its icon (narrow panes) and its word. */
export const COUNTS: ReadonlyArray<{icon: string; word: string; color: Cell['color']}> = [
	{icon: '○', word: 'queued', color: 'gray'},
	{icon: '✓', word: 'ok', color: 'green'},
	{icon: '✗', word: 'failed', color: 'red'},
	{icon: '⊘', word: 'cancelled', color: 'yellow'},
];

/**
 * `queue running · slots 1/1 · 2 queued 1 failed`, or `2○ 3✓ 1✗` when the words do not fit (wider: the project and words instead of symbols).
 * With a label filter the counts are that label's, the label replaces `queue` in a narrow pane,
 * and the slots (a fact about the whole queue) are left out: `label QUAL-044 · running · 1○ 1✓`.
 */
function header(data: QueueData | undefined, width: number): Line {
	if (!data) return [{text: 'queue-tui', isBold: true}];
	const c = (s: string) => data.counts[s] ?? 0;
	const running = c('running');
	const waiting = c('queued') + c('interrupted');
	const state: Cell = data.paused
		? {text: 'PAUSED', color: 'yellow', isBold: true}
		: waiting > 0 && !data.runnerAlive && running === 0
			? {text: 'no runner', color: 'red', isBold: true}
			: running > 0 ? {text: 'running', color: 'cyan'} : {text: waiting > 0 ? 'starting' : 'idle', isDim: true};
	const isWide = width >= 80;
	const numbers = [waiting, c('succeeded'), c('failed') + c('timed_out'), c('cancelled')];
	const isFiltered = data.label !== undefined;
	const line: Line = [];
	if (isWide) line.push({text: 'queue-tui ', isBold: true}, {text: `${clipStart(data.root, Math.max(10, width - 70))} · `, isDim: true});
	else if (!isFiltered) line.push({text: 'queue ', isBold: true});
	const at = line.length;
	line.push(state);
	if (!isFiltered) line.push({text: ` · slots ${running}/${data.slots}`});
	// Words (`2 queued 1 failed`) whenever they fit; icons only when they do not (the ? screen has their legend).
	const asCells = (words: boolean): Line =>
		COUNTS.flatMap(({icon, word, color}, i) => (numbers[i] === 0 ? [] : [{text: isWide ? ' · ' : ' '}, {text: words ? `${numbers[i]} ${word}` : `${numbers[i]}${icon}`, color}]));
	const labelRoom = isFiltered ? textWidth('label  · ') + 8 : 0;
	const before = line.reduce((w, cell) => w + textWidth(cell.text), 0) + labelRoom;
	const counts = isWide || before + 2 + asCells(true).reduce((w, cell) => w + textWidth(cell.text), 0) <= width - 2 ? asCells(true) : asCells(false);
	if (counts.length > 0) counts[0] = {text: ' · '};
	line.push(...counts);
	if (isFiltered) {
		// A long label gives way to the counts: they are what the filter is for.
		const rest = line.reduce((w, c) => w + textWidth(c.text), 0);
		const room = Math.max(8, width - 1 - rest - textWidth('label  · '));
		line.splice(at, 0, {text: 'label ', isBold: true}, {text: clip(safe(data.label!), room), color: 'magenta', isBold: true}, {text: ' · '});
	}
	return clipLine(line, width - 1);
}

/** Cuts a line of cells to `width` columns (the cells' texts are already sanitized). */
export function clipLine(line: Line, width: number): Line {
	const out: Line = [];
	let room = width;
	for (const cell of line) {
		if (room <= 0) break;
		const t = textWidth(cell.text) <= room ? cell.text : clip(cell.text, room);
		out.push({...cell, text: t});
		room -= textWidth(t);
	}
	return out;
}

function logView(input: ViewInput, width: number, body: number): {title: Line; lines: Line[]} {
	const job = selectedJob(input.ui, input.data?.jobs ?? []);
	const raw = input.logLines ?? [];
	const page = Math.max(1, body - 1);
	const end = Math.max(0, raw.length - Math.min(input.ui.logScroll, Math.max(0, raw.length - page)));
	const first = Math.max(0, end - page);
	const where = raw.length === 0 ? 'empty' : `${first + 1}-${end}/${raw.length}`;
	const how = input.ui.isFollowing ? 'following' : 'f: follow';
	// Where and whether it follows say the most; the state (the rule's colour says it too) gives way first.
	const withState = `${job ? ` · ${stateWord(job.state)}` : ''} · ${where} · ${how}`;
	const rest = job && textWidth(`#${job.id} ${displayName(job)}${withState}`) > width - 4 ? ` · ${where} · ${how}` : withState;
	// The rule's own `─ ` and ` ─` take 4 columns.
	const name = job ? `#${job.id} ${titleName(job, width - 5 - textWidth(`#${job.id}${rest}`))}` : 'log';
	return {
		title: rule(`${name}${rest}`, width, job ? stateColor(job.state) : undefined),
		lines: raw.slice(first, end).map(l => [{text: clipLogLine(cleanLogLine(l), width)}]),
	};
}

function bottomLine(input: ViewInput, width: number): Line {
	const {ui, now} = input;
	const job = selectedJob(ui, input.data?.jobs ?? []);
	if (ui.mode === 'confirm' && ui.confirm) {
		const verb = ui.confirm.action === 'cancel' ? 'Cancel' : 'Delete';
		const flow = ui.confirm.isFlow ? input.data?.flows?.find(v => v.flow.id === ui.confirm!.id) : undefined;
		if (ui.confirm.isFlow) {
			const title = flow ? [flow.flow.name, flow.flow.label].filter(Boolean).map(t => safe(t)).join(' ') : '';
			return [{text: clip(`${verb} flow f${ui.confirm.id} ${title}`.trim(), width - textWidth(' (all its jobs)? y/n')) + ' (all its jobs)? y/n', color: 'yellow', isBold: true}];
		}
		// `? y/n` always shows: the name gives way first (label, then its end), then the state.
		let what = `#${ui.confirm.id}`;
		if (job && job.id === ui.confirm.id) {
			const state = ` (${stateWord(job.state)})`;
			const room = width - textWidth(`${verb} ${what} ? y/n`);
			const name = titleName(job, room - textWidth(state));
			what += textWidth(name + state) <= room ? ` ${name}${state}` : ` ${clip(displayName(job), room)}`;
		}
		return [{text: clip(`${verb} ${what}? y/n`, width), color: 'yellow', isBold: true}];
	}
	if (ui.mode === 'prompt') {
		// Under a label filter the new job gets that label: the prompt says so (`add [QUAL-044]> `).
		const label = ui.label === undefined ? 'add> ' : `add [${clip(safe(ui.label), Math.max(4, Math.floor(width / 3)))}]> `;
		const room = Math.max(1, width - textWidth(label) - 1);
		return [{text: label, color: 'cyan', isBold: true}, {text: clipStart(ui.prompt, room)}, {text: '█', color: 'cyan'}];
	}
	if (ui.message && now - ui.message.at < MESSAGE_MS) {
		const m = ui.message;
		return [{text: clip(m.isError ? `! ${m.text}` : m.text, width), color: m.isError ? 'red' : 'green'}];
	}
	// A notifier that failed stays in sight (the status line says it too) until one gets through.
	if (input.data?.notifyWarning) return [{text: clip(`! notify ${safe(input.data.notifyWarning)}`, width), color: 'yellow'}];
	return [{text: ''}];
}

function dropColors(view: QueueView): QueueView {
	const plain = (line: Line): Line => line.map(({color: _c, ...rest}) => rest);
	return {
		...view,
		header: plain(view.header),
		rows: view.rows.map(r => ({...r, icon: plain([r.icon])[0], cells: plain(r.cells)})),
		detail: view.detail.map(plain),
		log: view.log && {title: plain(view.log.title), lines: view.log.lines.map(plain)},
		bottom: plain(view.bottom),
	};
}
