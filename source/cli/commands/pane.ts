import {execFile} from 'node:child_process';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {UsageError} from '../../core/errors.js';
import {print} from '../context.js';
import type {Parsed} from '../flags.js';

// dist/source/cli/commands/pane.js → dist/cli.js
const CLI_PATH = fileURLToPath(new URL('../../../cli.js', import.meta.url));

/** `35%` or `50` (cells): what tmux's `split-window -l` takes. */
export function checkSize(size: string): string {
	if (/^([1-9]\d?)%$/.test(size) || /^[1-9]\d{0,3}$/.test(size)) return size;
	throw new UsageError(`--size takes a percentage (35%) or a number of cells (60), not '${size}'`);
}

/**
 * The tmux arguments that open the TUI beside (or below) the current pane. The command is given
 * as separate words, which tmux runs without a shell: no quoting of paths can go wrong.
 * `-d` keeps the focus where the user is typing (the agent's pane); the TUI is for watching.
 */
export function paneArgs(opts: {size: string; below: boolean; cwd: string; home?: string; node?: string; cli?: string}): string[] {
	const command = [opts.node ?? process.execPath, opts.cli ?? CLI_PATH];
	if (opts.home) command.push('--home', opts.home);
	return ['split-window', opts.below ? '-v' : '-h', '-d', '-l', opts.size, '-c', opts.cwd, '-P', '-F', '#{pane_id}', ...command];
}

/**
 * `queue-tui pane [--size 35%] [--below]`: opens the TUI in a new tmux pane of the current window.
 * The home is passed on explicitly when it did not come from the project (a new pane gets tmux's
 * environment, not this shell's, so a QUEUE_TUI_HOME set here would be lost).
 */
export async function run(p: Parsed): Promise<number> {
	if (!process.env.TMUX) {
		process.stderr.write('queue-tui pane: not inside tmux ($TMUX is not set); run `queue-tui` in a terminal of your own, or start tmux first\n');
		return 2;
	}
	const size = checkSize((p.flags.size as string | undefined) ?? '35%');
	const explicit = (p.flags.home as string | undefined) ?? process.env.QUEUE_TUI_HOME;
	const args = paneArgs({size, below: p.flags.below === true, cwd: process.cwd(), home: explicit ? path.resolve(explicit) : undefined});
	return new Promise(resolve => {
		execFile('tmux', args, (error, stdout, stderr) => {
			if (error) {
				const why = stderr.trim().split('\n')[0] || error.message;
				process.stderr.write(`queue-tui pane: tmux split-window failed: ${why}\n`);
				resolve(1);
				return;
			}
			print(`queue-tui opened in tmux pane ${stdout.trim()} (q there closes it; jobs keep running)`);
			resolve(0);
		});
	});
}
