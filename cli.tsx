#!/usr/bin/env node
import process from 'node:process';
import {failure, UsageError} from './source/core/errors.js';
import {commandHelp, helpText, parseFor, type Parsed} from './source/cli/flags.js';

type Command = (p: Parsed) => Promise<number>;

/** Subcommands load only their own module: `add`, `status` and `hook` never load Ink, React or meow. */
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
	parse: async () => (await import('./source/cli/commands/parse.js')).run,
	hook: async () => (await import('./source/cli/commands/hook.js')).run,
	statusline: async () => (await import('./source/cli/commands/statusline.js')).run,
	init: async () => (await import('./source/cli/commands/init.js')).run,
	notify: async () => (await import('./source/cli/commands/notify.js')).run,
	start: async () => (await import('./source/cli/commands/start.js')).run,
	pause: async () => (await import('./source/cli/commands/start.js')).pauseCommand(true),
	resume: async () => (await import('./source/cli/commands/start.js')).pauseCommand(false),
	pane: async () => (await import('./source/cli/commands/pane.js')).run,
	clean: async () => (await import('./source/cli/commands/clean.js')).run,
	demo: async () => (await import('./source/cli/commands/demo.js')).run,
};

async function main(argv: string[]): Promise<number> {
	const [sub, ...rest] = argv;
	if (sub !== undefined && !sub.startsWith('-')) {
		const load = LOADERS[sub];
		if (!load) throw new UsageError(`unknown command '${sub}' (queue-tui --help lists them)`);
		const parsed = parseFor(sub, rest);
		if (parsed.flags.help) {
			process.stdout.write(commandHelp(sub) + '\n');
			return 0;
		}
		return (await load())(parsed);
	}
	checkTopLevel(argv);
	// The interactive entry: meow reads the top-level flags; the TUI or headless mode is loaded only now.
	const {default: meow} = await import('meow');
	const cli = meow(helpText(), {
		importMeta: import.meta,
		argv: argv.map(a => (a === '-h' ? '--help' : a)),
		description: false,
		flags: {
			headless: {type: 'boolean', default: false},
			json: {type: 'boolean', default: false},
			exitWhenIdle: {type: 'boolean', default: false},
			home: {type: 'string'},
			parallel: {type: 'number'},
			label: {type: 'string'},
		},
		allowUnknownFlags: true,
		helpIndent: 0,
	});
	const parallel = cli.flags.parallel;
	if (parallel !== undefined && (!Number.isInteger(parallel) || parallel < 1 || parallel > 64)) {
		throw new UsageError('--parallel takes a whole number from 1 to 64');
	}
	if (cli.flags.headless || !process.stdout.isTTY) {
		if (cli.flags.label !== undefined) throw new UsageError('--label goes with the TUI (or with list, status and report), not --headless');
		const {runHeadless} = await import('./source/headless.js');
		return runHeadless({home: cli.flags.home, json: cli.flags.json, exitWhenIdle: cli.flags.exitWhenIdle, parallel});
	}
	// React's development build costs the TUI several points of CPU; load the production one, then
	// put NODE_ENV back so the runner this TUI may start (and its jobs) never inherit our choice.
	const nodeEnv = process.env.NODE_ENV;
	process.env.NODE_ENV ??= 'production';
	const {runTui} = await import('./source/ui/run-tui.js');
	if (nodeEnv === undefined) delete process.env.NODE_ENV;
	return runTui({home: cli.flags.home, parallel, label: cli.flags.label});
}

/** Top-level flags, checked here so a typo gets queue-tui's one-line error rather than meow's. */
function checkTopLevel(argv: string[]): void {
	const withValue = new Set(['--home', '--parallel', '--label']);
	const plain = new Set(['--headless', '--json', '--exit-when-idle', '--help', '-h', '--version']);
	for (let i = 0; i < argv.length; i++) {
		const [name] = argv[i].split('=', 1);
		if (withValue.has(name)) {
			if (!argv[i].includes('=')) i++;
			if (i >= argv.length) throw new UsageError(`${name} needs a value`);
		} else if (!plain.has(argv[i])) {
			throw new UsageError(`unknown flag '${argv[i]}' (queue-tui --help lists them)`);
		}
	}
}

// `queue-tui list | head -3`: a reader that goes away early is not an error.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
	if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
	throw error;
});

try {
	process.exitCode = await main(process.argv.slice(2));
} catch (error) {
	const {line, code} = failure(error);
	process.stderr.write(`queue-tui: ${line}\n`);
	process.exitCode = code;
}
