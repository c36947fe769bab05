import {UsageError} from '../../core/errors.js';
import {projectRoot} from '../../core/home.js';
import {applyInstall, type Scope} from '../../integrations/claude-files.js';
import {CLAUDE_MD_SNIPPET} from '../../integrations/skill-text.js';
import {print} from '../context.js';
import type {Parsed} from '../flags.js';

/**
 * `queue-tui init claude [--project | --user] [--uninstall] [--dry-run] [--claude-md]`: merges the
 * hooks and statusLine into Claude Code's settings without touching anything that was there.
 */
export async function run(p: Parsed): Promise<number> {
	if (p.positionals[0] !== 'claude' || p.positionals.length !== 1) throw new UsageError("queue-tui init: say what to set up: 'queue-tui init claude'");
	if (p.flags.project && p.flags.user) throw new UsageError('give --project or --user, not both');
	const scope: Scope = p.flags.user ? 'user' : p.flags.project ? 'project' : 'local';
	const result = applyInstall({
		scope, projectRoot: projectRoot(process.cwd()), dryRun: p.flags['dry-run'] === true,
		uninstall: p.flags.uninstall === true, claudeMd: p.flags['claude-md'] === true,
	});
	if (!result.ok) {
		process.stderr.write(`queue-tui: ${result.error}; nothing was changed. Paste this into the file yourself:\n`);
		print(result.snippet);
		return 2;
	}
	const verb = result.dryRun ? 'would be' : 'is';
	print(`${result.settings.path} ${verb} ${result.settings.action}${result.settings.backupPath ? ` (backup: ${result.settings.backupPath})` : ''}`);
	print(`${result.skill.path} ${verb} ${result.skill.action}`);
	if (result.claudeMd) print(`${result.claudeMd.path} ${verb} ${result.claudeMd.action}`);
	if (result.dryRun && result.settings.text) print(`\n${result.settings.text.trimEnd()}`);
	if (!result.uninstall && !result.dryRun) {
		print('\nHooks need workspace trust and show up in /hooks. For CLAUDE.md (or use --claude-md):\n');
		print(CLAUDE_MD_SNIPPET.trimEnd());
	}
	return 0;
}
