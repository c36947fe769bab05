import {describe, expect, it} from 'vitest';
import {TOP_FLAGS} from '../../source/cli/args.js';
import {COMMANDS} from '../../source/cli/flags.js';
import {bashScript} from '../../source/cli/completion/bash.js';
import {fishScript} from '../../source/cli/completion/fish.js';
import {completionSpec, wordsOf} from '../../source/cli/completion/spec.js';
import {zshScript} from '../../source/cli/completion/zsh.js';

describe('completion spec', () => {
	const spec = completionSpec();

	it('is the parser\'s table: every subcommand with exactly its flags (and --help, --version)', () => {
		expect(spec.commands.map(c => c.name)).toEqual(Object.keys(COMMANDS));
		for (const c of spec.commands) expect(c.flags.map(f => f.name).sort(), c.name).toEqual([...new Set([...COMMANDS[c.name].flags, 'help', 'version'])].sort());
		expect(spec.top.map(f => f.name)).toEqual(TOP_FLAGS);
	});

	it('reads each subcommand\'s words from its usage line', () => {
		expect(wordsOf('hook', COMMANDS.hook.usage)).toEqual({kind: 'choices', choices: ['prompt', 'post-tool', 'session-start', 'stop']});
		expect(wordsOf('flow', COMMANDS.flow.usage)).toEqual({kind: 'choices', choices: ['run', 'show', 'list']});
		expect(wordsOf('init', COMMANDS.init.usage)).toEqual({kind: 'choices', choices: ['claude']});
		for (const name of ['wait', 'log', 'cancel', 'retry', 'report']) expect(wordsOf(name, COMMANDS[name].usage), name).toEqual({kind: 'ids'});
		expect(wordsOf('parse', COMMANDS.parse.usage)).toEqual({kind: 'files'});
		expect(wordsOf('add', COMMANDS.add.usage)).toEqual({kind: 'command'});
		expect(wordsOf('status', COMMANDS.status.usage)).toEqual({kind: 'none'});
	});

	it('knows what each flag\'s value is', () => {
		const flag = (cmd: string, name: string) => spec.commands.find(c => c.name === cmd)!.flags.find(f => f.name === name)!;
		expect(flag('add', 'after').value).toBe('id');
		expect(flag('add', 'cwd').value).toBe('dir');
		expect(flag('serve', 'token-file').value).toBe('file');
		expect(flag('add', 'label').value).toBe('other');
		expect(flag('add', 'no-start').value).toBeUndefined();
		expect(flag('log', 'follow').short).toBe('f');
	});

	it('puts every subcommand and flag in each script', () => {
		for (const script of [bashScript(spec), zshScript(spec), fishScript(spec)]) {
			for (const c of spec.commands) expect(script).toContain(c.name);
			for (const f of spec.valued) expect(script).toContain(f);
		}
	});
});
