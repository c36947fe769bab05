/**
 * The Claude Code plugin shipped in the package (`claude-plugin/`, listed by the package's own
 * marketplace in `.claude-plugin/marketplace.json`): the same hooks and `/queue` skill that
 * `init claude` writes into settings, as files. They are committed; a unit test checks they match.
 * No `monitors` entry: Claude Code turns monitors off with nonessential traffic off (and on
 * Bedrock/Vertex), and re-delivers a long-lived monitor's output every turn.
 */
import {hooksObject} from './claude-settings.js';
import {SKILL_MD} from './skill-text.js';

const VERSION = '0.1.0';
const DESCRIPTION = 'A persistent job queue for long commands: results reach the session that queued them, once, in one line.';

/** Every plugin file, by path relative to the package root. */
export function pluginFiles(): Record<string, string> {
	const json = (value: unknown) => JSON.stringify(value, null, 2) + '\n';
	return {
		'.claude-plugin/marketplace.json': json({
			name: 'queue-tui',
			owner: {name: 'queue-tui'},
			description: 'queue-tui for Claude Code',
			plugins: [{name: 'queue-tui', source: './claude-plugin', description: DESCRIPTION, version: VERSION}],
		}),
		'claude-plugin/.claude-plugin/plugin.json': json({name: 'queue-tui', version: VERSION, description: DESCRIPTION, author: {name: 'queue-tui'}}),
		'claude-plugin/hooks/hooks.json': json({description: 'queue-tui: job results to the session that queued them', hooks: hooksObject()}),
		'claude-plugin/skills/queue/SKILL.md': SKILL_MD,
	};
}
