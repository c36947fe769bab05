/**
 * The one table of keys: it drives the key handling, the help bar and the `?` screen, so what
 * the screen says is always what the keys do.
 */
import type {JobState} from '../core/types.js';
import type {HintFacts} from '../view/types.js';
import type {Action, Mode} from '../view/ui-state.js';

/** One row of the table: keys, the action they ask for, where they work, how to describe them. */
export interface Binding {
	/** Key names as `keyName` spells them: `j`, `down`, `pageup`, `return`, `escape`, `ctrl+c`. */
	keys: readonly string[];
	action: Action;
	modes: readonly Mode[];
	/** Short text on the help bar; bindings without one only show on the `?` screen. */
	hint?: string;
	/** What it does, for the `?` screen. */
	describe: string;
}

const LIST: Mode[] = ['list'];
const LOG: Mode[] = ['log'];

/** Every key binding, in help order; earlier rows win when two match (q in the log view goes back). */
export const KEYMAP: readonly Binding[] = [
	{keys: ['j', 'down'], action: 'down', modes: ['list', 'log'], describe: 'next job / scroll down'},
	{keys: ['k', 'up'], action: 'up', modes: ['list', 'log'], describe: 'previous job / scroll up'},
	{keys: ['g', 'home'], action: 'top', modes: ['list', 'log'], describe: 'first job / top of the log'},
	{keys: ['G', 'end'], action: 'bottom', modes: ['list', 'log'], describe: 'last job / end of the log'},
	{keys: ['pagedown', 'ctrl+d'], action: 'pageDown', modes: ['list', 'log'], describe: 'one page down'},
	{keys: ['pageup', 'ctrl+u'], action: 'pageUp', modes: ['list', 'log'], describe: 'one page up'},
	{keys: ['r'], action: 'retry', modes: LIST, hint: 'r retry', describe: 'retry a failed, cancelled or timed-out job'},
	{keys: ['c'], action: 'cancel', modes: LIST, hint: 'c cancel', describe: 'cancel the job (asks y/n; kills its process group)'},
	{keys: ['p'], action: 'pause', modes: LIST, hint: 'p pause', describe: 'pause / resume the queue (running jobs go on)'},
	{keys: [' ', 'right'], action: 'expand', modes: LIST, hint: '␣ steps', describe: 'show / hide a flow\'s steps and checks under its row'},
	{keys: ['l', 'return'], action: 'log', modes: LIST, hint: 'l log', describe: 'full-screen log of the job'},
	{keys: ['a'], action: 'add', modes: LIST, hint: 'a add', describe: 'queue a command (runs in the project root)'},
	{keys: ['d'], action: 'delete', modes: LIST, hint: 'd del', describe: 'delete a finished job (asks y/n)'},
	{keys: ['L'], action: 'label', modes: LIST, hint: 'L label', describe: 'only one label\'s jobs; again: the next label, then all'},
	{keys: ['f'], action: 'follow', modes: LOG, hint: 'f follow', describe: 'follow the log as it grows'},
	{keys: ['q', 'escape', 'l'], action: 'back', modes: LOG, hint: 'q back', describe: 'back to the list'},
	{keys: ['y', 'Y'], action: 'yes', modes: ['confirm'], hint: 'y yes', describe: 'confirm'},
	{keys: ['n', 'N', 'escape', 'ctrl+c'], action: 'no', modes: ['confirm'], hint: 'n no', describe: 'do not'},
	{keys: ['return'], action: 'submit', modes: ['prompt'], hint: 'enter queue', describe: 'queue the command'},
	{keys: ['backspace'], action: 'erase', modes: ['prompt'], describe: 'delete a character'},
	{keys: ['escape', 'ctrl+c'], action: 'back', modes: ['prompt'], hint: 'esc cancel', describe: 'close the prompt'},
	{keys: ['?'], action: 'help', modes: LIST, hint: '? help', describe: 'this help'},
	{keys: ['q', 'ctrl+c'], action: 'quit', modes: ['list', 'log'], hint: 'q quit', describe: 'quit (jobs keep running)'},
];

/** The subset of ink's Key that names a key. */
export interface KeyLike {
	upArrow?: boolean;
	downArrow?: boolean;
	rightArrow?: boolean;
	pageUp?: boolean;
	pageDown?: boolean;
	home?: boolean;
	end?: boolean;
	return?: boolean;
	escape?: boolean;
	backspace?: boolean;
	delete?: boolean;
	tab?: boolean;
	ctrl?: boolean;
	meta?: boolean;
}

/** A key's name. ink 6 reports Backspace (0x7f) as `delete`, so both mean `backspace`. */
export function keyName(input: string, key: KeyLike): string {
	if (key.upArrow) return 'up';
	if (key.downArrow) return 'down';
	if (key.rightArrow) return 'right';
	if (key.pageUp) return 'pageup';
	if (key.pageDown) return 'pagedown';
	if (key.home) return 'home';
	if (key.end) return 'end';
	if (key.return) return 'return';
	if (key.escape) return 'escape';
	if (key.backspace || key.delete) return 'backspace';
	if (key.tab) return 'tab';
	if (key.ctrl) return `ctrl+${input}`;
	if (key.meta) return `meta+${input}`;
	return input;
}

/**
 * ink 6 hands a run of plain characters over as one input (`xa`, `echo hi\r`) when they arrive
 * together (fast typing, a paste, tmux send-keys): split it into single keys, so each is taken
 * in the mode the previous one left.
 */
export function splitKeys(input: string, key: KeyLike): Array<{input: string; key: KeyLike}> {
	const chars = [...input];
	if (chars.length <= 1 || key.ctrl || key.meta || key.escape) return [{input, key}];
	return chars.map(ch => ({input: ch, key: ch === '\r' || ch === '\n' ? {return: true} : ch === '\u007F' || ch === '\b' ? {backspace: true} : {}}));
}

/** What a key does in a mode: a bound action; typed text in the prompt; any other key closes help or a dialog. */
export function resolveKey(mode: Mode, input: string, key: KeyLike): {action: Action; text?: string} | undefined {
	const name = keyName(input, key);
	const hit = KEYMAP.find(b => b.modes.includes(mode) && b.keys.includes(name));
	// The first match wins: in the log view `q` goes back (its binding comes first) while ctrl+c still quits.
	if (hit) return {action: hit.action};
	if (mode === 'prompt') return input && !key.ctrl && !key.meta && name === input ? {action: 'type', text: input} : undefined;
	if (mode === 'confirm' || mode === 'help') return {action: mode === 'confirm' ? 'no' : 'back'};
	return undefined;
}

/** One array per mode and facts, so the help bar (memoized) gets the same props from frame to frame. */
const HINTS = new Map<string, readonly string[]>();

const RETRYABLE = new Set<JobState>(['failed', 'cancelled', 'timed_out', 'skipped']);
const ENDED = new Set<JobState>(['succeeded', 'failed', 'cancelled', 'timed_out', 'skipped']);

/** When an offered key would do something (undefined: always). */
const APPLIES: Partial<Record<Action, (f: HintFacts) => boolean>> = {
	// On a flow's row, retry and cancel act on the flow.
	retry: f => (f.flowState ? f.flowState === 'failed' || f.flowState === 'cancelled' : f.jobState !== undefined && RETRYABLE.has(f.jobState)),
	cancel: f => (f.flowState ? f.flowState === 'queued' || f.flowState === 'running' : f.jobState !== undefined && !ENDED.has(f.jobState)),
	delete: f => !f.flowState && f.jobState !== undefined && ENDED.has(f.jobState),
	expand: f => f.isInFlow === true,
	log: f => f.jobState !== undefined,
	follow: f => !f.following,
};

/** The help bar's items for a mode, in table order: only keys that apply now (`p resume` while paused). */
export function hintsFor(mode: Mode, facts: HintFacts = {}): readonly string[] {
	const key = `${mode}|${facts.jobState}|${facts.paused}|${facts.following}|${facts.flowState}|${facts.isInFlow}`;
	let hints = HINTS.get(key);
	if (!hints) {
		const offered = KEYMAP.filter(b => b.hint && b.modes.includes(mode) && (APPLIES[b.action]?.(facts) ?? true));
		hints = Object.freeze(offered.map(b => (b.action === 'pause' && facts.paused ? 'p resume' : b.hint!)));
		HINTS.set(key, hints);
	}
	return hints;
}

/** Key names as people write them: `j ↓`, `PgDn`, `Enter`. */
export function keyLabel(keys: readonly string[]): string {
	const pretty: Record<string, string> = {' ': 'Space', right: '→', down: '↓', up: '↑', pagedown: 'PgDn', pageup: 'PgUp', return: 'Enter', escape: 'Esc', backspace: 'Bksp', home: 'Home', end: 'End'};
	return keys.map(k => pretty[k] ?? k).join(' ');
}
