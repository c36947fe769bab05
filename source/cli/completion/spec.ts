/**
 * What shell completion offers, read from the tables the parser and the help use (COMMANDS,
 * FLAGS, TOP_FLAGS), so a new subcommand or flag is completed without touching the scripts:
 *
 * - a flag's value: job ids for `ID` (--after), directories for `DIR`, files for `F`, else none;
 * - a subcommand's words, from its usage line: `hook prompt|post-tool|…` offers those words,
 *   `wait ID…` job ids, `parse … FILE|-` files; `add` and `run` complete their job's command.
 *
 * Pure: the scripts are text built from this.
 */
import {TAKES_COMMAND, TOP_FLAGS} from '../args.js';
import {COMMANDS, FLAGS, type FlagName} from '../flags.js';

export type ValueKind = 'id' | 'dir' | 'file' | 'other';
export type Words = {kind: 'none' | 'ids' | 'files' | 'command'} | {kind: 'choices'; choices: string[]};

export interface FlagSpec {
	name: string;
	short?: string;
	/** What the flag's value is; undefined for a flag that takes none. */
	value?: ValueKind;
	help: string;
}

export interface CommandSpec {
	name: string;
	help: string;
	flags: FlagSpec[];
	words: Words;
}

export interface CompletionSpec {
	/** Flags of the bare `queue-tui`, offered before the subcommand. */
	top: FlagSpec[];
	commands: CommandSpec[];
	/** Every flag that takes a value (so a scanner knows to skip the next word). */
	valued: string[];
}

type Def = {type: 'string' | 'boolean'; arg?: string; help: string; short?: string};

const VALUE_OF: Record<string, ValueKind> = {ID: 'id', DIR: 'dir', F: 'file', FILE: 'file'};

function flagSpec(name: FlagName): FlagSpec {
	const def = FLAGS[name] as Def;
	const value = def.type === 'string' ? (VALUE_OF[def.arg ?? ''] ?? 'other') : undefined;
	return {name, help: def.help, ...(def.short ? {short: def.short} : {}), ...(value ? {value} : {})};
}

/** The words a subcommand takes, from its usage line (`flow run|show NAME … | flow list`). */
export function wordsOf(name: string, usage: string): Words {
	if (TAKES_COMMAND.has(name)) return {kind: 'command'};
	const choices = [...usage.matchAll(new RegExp(`(?:^|\\| )${name} ([a-z][a-z|-]*)(?=\\s|$)`, 'g'))].flatMap(m => m[1].split('|'));
	if (choices.length > 0) return {kind: 'choices', choices};
	if (/\bID\b/.test(usage)) return {kind: 'ids'};
	if (/\bFILE\b/.test(usage)) return {kind: 'files'};
	return {kind: 'none'};
}

export function completionSpec(): CompletionSpec {
	const commands = Object.entries(COMMANDS).map(([name, c]) => ({
		name,
		help: c.help,
		flags: [...c.flags, 'help', 'version'].filter((f, i, all) => all.indexOf(f) === i).map(f => flagSpec(f as FlagName)),
		words: wordsOf(name, c.usage),
	}));
	const valued = (Object.keys(FLAGS) as FlagName[]).filter(f => FLAGS[f].type === 'string').map(f => `--${f}`);
	return {top: TOP_FLAGS.map(flagSpec), commands, valued};
}

/** Every flag that takes a value, by what its value is (`--after` → id). */
export function flagsByValue(spec: CompletionSpec): Record<ValueKind, string[]> {
	const all = [...spec.top, ...spec.commands.flatMap(c => c.flags)];
	const byValue: Record<ValueKind, string[]> = {id: [], dir: [], file: [], other: []};
	for (const f of all) if (f.value && !byValue[f.value].includes(`--${f.name}`)) byValue[f.value].push(`--${f.name}`);
	return byValue;
}

/** A flag as the user types it, long form (and its short one). */
export const flagWords = (flags: FlagSpec[]): string[] => flags.flatMap(f => [`--${f.name}`, ...(f.short ? [`-${f.short}`] : [])]);

/** A shell's action for a subcommand's words, or undefined when it takes none. */
export function wordsAction(words: Words, actions: {command: string; ids: string; files: string; choices: (choices: string[]) => string}): string | undefined {
	if (words.kind === 'choices') return actions.choices(words.choices);
	return words.kind === 'none' ? undefined : actions[words.kind];
}
