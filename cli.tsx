#!/usr/bin/env node
import fs from 'node:fs';
import nodeModule from 'node:module';
import process from 'node:process';
import {parseCommandLine} from './source/cli/args.js';
import {checkHomeFlag} from './source/cli/home-flag.js';
import {failure, UsageError} from './source/core/errors.js';
import {commandHelp, helpText, type Parsed} from './source/cli/flags.js';
import {guardStdout, writeOut} from './source/cli/stdout.js';

type Command = (p: Parsed) => Promise<number>;

// Node 22.1+ keeps the compiled code of the modules loaded below on disk between runs, a faster
// start for every command (the subcommand modules are loaded after this line). Node 20 lacks it.
(nodeModule as {enableCompileCache?: () => unknown}).enableCompileCache?.();

/**
 * Subcommands load only their own module: `add`, `status` and `hook` never load Ink or React.
 * The first group is what users and agents run many times a day: the `queue-tui` command
 * (dist/queue-tui.cjs) carries their code in one CommonJS bundle. The second group needs Ink,
 * React or execa (ES modules only) and stays in dist/, reached by a real import() from either.
 */
const LOADERS: Record<string, () => Promise<Command>> = {
	add: async () => (await import('./source/cli/commands/add.js')).run,
	run: async () => (await import('./source/cli/commands/run.js')).run,
	wait: async () => (await import('./source/cli/commands/wait.js')).run,
	list: async () => (await import('./source/cli/commands/list.js')).run,
	status: async () => (await import('./source/cli/commands/status.js')).run,
	log: async () => (await import('./source/cli/commands/log.js')).run,
	cancel: async () => (await import('./source/cli/commands/cancel.js')).run,
	retry: async () => (await import('./source/cli/commands/retry.js')).run,
	report: async () => (await import('./source/cli/commands/report.js')).run,
	flow: async () => (await import('./source/cli/commands/flow.js')).run,
	hook: async () => (await import('./source/cli/commands/hook.js')).run,
	statusline: async () => (await import('./source/cli/commands/statusline.js')).run,
	start: async () => (await import('./source/cli/commands/start.js')).run,
	pause: async () => (await import('./source/cli/commands/start.js')).pauseCommand(true),
	resume: async () => (await import('./source/cli/commands/start.js')).pauseCommand(false),
	clean: async () => (await import('./source/cli/commands/clean.js')).run,

	parse: async () => (await fromDist<CommandModule>('source/cli/commands/parse.js')).run,
	init: async () => (await fromDist<CommandModule>('source/cli/commands/init.js')).run,
	notify: async () => (await fromDist<CommandModule>('source/cli/commands/notify.js')).run,
	pane: async () => (await fromDist<CommandModule>('source/cli/commands/pane.js')).run,
	demo: async () => (await fromDist<CommandModule>('source/cli/commands/demo.js')).run,
	// memory-mode first, on its own: its V8 settings must be in place before the dashboard's modules load.
	serve: async () => (await fromDist('source/serve/memory-mode.js'), await fromDist<CommandModule>('source/cli/commands/serve.js')).run,
	completion: async () => (await fromDist<CommandModule>('source/cli/commands/completion.js')).run,
};

interface CommandModule {
	run: Command;
}

/**
 * A module of dist/ by its path there, always as an ES module from its own file: an absolute URL,
 * so the bundle (which the bundler leaves a computed import() alone in) finds it too. Run from V8's
 * code cache (dist/bin.cjs on Node 20), the bundle cannot call import() itself: the `queue-tui`
 * command lends it its own.
 */
async function fromDist<T>(rel: string): Promise<T> {
	guardStdout();
	const url = new URL(rel, import.meta.url).href;
	const lent = (globalThis as Record<symbol, ((url: string) => Promise<unknown>) | undefined>)[Symbol.for('queue-tui.import')];
	return (await (lent ? lent(url) : import(url))) as T;
}

async function main(argv: string[]): Promise<number> {
	const {sub, parsed} = parseCommandLine(argv);
	const {flags} = parsed;
	if (flags.version) {
		const pkg = JSON.parse(fs.readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {version: string};
		writeOut(pkg.version + '\n');
		return 0;
	}
	if (flags.help) {
		writeOut((sub === undefined ? helpText() : commandHelp(sub)) + '\n');
		return 0;
	}
	if (typeof flags.home === 'string') checkHomeFlag(flags.home);
	if (sub !== undefined) return (await LOADERS[sub]())(parsed);
	const {intFlag} = await import('./source/cli/flag-values.js');
	const parallel = intFlag(parsed, 'parallel', 1, 64);
	const home = flags.home as string | undefined;
	if (flags.headless) {
		if (flags.label !== undefined) throw new UsageError('--label goes with the TUI (or with list, status and report), not --headless');
		const {runHeadless} = await fromDist<typeof import('./source/headless.js')>('source/headless.js');
		return runHeadless({home, json: flags.json === true, exitWhenIdle: flags['exit-when-idle'] === true, parallel});
	}
	for (const name of ['json', 'exit-when-idle']) if (flags[name]) throw new UsageError(`--${name} goes with --headless`);
	// Piped or redirected, a screen would be garbage and running the queue silently would surprise.
	if (!process.stdout.isTTY) throw new UsageError('the TUI needs a terminal, and stdout is not one (to run the queue without a screen: queue-tui --headless)');
	// React's development build costs the TUI several points of CPU; load the production one, then
	// put NODE_ENV back so the runner this TUI may start (and its jobs) never inherit our choice.
	const nodeEnv = process.env.NODE_ENV;
	process.env.NODE_ENV ??= 'production';
	const {runTui} = await fromDist<typeof import('./source/ui/run-tui.js')>('source/ui/run-tui.js');
	if (nodeEnv === undefined) delete process.env.NODE_ENV;
	return runTui({home, parallel, label: flags.label as string | undefined});
}

// No top-level await: this file is also bundled as CommonJS (dist/queue-tui.cjs).
main(process.argv.slice(2)).then(
	code => {
		process.exitCode = code;
	},
	(error: unknown) => {
		const {line, code} = failure(error);
		process.stderr.write(`queue-tui: ${line}\n`);
		process.exitCode = code;
	},
);
