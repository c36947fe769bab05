/**
 * The command line, read the way a person writes it:
 *
 *   queue-tui --home /x add -- true          global flags before the subcommand…
 *   queue-tui add --home /x -- true          …or after it
 *   queue-tui add --no-start echo --label X  the command is `echo --label X`: everything from the
 *                                            first word that is not a flag belongs to the job (as
 *                                            with nohup, tsp or pueue add), `--` or not
 *   queue-tui wait 3 --json                  other subcommands take words and flags in any order
 *   queue-tui add --version                  --help and --version work after any subcommand
 *
 * Every mistake is one UsageError in queue-tui's own words, naming the flag. Pure: no I/O.
 */
import {UsageError} from '../core/errors.js';
import {COMMANDS, FLAGS, type FlagName, type Parsed} from './flags.js';

/** Flags of the bare `queue-tui` (the TUI, or the queue without a screen). */
export const TOP_FLAGS: FlagName[] = ['home', 'label', 'parallel', 'headless', 'json', 'exit-when-idle', 'help', 'version'];

/** Subcommands whose first word starts the job's command. */
export const TAKES_COMMAND = new Set(['add', 'run']);

type Def = {type: 'string' | 'boolean'; multiple?: boolean; short?: string};
const defOf = (name: FlagName) => FLAGS[name] as Def;
const SHORT = new Map(Object.entries(FLAGS).flatMap(([name, d]) => ((d as Def).short ? [[`-${(d as Def).short}`, name as FlagName]] : [])));

export interface CommandLine {
	/** The subcommand, or undefined for the bare `queue-tui`. */
	sub?: string;
	parsed: Parsed;
}

/** Splits argv into the subcommand and its flags, words and job command. */
export function parseCommandLine(argv: string[]): CommandLine {
	const at = subcommandIndex(argv);
	if (at === -1) return {parsed: parseFlags(undefined, argv)};
	const sub = argv[at];
	if (!Object.hasOwn(COMMANDS, sub)) throw new UsageError(`unknown command '${sub}' (queue-tui --help lists them)`);
	return {sub, parsed: parseFlags(sub, [...argv.slice(0, at), ...argv.slice(at + 1)])};
}

/** Where the subcommand is: the first word that is neither a flag nor a flag's value. */
function subcommandIndex(argv: string[]): number {
	for (let i = 0; i < argv.length; i++) {
		const token = argv[i];
		if (token === '--') return -1;
		if (!isFlag(token)) return i;
		const name = flagName(token);
		if (name !== undefined && defOf(name).type === 'string' && !token.includes('=')) i++;
	}
	return -1;
}

const isFlag = (token: string) => token.length > 1 && token.startsWith('-') && !/^-\d/.test(token);

/** The known flag a token names (`--home=x` → home, `-h` → help), else undefined. */
function flagName(token: string): FlagName | undefined {
	if (!token.startsWith('--')) return SHORT.get(token);
	const name = token.slice(2).split('=', 1)[0];
	return Object.hasOwn(FLAGS, name) ? (name as FlagName) : undefined;
}

/** Strict parse of one subcommand's (or the bare command's) flags, words and job command. */
export function parseFlags(sub: string | undefined, argv: string[]): Parsed {
	const allowed = new Set<FlagName>(sub === undefined ? TOP_FLAGS : [...COMMANDS[sub].flags, 'help', 'version']);
	const where = sub === undefined ? 'queue-tui' : `queue-tui ${sub}`;
	const flags: Parsed['flags'] = {};
	const positionals: string[] = [];
	let command: string[] = [];
	const takesCommand = sub !== undefined && TAKES_COMMAND.has(sub);
	for (let i = 0; i < argv.length; i++) {
		const token = argv[i];
		if (token === '--') {
			if (takesCommand) command = argv.slice(i + 1);
			else positionals.push(...argv.slice(i + 1));
			break;
		}
		if (!isFlag(token) && takesCommand) {
			command = argv.slice(i);
			break;
		}
		if (!isFlag(token)) {
			if (sub === undefined) throw new UsageError(`unknown command '${token}' (queue-tui --help lists them)`);
			positionals.push(token);
			continue;
		}
		const name = flagName(token);
		const shown = token.split('=', 1)[0];
		if (name === undefined) throw new UsageError(`unknown flag ${shown} (${where} --help lists the flags)`);
		if (!allowed.has(name)) throw new UsageError(`${where} does not take --${name} (${where} --help lists the flags)`);
		const def = defOf(name);
		const eq = token.indexOf('=');
		if (def.type === 'boolean') {
			if (eq !== -1) throw new UsageError(`--${name} takes no value (give it alone, not '${token}')`);
			flags[name] = true;
			continue;
		}
		let value: string;
		if (eq !== -1) value = token.slice(eq + 1);
		else {
			const next = argv[i + 1];
			if (next === undefined || next === '--' || (next.startsWith('--') && next.length > 2)) throw new UsageError(`--${name} needs a value: --${name} ${(FLAGS[name] as {arg?: string}).arg ?? 'VALUE'}`);
			value = next;
			i++;
		}
		if (def.multiple) flags[name] = [...((flags[name] as string[] | undefined) ?? []), value];
		else flags[name] = value;
	}
	return {flags, positionals, command};
}
