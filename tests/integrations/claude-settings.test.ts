import {describe, expect, it} from 'vitest';
import {
	SettingsError,
	installSettings,
	isOurHandler,
	settingsSnippet,
	shellQuote,
	statusLineInfo,
	uninstallSettings,
} from '../../source/integrations/claude-settings.js';
import {FIXTURES, isCanonical, oursByEvent, parseFixture, withoutOurs} from './settings-fixtures.js';

const EXPECTED_OURS = {
	UserPromptSubmit: [{type: 'command', command: 'queue-tui', args: ['hook', 'prompt'], timeout: 5}],
	PostToolUse: [{type: 'command', command: 'queue-tui', args: ['hook', 'post-tool'], timeout: 5}],
	SessionStart: [{type: 'command', command: 'queue-tui', args: ['hook', 'session-start'], timeout: 5}],
	Stop: [{type: 'command', command: 'queue-tui', args: ['hook', 'stop'], asyncRewake: true, timeout: 7200}],
};

/** Same keys in the same order, same values: JSON text equality checks order, toEqual alone does not. */
function expectSameJson(actual: unknown, expected: unknown): void {
	expect(actual).toEqual(expected);
	expect(JSON.stringify(actual)).toBe(JSON.stringify(expected));
}

describe.each(FIXTURES.filter(f => !f.invalid))('settings: $name', fixture => {
	const original = parseFixture(fixture.text);
	const installed = installSettings(fixture.text, {});
	const parsed = JSON.parse(installed.text) as Record<string, unknown>;

	it('keeps everything that is not ours, in place and in order', () => {
		expectSameJson(withoutOurs(parsed), withoutOurs(original));
		expect(installed.text.endsWith('}\n')).toBe(true);
		expect(installed.text).toBe(JSON.stringify(parsed, null, 2) + '\n');
	});

	it('has exactly one handler of ours per event, in the documented shape', () => {
		expect(oursByEvent(parsed)).toEqual(EXPECTED_OURS);
	});

	it('installing twice is byte-identical', () => {
		const again = installSettings(installed.text, {});
		expect(again.changed).toBe(false);
		expect(again.text).toBe(installed.text);
		expect(again.previousStatusLine).toBeUndefined();
	});

	it('uninstall gives the original back', () => {
		const removed = uninstallSettings(installed.text, installed.previousStatusLine);
		const expected = fixture.ours ? withoutOurs(original) : original;
		expectSameJson(JSON.parse(removed.text), expected);
		if (!fixture.ours && isCanonical(fixture.text)) expect(removed.text).toBe(fixture.text);
		// A second uninstall finds nothing of ours.
		expect(uninstallSettings(removed.text, undefined).changed).toBe(false);
	});
});

describe.each(FIXTURES.filter(f => f.invalid))('settings rejected: $name', fixture => {
	it('throws a one-line SettingsError (uninstall too, unless only the shape is wrong)', () => {
		expect(() => installSettings(fixture.text, {})).toThrow(SettingsError);
		if (fixture.badShape) expect(uninstallSettings(fixture.text!, undefined)).toEqual({text: fixture.text, changed: false});
		else expect(() => uninstallSettings(fixture.text!, undefined)).toThrow(SettingsError);
		try {
			installSettings(fixture.text, {});
		} catch (error) {
			expect((error as Error).message).not.toContain('\n');
		}
	});
});

describe('settings: details', () => {
	it('names comments and trailing commas in the error', () => {
		expect(() => installSettings('{\n  // x\n  "a": 1\n}', {})).toThrow(/comments/);
		expect(() => installSettings('{"a": [1,],}', {})).toThrow(/trailing comma/);
		expect(() => installSettings('[]', {})).toThrow(/top-level value is an array/);
		expect(() => installSettings('"x"', {})).toThrow(/top-level value is a string/);
	});

	it('wraps a foreign statusLine, keeps its fields, and returns the old value', () => {
		const old = {type: 'command', command: "~/bin/sl.sh --sep ' | '", padding: 0};
		const r = installSettings(JSON.stringify({statusLine: old}), {});
		expect(r.previousStatusLine).toEqual(old);
		const sl = (JSON.parse(r.text) as {statusLine: Record<string, unknown>}).statusLine;
		expect(sl).toEqual({type: 'command', command: `queue-tui statusline --wrap ${shellQuote(old.command)}`, padding: 0, refreshInterval: 5});
		expect(statusLineInfo(sl)).toEqual({ours: true, wrapped: old.command});
		// Without the record, uninstall still unwraps the command.
		const unwrapped = JSON.parse(uninstallSettings(r.text, undefined).text) as {statusLine: Record<string, unknown>};
		expect(unwrapped.statusLine.command).toBe(old.command);
	});

	it('refreshes our statusLine, keeping the user refreshInterval and padding', () => {
		const r = installSettings(JSON.stringify({statusLine: {command: '/opt/x/queue-tui statusline', refreshInterval: 2, padding: 1}}), {});
		expect(JSON.parse(r.text).statusLine).toEqual({command: 'queue-tui statusline', refreshInterval: 2, padding: 1, type: 'command'});
	});

	it('leaves a foreign statusLine set after install alone on uninstall', () => {
		const text = JSON.stringify({statusLine: {type: 'command', command: 'starship prompt'}}, null, 2) + '\n';
		expect(uninstallSettings(text, {type: 'command', command: 'old'})).toEqual({text, changed: false});
	});

	it('replaces our handler in place inside a mixed group, without touching its matcher', () => {
		const text = JSON.stringify({
			hooks: {PostToolUse: [{matcher: 'Bash', hooks: [{type: 'command', command: 'a'}, {type: 'command', command: 'queue-tui hook post-tool'}, {type: 'command', command: 'b'}]}]},
		});
		const groups = JSON.parse(installSettings(text, {}).text).hooks.PostToolUse;
		expect(groups).toHaveLength(1);
		expect(groups[0].matcher).toBe('Bash');
		expect(groups[0].hooks.map((h: {command: string}) => h.command)).toEqual(['a', 'queue-tui', 'b']);
	});

	it('sets the SessionStart matcher on a group that is only ours', () => {
		const text = JSON.stringify({hooks: {SessionStart: [{hooks: [{type: 'command', command: 'queue-tui hook session-start'}]}]}});
		const groups = JSON.parse(installSettings(text, {}).text).hooks.SessionStart;
		expect(groups).toEqual([{matcher: 'startup|resume|compact', hooks: EXPECTED_OURS.SessionStart}]);
	});

	it('recognises a configured bin and ignores look-alikes', () => {
		expect(isOurHandler({type: 'command', command: 'node /x/cli.js', args: ['hook', 'stop']}, 'node /x/cli.js')).toBe(true);
		expect(isOurHandler({type: 'command', command: 'node /x/cli.js hook stop'}, 'node /x/cli.js')).toBe(true);
		expect(isOurHandler({type: 'command', command: '/home/u/.npm/bin/queue-tui hook stop'})).toBe(true);
		expect(isOurHandler({type: 'command', command: 'queue-tui status'})).toBe(false);
		expect(isOurHandler({type: 'command', command: 'my-queue-tuirc hook'})).toBe(false);
		expect(isOurHandler({type: 'http', command: 'queue-tui hook stop'})).toBe(false);
		const r = installSettings(undefined, {bin: '/opt/qt/bin/queue-tui'});
		expect(JSON.parse(r.text).statusLine.command).toBe('/opt/qt/bin/queue-tui statusline');
	});

	it('shell-quotes commands with quotes, spaces and $ safely', () => {
		for (const cmd of [`echo 'a' "b" $HOME`, "it's", "''", 'plain']) {
			expect(statusLineInfo({command: `queue-tui statusline --wrap ${shellQuote(cmd)}`}).wrapped).toBe(cmd);
		}
		expect(shellQuote("it's")).toBe(`'it'\\''s'`);
	});

	it('snippet is the documented fragment', () => {
		const s = JSON.parse(settingsSnippet());
		expect(oursByEvent(s)).toEqual(EXPECTED_OURS);
		expect(s.statusLine).toEqual({type: 'command', command: 'queue-tui statusline', refreshInterval: 5});
	});
});
