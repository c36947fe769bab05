/**
 * Pure merge of queue-tui's hooks and statusLine into a Claude Code settings file (no fs here).
 * Only handlers we own are added, replaced or removed; every other key, group and handler keeps its
 * value and its place, so a user's file survives install + uninstall unchanged.
 */
import {
	DEFAULT_BIN,
	SettingsError,
	isObject,
	isOurHandler,
	parseSettings,
	statusLineCommand,
	statusLineInfo,
	type JsonObject,
} from './claude-settings-match.js';

export {DEFAULT_BIN, SettingsError, isOurHandler, parseSettings, shellQuote, statusLineInfo} from './claude-settings-match.js';

interface HookSpec {
	event: string;
	sub: string;
	matcher?: string;
	rewake?: boolean;
	timeout: number;
}

// Stop waits (asyncRewake) for the session's next job end, hence its long timeout; the rest answer in ms.
const HOOKS: readonly HookSpec[] = [
	{event: 'UserPromptSubmit', sub: 'prompt', timeout: 5},
	{event: 'PostToolUse', sub: 'post-tool', matcher: '', timeout: 5},
	{event: 'SessionStart', sub: 'session-start', matcher: 'startup|resume|compact', timeout: 5},
	{event: 'Stop', sub: 'stop', rewake: true, timeout: 7200},
];

function ourHandler(spec: HookSpec, bin: string): JsonObject {
	const h: JsonObject = {type: 'command', command: bin, args: ['hook', spec.sub]};
	if (spec.rewake) h.asyncRewake = true;
	h.timeout = spec.timeout;
	return h;
}

function ourGroup(spec: HookSpec, bin: string): JsonObject {
	const hooks = [ourHandler(spec, bin)];
	return spec.matcher === undefined ? {hooks} : {matcher: spec.matcher, hooks};
}

function ourStatusLine(bin: string): JsonObject {
	return {type: 'command', command: statusLineCommand(bin), refreshInterval: 5};
}

/** The `hooks` object: the same handlers in a settings file and in the plugin's hooks.json. */
export function hooksObject(bin = DEFAULT_BIN): JsonObject {
	const hooks: JsonObject = {};
	for (const spec of HOOKS) hooks[spec.event] = [ourGroup(spec, bin)];
	return hooks;
}

/** The JSON fragment a user can paste by hand when the file can't be edited for them. */
export function settingsSnippet(bin = DEFAULT_BIN): string {
	return JSON.stringify({hooks: hooksObject(bin), statusLine: ourStatusLine(bin)}, null, 2) + '\n';
}

function formatSettings(root: JsonObject): string {
	return JSON.stringify(root, null, 2) + '\n';
}

/** Replaces our handler in place (first one wins, duplicates dropped), else appends a group of ours. */
function placeHandler(groups: unknown[], spec: HookSpec, bin: string): void {
	const desired = ourHandler(spec, bin);
	let placed = false;
	for (let i = 0; i < groups.length; i++) {
		const group = groups[i];
		if (!isObject(group) || !Array.isArray(group.hooks) || !group.hooks.some(h => isOurHandler(h, bin))) continue;
		const solo = group.hooks.every(h => isOurHandler(h, bin));
		const next: unknown[] = [];
		for (const h of group.hooks) {
			if (!isOurHandler(h, bin)) next.push(h);
			else if (!placed) {
				next.push(desired);
				placed = true;
			}
		}
		if (next.length === 0) {
			groups.splice(i--, 1); // Held only duplicates of ours.
			continue;
		}
		group.hooks = next;
		// A matcher is changed only on a group that is entirely ours: foreign handlers keep their trigger.
		if (solo && spec.matcher !== undefined && group.matcher !== spec.matcher) {
			groups[i] = 'matcher' in group ? {...group, matcher: spec.matcher} : {matcher: spec.matcher, ...group};
		}
	}
	if (!placed) groups.push(ourGroup(spec, bin));
}

/** Sets, refreshes or wraps statusLine; returns the foreign value it replaced, if any. */
function installStatusLine(root: JsonObject, bin: string): unknown {
	const old = root.statusLine;
	if (old === undefined) {
		root.statusLine = ourStatusLine(bin);
		return undefined;
	}
	const info = statusLineInfo(old, bin);
	if (info.ours && isObject(old)) {
		old.type = 'command';
		old.command = statusLineCommand(bin, info.wrapped);
		if (typeof old.refreshInterval !== 'number') old.refreshInterval = 5;
		return undefined;
	}
	if (isObject(old) && typeof old.command === 'string' && (old.type ?? 'command') === 'command') {
		// Keep padding etc.; refreshInterval is needed or the queue segment freezes while Claude idles.
		const next: JsonObject = {...old, command: statusLineCommand(bin, old.command)};
		if (typeof next.refreshInterval !== 'number') next.refreshInterval = 5;
		root.statusLine = next;
	} else root.statusLine = ourStatusLine(bin);
	return old;
}

/**
 * Adds (or refreshes) queue-tui's hooks and statusLine. `text` undefined = missing file.
 * Unchanged content returns the original text with `changed: false`, so a second install is a no-op.
 * `previousStatusLine` is the foreign statusLine we wrapped, for the caller to record for uninstall.
 * @throws SettingsError when the text is not strict JSON or has a shape we can't merge into.
 */
export function installSettings(
	text: string | undefined,
	opts: {bin?: string} = {},
): {text: string; changed: boolean; previousStatusLine?: unknown} {
	const bin = opts.bin ?? DEFAULT_BIN;
	const root = parseSettings(text);
	const before = JSON.stringify(root);
	if (root.hooks === undefined) root.hooks = {};
	const hooks = root.hooks;
	if (!isObject(hooks)) throw new SettingsError('"hooks" is not an object');
	for (const spec of HOOKS) {
		if (hooks[spec.event] === undefined) hooks[spec.event] = [];
		const groups = hooks[spec.event];
		if (!Array.isArray(groups)) throw new SettingsError(`"hooks.${spec.event}" is not an array`);
		placeHandler(groups, spec, bin);
	}
	const previousStatusLine = installStatusLine(root, bin);
	if (text !== undefined && text.trim() !== '' && JSON.stringify(root) === before) return {text, changed: false};
	const out = formatSettings(root);
	return previousStatusLine === undefined ? {text: out, changed: true} : {text: out, changed: true, previousStatusLine};
}

/**
 * Removes our handlers, then only the groups, event arrays and `hooks` object that this emptied;
 * restores the recorded `previousStatusLine`, else unwraps `--wrap '…'`, else deletes ours.
 * A foreign statusLine set after install is left alone.
 * @throws SettingsError as installSettings.
 */
export function uninstallSettings(
	text: string,
	previousStatusLine?: unknown,
	opts: {bin?: string} = {},
): {text: string; changed: boolean} {
	const bin = opts.bin ?? DEFAULT_BIN;
	const root = parseSettings(text);
	const before = JSON.stringify(root);
	const hooks = root.hooks;
	if (isObject(hooks)) {
		let emptiedEvent = false;
		for (const [event, groups] of Object.entries(hooks)) {
			if (!Array.isArray(groups)) continue;
			let removed = false;
			for (let i = 0; i < groups.length; i++) {
				const group = groups[i];
				if (!isObject(group) || !Array.isArray(group.hooks)) continue;
				const kept = group.hooks.filter(h => !isOurHandler(h, bin));
				if (kept.length === group.hooks.length) continue;
				removed = true;
				if (kept.length === 0) groups.splice(i--, 1);
				else group.hooks = kept;
			}
			if (removed && groups.length === 0) {
				delete hooks[event];
				emptiedEvent = true;
			}
		}
		if (emptiedEvent && Object.keys(hooks).length === 0) delete root.hooks;
	}
	const info = statusLineInfo(root.statusLine, bin);
	if (info.ours) {
		if (previousStatusLine !== undefined) root.statusLine = previousStatusLine;
		else if (info.wrapped !== undefined) root.statusLine = {...(root.statusLine as JsonObject), command: info.wrapped};
		else delete root.statusLine;
	}
	if (JSON.stringify(root) === before) return {text, changed: false};
	return {text: formatSettings(root), changed: true};
}
