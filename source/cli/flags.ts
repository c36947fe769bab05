
/** Every flag queue-tui takes, once: subcommands pick theirs from here, and the help is built from it. */
export const FLAGS = {
	home: {type: 'string', arg: 'DIR', help: 'queue directory (default: .queue/ at the git top level; also QUEUE_TUI_HOME)'},
	json: {type: 'boolean', help: 'machine-readable output'},
	label: {type: 'string', arg: 'NAME', help: 'a label (a task id such as QUAL-044)'},
	name: {type: 'string', arg: 'NAME', help: 'what to call the job (default: from its command: pytest tests, extract, python3 -c)'},
	timeout: {type: 'string', arg: 'DUR', help: 'kill the job after DUR (90s, 30m, 1h30m); retried like a failure'},
	retries: {type: 'string', arg: 'N', help: 'automatic retries after a failure (default 2)'},
	backoff: {type: 'string', arg: 'DUR', help: 'wait before a retry, times the attempt number (default 2s)'},
	cwd: {type: 'string', arg: 'DIR', help: 'working directory of the job (default: the current one)'},
	env: {type: 'string', multiple: true, arg: 'K=V', help: 'an environment entry for the job (repeatable)'},
	shell: {type: 'string', arg: "'CMD'", help: 'run CMD through sh -c (pipes, &&, globs)'},
	kind: {type: 'string', arg: 'K', help: 'progress parser: pytest, tqdm or generic (default: from the command)'},
	after: {type: 'string', multiple: true, arg: 'ID', help: 'run only after job ID succeeded (else: skipped); repeatable'},
	'after-any': {type: 'string', multiple: true, arg: 'ID', help: 'run after job ID ended, however it ended; repeatable'},
	'if-failed': {type: 'string', multiple: true, arg: 'ID', help: 'run only if job ID failed or timed out (a diagnostics job); repeatable'},
	'no-start': {type: 'boolean', help: 'do not start a runner (the job waits for `queue-tui start`)'},
	notify: {type: 'boolean', help: 'notify when this job ends, even on success'},
	snapshot: {type: 'boolean', help: 'run on the tree as it is now (a git worktree of it, untracked files included)'},
	'keep-snapshot': {type: 'boolean', help: 'with --snapshot: keep the worktree when the job fails'},
	gpus: {type: 'string', arg: 'N', help: 'start only when N GPUs are free; the job gets CUDA_VISIBLE_DEVICES'},
	executor: {type: 'string', arg: 'E', help: 'where the job runs: local (default) or slurm'},
	partition: {type: 'string', arg: 'P', help: 'with --executor slurm: the Slurm partition'},
	set: {type: 'string', multiple: true, arg: 'K=V', help: 'with flow: a workflow variable (repeatable)'},
	wait: {type: 'boolean', help: 'with flow run: wait, print one result line, exit with the flow\'s code'},
	parallel: {type: 'string', arg: 'N', help: 'jobs run at once (default 1; saved for the queue)'},
	tail: {type: 'string', arg: 'N', help: 'only the last N lines'},
	follow: {type: 'boolean', short: 'f', help: 'keep printing new output until the job ends'},
	raw: {type: 'boolean', help: 'print the log bytes as they are (escape sequences included)'},
	state: {type: 'string', arg: 'S', help: 'only jobs in state S (queued, running, failed, …)'},
	all: {type: 'boolean', help: 'every job, not only the last 50'},
	ids: {type: 'boolean', help: 'with list: only the job ids, one a line (for scripts and shell completion)'},
	brief: {type: 'boolean', help: 'with report: one line for agents'},
	wrap: {type: 'string', arg: "'CMD'", help: 'with statusline: run your previous status command and append the queue segment'},
	project: {type: 'boolean', help: 'with init claude: .claude/settings.json (shared with the team)'},
	user: {type: 'boolean', help: 'with init claude: ~/.claude/settings.json (every project)'},
	uninstall: {type: 'boolean', help: 'with init claude: remove what init added and restore what was there'},
	'dry-run': {type: 'boolean', help: 'with init claude or clean: show what would change, change nothing'},
	'older-than': {type: 'string', arg: 'DUR', help: 'with clean: only jobs that finished more than DUR ago (30d, 12h)'},
	keep: {type: 'string', arg: 'N', help: 'with clean: keep the newest N finished jobs'},
	worktrees: {type: 'boolean', help: 'with clean: only the snapshot checkouts and refs no unfinished job needs'},
	'claude-md': {type: 'boolean', help: 'with init claude: also add the snippet to CLAUDE.md'},
	headless: {type: 'boolean', help: 'run the queue in the foreground without a screen'},
	'exit-when-idle': {type: 'boolean', help: 'with --headless: exit once nothing is queued or running'},
	size: {type: 'string', arg: 'SIZE', help: 'with pane: width (or height with --below) of the new pane, 35% or cells (default 35%)'},
	below: {type: 'boolean', help: 'with pane: split below the current pane instead of beside it'},
	port: {type: 'string', arg: 'N', help: 'with serve: the port (default 8088; 0 picks a free one)'},
	host: {type: 'string', arg: 'ADDR', help: 'with serve: the address to listen on (default 127.0.0.1; any other needs a token)'},
	token: {type: 'string', arg: 'T', help: 'with serve: the token a browser must bring (?token=T once, or a bearer header)'},
	'token-file': {type: 'string', arg: 'F', help: 'with serve: read the token from file F'},
	'allow-actions': {type: 'boolean', help: 'with serve: allow retry and cancel from the pages'},
	help: {type: 'boolean', short: 'h', help: 'show help'},
	version: {type: 'boolean', help: 'show the version'},
} as const satisfies Record<string, {type: 'string' | 'boolean'; help: string; arg?: string; multiple?: boolean; short?: string}>;

export type FlagName = keyof typeof FLAGS;

/** What each subcommand does and which flags it takes; drives parsing and `--help`. */
export const COMMANDS: Record<string, {usage: string; help: string; flags: FlagName[]}> = {
	add: {usage: 'add [flags] [--] CMD [ARGS…]', help: 'queue a command; prints its id', flags: ['home', 'label', 'name', 'timeout', 'retries', 'backoff', 'cwd', 'env', 'shell', 'kind', 'after', 'after-any', 'if-failed', 'no-start', 'notify', 'json', 'snapshot', 'keep-snapshot', 'gpus', 'executor', 'partition']},
	run: {usage: 'run [flags] [--] CMD [ARGS…]', help: 'add, wait, print one result line; exit with the job\'s code', flags: ['home', 'label', 'name', 'timeout', 'retries', 'backoff', 'cwd', 'env', 'shell', 'kind', 'after', 'after-any', 'if-failed', 'notify', 'json', 'snapshot', 'keep-snapshot', 'gpus', 'executor', 'partition']},
	wait: {usage: 'wait ID…', help: 'block until the jobs (or flows, f12) end; exit code = the (first failing) one\'s', flags: ['home', 'json']},
	list: {usage: 'list', help: 'a table of jobs (last 50; --all for every one)', flags: ['home', 'json', 'label', 'state', 'all', 'ids']},
	status: {usage: 'status', help: 'print the one-line status (--json: status.json; --label: that label only)', flags: ['home', 'json', 'label']},
	log: {usage: 'log ID', help: 'print a job\'s output (sanitized; --raw for bytes)', flags: ['home', 'tail', 'follow', 'raw']},
	cancel: {usage: 'cancel ID…', help: 'cancel queued or running jobs or flows (f12; kills the whole process group)', flags: ['home']},
	retry: {usage: 'retry ID…', help: 'queue failed, cancelled or timed-out jobs again (a flow, f12: from its first step that failed)', flags: ['home', 'no-start']},
	report: {usage: 'report ID | --label NAME', help: 'a finished job\'s (or flow\'s, f12) report (markdown; --brief: one line)', flags: ['home', 'brief', 'label', 'json']},
	flow: {usage: 'flow run|show NAME [--label L] [--set K=V] | flow list', help: 'workflows from .queue-tui.json: queue one (prints its id, f12), show it filled in, or list them', flags: ['home', 'label', 'set', 'wait', 'no-start', 'json']},
	parse: {usage: 'parse [--kind K] FILE|-', help: 'replay a saved log through the progress parser; print the result', flags: ['kind', 'json']},
	hook: {usage: 'hook prompt|post-tool|session-start|stop', help: 'Claude Code hook: tell the session about results it has not seen', flags: []},
	statusline: {usage: "statusline [--wrap 'CMD']", help: 'Claude Code status bar segment (reads its JSON on stdin)', flags: ['wrap']},
	init: {usage: 'init claude [--project|--user] [--uninstall] [--dry-run] [--claude-md]', help: 'set up the Claude Code hooks, status line and /queue skill', flags: ['project', 'user', 'uninstall', 'dry-run', 'claude-md']},
	notify: {usage: 'notify test', help: 'send a test message through each configured notifier', flags: ['home']},
	start: {usage: 'start', help: 'start a background runner if none is alive (after --no-start, say)', flags: ['home', 'parallel']},
	pause: {usage: 'pause', help: 'start nothing new (running jobs go on)', flags: ['home']},
	resume: {usage: 'resume', help: 'start queued jobs again', flags: ['home']},
	pane: {usage: 'pane [--size 35%] [--below]', help: 'open the TUI in a new tmux pane beside (or below) this one', flags: ['home', 'size', 'below']},
	clean: {usage: 'clean [--older-than DUR] [--label L] [--keep N] [--worktrees] [--dry-run]', help: 'remove finished jobs with their logs and reports (never one that has not ended), and snapshot checkouts no unfinished job needs', flags: ['home', 'older-than', 'label', 'keep', 'worktrees', 'dry-run']},
	serve: {usage: 'serve [--port N] [--host ADDR] [--token T]', help: 'a live web dashboard of the queue (read-only unless --allow-actions)', flags: ['home', 'port', 'host', 'token', 'token-file', 'allow-actions']},
	completion: {usage: 'completion bash|zsh|fish', help: 'print the shell completion script (README: installing it)', flags: []},
	demo: {usage: 'demo', help: 'queue a short demonstration (a pytest suite and a batch script) to watch in the TUI', flags: ['home']},
};

export interface Parsed {
	flags: Record<string, string | boolean | string[] | undefined>;
	/** Words that are not flags (job ids, file names). */
	positionals: string[];
	/** add and run: the job's command (from the first word on, or after `--`). */
	command: string[];
}

/** One subcommand's help: its usage, what it does, and its flags. */
export function commandHelp(name: string): string {
	const c = COMMANDS[name];
	const flags = c.flags.map(f => {
		const def = FLAGS[f] as {arg?: string; help: string; short?: string};
		return `  ${`${def.short ? `-${def.short}, ` : ''}--${f}${def.arg ? ` ${def.arg}` : ''}`.padEnd(24)} ${def.help}`;
	});
	return [`Usage: queue-tui ${c.usage}`, c.help, ...(flags.length ? ['', 'Flags', ...flags] : [])].join('\n');
}

/** The help text, from the tables above. */
export function helpText(): string {
	const cmds = Object.values(COMMANDS).map(c =>
		c.usage.length <= 34 ? `  queue-tui ${c.usage.padEnd(34)} ${c.help}` : `  queue-tui ${c.usage}\n  ${''.padEnd(44)} ${c.help}`);
	const flags = (Object.keys(FLAGS) as FlagName[]).map(f => {
		const def = FLAGS[f] as {arg?: string; help: string; short?: string};
		const name = `${def.short ? `-${def.short}, ` : ''}--${f}${def.arg ? ` ${def.arg}` : ''}`;
		return `  ${name.padEnd(24)} ${def.help}`;
	});
	return [
		'queue-tui: a persistent queue for long commands, with a live TUI and a one-line status file',
		'',
		'Usage',
		'  queue-tui [--label NAME]                    open the TUI on this project\'s queue (only one label\'s jobs)',
		'  queue-tui --headless [--json] [--exit-when-idle]   run the queue without a screen',
		...cmds,
		'',
		'The job\'s command starts at its first word (-- before it is optional): flags after it are its own.',
		'--home, --help and --version go before or after the subcommand.',
		'',
		'Flags',
		...flags,
	].join('\n');
}
