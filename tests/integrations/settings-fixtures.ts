/**
 * Realistic `.claude/settings*.json` files for the installer tests, plus an independent notion of
 * "ours" so the tests don't just re-run the code under test.
 */
type Obj = Record<string, unknown>;

/** One settings file as found on disk. `text` undefined = missing file. */
export interface Fixture {
	name: string;
	text: string | undefined;
	/** Rejected: install must abort and change nothing. */
	invalid?: boolean;
	/** Valid JSON whose shape install can't merge into; uninstall finds nothing of ours in it. */
	badShape?: boolean;
	/** Already holds handlers or a statusLine of ours (uninstall then can't give the original back). */
	ours?: boolean;
}

const pretty = (value: unknown): string => JSON.stringify(value, null, 2) + '\n';

const foreignHooks = {
	UserPromptSubmit: [{hooks: [{type: 'command', command: 'python3 .claude/hooks/inject_context.py'}]}],
	PostToolUse: [{matcher: 'Edit|Write', hooks: [{type: 'command', command: 'npx prettier --write "$CLAUDE_FILE_PATHS"', timeout: 30}]}],
	SessionStart: [{matcher: 'startup', hooks: [{type: 'command', command: 'echo "branch: $(git branch --show-current)"'}]}],
	Stop: [{hooks: [{type: 'command', command: 'notify-send "Claude finished"'}]}],
	Notification: [{matcher: 'idle_prompt', hooks: [{type: 'command', command: 'terminal-notifier -message "waiting"'}]}],
};

/** The settings files every test runs over (≥12 realistic shapes). */
export const FIXTURES: Fixture[] = [
	{name: 'missing file', text: undefined},
	{name: 'empty file', text: ''},
	{name: 'whitespace-only file', text: '  \n\t\n'},
	{name: 'empty object', text: '{}\n'},
	{name: 'foreign hooks on the same events', text: pretty({hooks: foreignHooks})},
	{
		name: 'our older hooks (string form, absolute path, duplicates, old matcher)',
		ours: true,
		text: pretty({
			hooks: {
				UserPromptSubmit: [{hooks: [{type: 'command', command: 'queue-tui hook prompt'}]}],
				PostToolUse: [
					{matcher: 'Bash', hooks: [{type: 'command', command: './lint.sh'}]},
					{matcher: '*', hooks: [{type: 'command', command: '/usr/local/bin/queue-tui hook post-tool', timeout: 10}]},
				],
				SessionStart: [{matcher: 'startup', hooks: [{type: 'command', command: 'queue-tui', args: ['hook', 'session-start']}]}],
				Stop: [
					{hooks: [{type: 'command', command: 'queue-tui', args: ['hook', 'stop'], timeout: 600}]},
					{hooks: [{type: 'command', command: 'queue-tui hook stop'}]},
				],
			},
		}),
	},
	{
		name: 'our hook inside a group with foreign handlers',
		ours: true,
		text: pretty({
			hooks: {
				PostToolUse: [
					{
						matcher: 'Edit|Write|Bash',
						hooks: [
							{type: 'command', command: 'ruff check --fix'},
							{type: 'command', command: 'queue-tui', args: ['hook', 'post-tool'], timeout: 3},
							{type: 'command', command: 'git add -N .'},
						],
					},
				],
			},
		}),
	},
	{
		name: 'foreign statusLine (quotes in its command)',
		text: pretty({model: 'opus', statusLine: {type: 'command', command: "~/.claude/statusline.sh --sep ' | '", padding: 0}}),
	},
	{
		name: 'statusLine already ours',
		ours: true,
		text: pretty({statusLine: {type: 'command', command: 'queue-tui statusline', refreshInterval: 2, padding: 1}}),
	},
	{name: 'invalid JSON (trailing comma)', invalid: true, text: '{\n  "model": "sonnet",\n  "env": {"A": "1"},\n}\n'},
	{name: 'JSON with comments', invalid: true, text: '{\n  // my settings\n  "model": "sonnet"\n}\n'},
	{name: 'top-level array', invalid: true, text: '[\n  {"hooks": {}}\n]\n'},
	{name: '"hooks" not an object', invalid: true, badShape: true, text: '{\n  "hooks": []\n}\n'},
	{
		name: 'unknown top-level and nested keys',
		text: pretty({
			$schema: 'https://json.schemastore.org/claude-code-settings.json',
			futureFeature: {nested: {deep: [1, 2.5, {x: null, y: true}]}, list: []},
			hooks: {
				Stop: [{description: 'team hook', hooks: [{type: 'command', command: 'make notify', statusMessage: 'notifying', futureField: {a: 1}}]}],
				PreToolUse: [{matcher: 'Bash', hooks: [{type: 'command', command: 'guard.sh', if: 'Bash(rm *)'}]}],
			},
			zLastKey: 'stays last',
		}),
	},
	{
		name: 'permissions and env blocks (non-ASCII values)',
		text: pretty({
			permissions: {allow: ['Bash(npm run test:*)', 'Read(~/.zshrc)'], deny: ['Bash(curl:*)'], defaultMode: 'acceptEdits'},
			env: {BASH_DEFAULT_TIMEOUT_MS: '300000', GREETING: 'héllo ✓ 日本'},
			includeCoAuthoredBy: false,
			cleanupPeriodDays: 30,
		}),
	},
	{
		name: 'empty containers the user left (kept as they are)',
		text: pretty({hooks: {Notification: [], Stop: [{matcher: '', hooks: []}]}, enabledPlugins: {}}),
	},
	{
		name: 'minified file (not 2-space)',
		text: '{"hooks":{"Stop":[{"hooks":[{"type":"command","command":"say done"}]}]},"env":{"A":"1"}}',
	},
	{
		name: 'tab-indented file without trailing newline',
		text: '{\n\t"model": "sonnet",\n\t"permissions": {\n\t\t"allow": ["Bash(ls:*)"]\n\t}\n}',
	},
];

function isObj(value: unknown): value is Obj {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Independent check for "ours": mentions queue-tui as the program and `hook` as the first argument. */
export function looksOurs(handler: unknown): boolean {
	if (!isObj(handler) || typeof handler.command !== 'string') return false;
	const words = [...handler.command.split(/\s+/), ...(Array.isArray(handler.args) ? handler.args : [])];
	return /(^|\/)queue-tui$/.test(String(words[0])) && words[1] === 'hook';
}

/** The value minus our handlers (and the groups/arrays that removal emptied) and minus statusLine. */
export function withoutOurs(value: unknown): Obj {
	const root = structuredClone(value) as Obj;
	delete root.statusLine;
	if (!isObj(root.hooks)) return root;
	for (const [event, groups] of Object.entries(root.hooks)) {
		if (!Array.isArray(groups)) continue;
		const kept = groups.flatMap(group => {
			if (!isObj(group) || !Array.isArray(group.hooks) || !group.hooks.some(looksOurs)) return [group];
			const hooks = group.hooks.filter(h => !looksOurs(h));
			return hooks.length === 0 ? [] : [{...group, hooks}];
		});
		if (kept.length === 0) delete root.hooks[event];
		else root.hooks[event] = kept;
	}
	if (Object.keys(root.hooks).length === 0) delete root.hooks;
	return root;
}

/** Every handler of ours, by event. */
export function oursByEvent(value: unknown): Record<string, unknown[]> {
	const out: Record<string, unknown[]> = {};
	const hooks = isObj(value) && isObj(value.hooks) ? value.hooks : {};
	for (const [event, groups] of Object.entries(hooks)) {
		for (const group of Array.isArray(groups) ? groups : []) {
			for (const h of isObj(group) && Array.isArray(group.hooks) ? group.hooks : []) {
				if (looksOurs(h)) (out[event] ??= []).push(h);
			}
		}
	}
	return out;
}

/** Parses a fixture the way the installer sees it (missing or blank = `{}`). */
export function parseFixture(text: string | undefined): Obj {
	return text === undefined || text.trim() === '' ? {} : (JSON.parse(text) as Obj);
}

/** True when the text is exactly what `JSON.stringify(_, null, 2)` + newline would write. */
export function isCanonical(text: string | undefined): boolean {
	return text !== undefined && text.trim() !== '' && pretty(JSON.parse(text)) === text;
}
