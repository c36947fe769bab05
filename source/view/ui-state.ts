/**
 * The TUI's own state (what is selected, which screen, the dialog, the prompt) and the pure
 * reducer that moves it on a key action. Anything that must touch the queue comes out as an
 * `Effect` for the controller to run, so this file stays free of I/O and is tested as data.
 */
import {isFinal, type Job} from '../core/types.js';
import {sanitize} from '../core/text.js';
import {nextLabel} from './labels.js';
import {flowJob, selectedIndex, selectionOf, type ListItem} from './list-items.js';

/** Which screen (or overlay) has the keyboard. */
export type Mode = 'list' | 'log' | 'help' | 'confirm' | 'prompt';

/** Everything a key can ask for; `keymap.ts` maps keys to these per mode. */
export type Action =
	| 'down' | 'up' | 'top' | 'bottom' | 'pageDown' | 'pageUp'
	| 'retry' | 'cancel' | 'pause' | 'log' | 'delete' | 'add' | 'label' | 'help' | 'quit'
	| 'back' | 'follow' | 'yes' | 'no' | 'submit' | 'erase' | 'type' | 'expand';

/** A one-line note under the screen: the outcome of the last action. */
export interface Message {
	text: string;
	isError: boolean;
	/** Epoch ms it was set; it fades after a few seconds. */
	at: number;
}

/** What only this TUI knows: not shared with other TUIs, not saved. */
export interface UiState {
	mode: Mode;
	selectedId?: number;
	/** A flow's own row is selected (then `selectedId` is its current job, for the detail and the log). */
	flowId?: number;
	/** Flows whose steps and checks are shown under their row. */
	expanded?: readonly number[];
	/** The question a y/n dialog asks, and about which job (or flow). */
	confirm?: {action: 'cancel' | 'delete'; id: number; isFlow?: boolean};
	/** The add prompt's text so far. */
	prompt: string;
	/** Show only jobs with this label (and count only them); undefined: every job. */
	label?: string;
	/** Log view: lines scrolled up from the bottom. */
	logScroll: number;
	/** Log view: keep reloading and stay at the bottom. */
	isFollowing: boolean;
	message?: Message;
}

/** Work for the controller: the reducer decides, the controller does. */
export type Effect =
	| {type: 'retry' | 'cancel' | 'delete'; id: number; isFlow?: boolean}
	| {type: 'pause'; paused: boolean}
	/** A command typed while a label filter is on gets that label, so it shows in the filtered list. */
	| {type: 'add'; command: string; label?: string};

/** What the reducer needs to know about the world. */
export interface ReduceContext {
	/** The jobs shown (already narrowed to `UiState.label`). */
	jobs: readonly Job[];
	/** The list's rows (flows folded); the jobs one by one when not given. */
	items?: readonly ListItem[];
	/** Every label in the queue, sorted, whatever the filter. */
	labels: readonly string[];
	paused: boolean;
	/** Rows in one page of the job list / the log view. */
	listPage: number;
	logPage: number;
	/** Lines the log view holds. */
	logLines: number;
	now: number;
}

/** The list, nothing selected yet (the first read picks the running job); `label` starts with a filter. */
export const initialUi = (label?: string): UiState => ({mode: 'list', prompt: '', logScroll: 0, isFollowing: false, label});

/** The selected job: the one chosen, else the first running one, else the newest. */
export function selectedJob(ui: UiState, jobs: readonly Job[]): Job | undefined {
	return jobs.find(j => j.id === ui.selectedId) ?? jobs.find(j => j.state === 'running') ?? jobs.at(-1);
}

/**
 * After a read (or a new label filter): keep the selection on its job while that job is shown,
 * else move it to the default (running, else newest), pinned so it stays when that job ends.
 */
export function pinSelection(ui: UiState, jobs: readonly Job[], items?: readonly ListItem[]): UiState {
	if (ui.flowId === undefined && !jobs.some(j => j.id === ui.selectedId)) {
		const selectedId = selectedJob(ui, jobs)?.id;
		if (selectedId !== ui.selectedId) ui = {...ui, selectedId};
	}
	// A job folded away under its flow's row: that row is what is selected.
	const hidden = ui.flowId === undefined && items && !items.some(it => it.type === 'job' && it.job.id === ui.selectedId)
		? items.find(it => it.type === 'flow' && it.view.jobs.has(ui.selectedId ?? -1)) : undefined;
	if (hidden?.type === 'flow') ui = {...ui, flowId: hidden.view.flow.id};
	if (ui.flowId === undefined) return ui;
	// A flow's row follows the flow: its current job moves on step by step.
	const row = items?.find(it => it.type === 'flow' && it.view.flow.id === ui.flowId);
	if (row?.type !== 'flow') return pinSelection({...ui, flowId: undefined}, jobs, items);
	const selectedId = flowJob(row.view)?.id ?? ui.selectedId;
	return selectedId === ui.selectedId ? ui : {...ui, selectedId};
}

const clamp = (n: number, lo: number, hi: number) => Math.max(lo, Math.min(hi, n));

/** Applies one action; any key also clears the last message (it has been seen). */
export function reduce(ui: UiState, action: Action, ctx: ReduceContext, text = ''): {ui: UiState; effect?: Effect} {
	const next = {...ui, message: action === 'type' || action === 'erase' ? ui.message : undefined};
	const job = selectedJob(ui, ctx.jobs);
	switch (ui.mode) {
		case 'confirm':
			if (action === 'yes' && ui.confirm) return {ui: afterConfirm(next, ctx), effect: {type: ui.confirm.action, id: ui.confirm.id, ...(ui.confirm.isFlow ? {isFlow: true} : {})}};
			return {ui: {...next, mode: 'list', confirm: undefined}};
		case 'prompt':
			return promptKey(next, action, text);
		case 'help':
			return {ui: {...next, mode: 'list'}};
		case 'log':
			return logKey(next, action, ctx);
		default:
			return listKey(next, action, ctx, job);
	}
}

function listKey(ui: UiState, action: Action, ctx: ReduceContext, job: Job | undefined): {ui: UiState; effect?: Effect} {
	const items = ctx.items ?? ctx.jobs.map(j => ({type: 'job' as const, job: j}));
	const index = job || ui.flowId !== undefined ? selectedIndex({selectedId: job?.id, flowId: ui.flowId}, items) : -1;
	const item = items[index];
	const move = (to: number) => ({ui: items.length ? {...ui, ...selectionOf(items[clamp(to, 0, items.length - 1)])} : ui});
	const none = {ui: {...ui, message: {text: 'no job selected', isError: true, at: ctx.now}}};
	if (item?.type === 'flow') {
		const flow = flowKey(ui, action, item, ctx.now);
		if (flow) return flow;
	}
	switch (action) {
		case 'down': return move(index + 1);
		case 'up': return move(index - 1);
		case 'pageDown': return move(index + ctx.listPage);
		case 'pageUp': return move(index - ctx.listPage);
		case 'top': return move(0);
		case 'bottom': return move(ctx.jobs.length - 1);
		case 'pause': return {ui, effect: {type: 'pause', paused: !ctx.paused}};
		case 'add': return {ui: {...ui, mode: 'prompt', prompt: ''}};
		case 'label':
			if (ui.label === undefined && ctx.labels.length === 0) return note(ui, 'no job has a label (add --label NAME)', ctx.now);
			return {ui: {...ui, label: nextLabel(ctx.labels, ui.label)}};
		case 'help': return {ui: {...ui, mode: 'help'}};
		case 'expand': {
			// On a step under its flow: fold the flow back, its row selected.
			const row = items.find(it => it.type === 'flow' && it.view.jobs.has(job?.id ?? -1));
			if (row?.type !== 'flow') return note(ui, 'not a flow: nothing to expand', ctx.now);
			return {ui: {...ui, ...selectionOf(row), expanded: (ui.expanded ?? []).filter(id => id !== row.view.flow.id)}};
		}
		case 'retry': return job ? {ui: {...ui, selectedId: job.id}, effect: {type: 'retry', id: job.id}} : none;
		case 'log': return job ? {ui: {...ui, selectedId: job.id, mode: 'log', logScroll: 0, isFollowing: !isFinal(job.state)}} : none;
		case 'cancel':
			if (!job) return none;
			if (isFinal(job.state)) return note(ui, `#${job.id} already ended (${job.state}); nothing to cancel`, ctx.now);
			return {ui: {...ui, selectedId: job.id, mode: 'confirm', confirm: {action: 'cancel', id: job.id}}};
		case 'delete':
			if (!job) return none;
			if (!isFinal(job.state)) return note(ui, `#${job.id} is ${job.state}; cancel it before deleting`, ctx.now);
			return {ui: {...ui, selectedId: job.id, mode: 'confirm', confirm: {action: 'delete', id: job.id}}};
		default: return {ui};
	}
}

/** Keys that act on a whole flow when its row is selected (the others act on its current job). */
function flowKey(ui: UiState, action: Action, item: Extract<ListItem, {type: 'flow'}>, now: number): {ui: UiState; effect?: Effect} | undefined {
	const {flow, outcome} = item.view;
	const at = {...ui, ...selectionOf(item)};
	switch (action) {
		case 'expand': {
			const expanded = ui.expanded ?? [];
			return {ui: {...at, expanded: item.isExpanded ? expanded.filter(id => id !== flow.id) : [...expanded, flow.id]}};
		}
		case 'cancel':
			if (outcome.ended) return note(at, `f${flow.id} already ended (${outcome.state}); nothing to cancel`, now);
			return {ui: {...at, mode: 'confirm', confirm: {action: 'cancel', id: flow.id, isFlow: true}}};
		case 'retry':
			if (!outcome.ended) return note(at, `f${flow.id} is still ${outcome.state}; only a flow that ended can be retried`, now);
			if (outcome.state === 'succeeded') return note(at, `f${flow.id} succeeded; nothing to retry`, now);
			return {ui: at, effect: {type: 'retry', id: flow.id, isFlow: true}};
		case 'delete':
			return note(at, `f${flow.id} is a flow: expand it (space) to delete its jobs one by one`, now);
		default:
			return undefined;
	}
}

function logKey(ui: UiState, action: Action, ctx: ReduceContext): {ui: UiState} {
	const max = Math.max(0, ctx.logLines - ctx.logPage);
	// Scrolling up means reading history: stop following, or new lines would pull the view away.
	const scroll = (by: number) => {
		const logScroll = clamp(ui.logScroll + by, 0, max);
		return {ui: {...ui, logScroll, isFollowing: by > 0 ? false : ui.isFollowing}};
	};
	switch (action) {
		case 'up': return scroll(1);
		case 'down': return scroll(-1);
		case 'pageUp': return scroll(ctx.logPage);
		case 'pageDown': return scroll(-ctx.logPage);
		case 'top': return {ui: {...ui, logScroll: max, isFollowing: false}};
		case 'bottom': return {ui: {...ui, logScroll: 0}};
		case 'follow': return {ui: {...ui, isFollowing: !ui.isFollowing, logScroll: 0}};
		case 'back': case 'log': return {ui: {...ui, mode: 'list', isFollowing: false}};
		default: return {ui};
	}
}

function promptKey(ui: UiState, action: Action, text: string): {ui: UiState; effect?: Effect} {
	switch (action) {
		case 'type': return {ui: {...ui, prompt: ui.prompt + sanitize(text)}};
		case 'erase': return {ui: {...ui, prompt: [...ui.prompt].slice(0, -1).join('')}};
		case 'submit': {
			const command = ui.prompt.trim();
			const back = {...ui, mode: 'list' as const, prompt: ''};
			return command ? {ui: back, effect: {type: 'add', command, ...(ui.label === undefined ? {} : {label: ui.label})}} : {ui: back};
		}
		case 'back': return {ui: {...ui, mode: 'list', prompt: ''}};
		default: return {ui};
	}
}

/** After `d`+`y` the selection moves to a neighbour, so it does not jump to the top. */
function afterConfirm(ui: UiState, ctx: ReduceContext): UiState {
	const base = {...ui, mode: 'list' as const, confirm: undefined};
	if (ui.confirm?.action !== 'delete') return base;
	const i = ctx.jobs.findIndex(j => j.id === ui.confirm!.id);
	const neighbour = ctx.jobs[i + 1] ?? ctx.jobs[i - 1];
	return {...base, selectedId: neighbour?.id};
}

const note = (ui: UiState, text: string, now: number) => ({ui: {...ui, message: {text, isError: true, at: now}}});
