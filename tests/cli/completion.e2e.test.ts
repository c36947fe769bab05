import {execFileSync, spawnSync} from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {expectUsage} from '../helpers/expect-usage.js';
import {CLI, QueueEnv} from '../helpers/queue-env.js';

/**
 * The completion scripts in the real shells: bash drives the function as complete -F would
 * (COMP_WORDS/COMP_CWORD → COMPREPLY), fish answers `complete -C` itself, and zsh runs the
 * function with its completion builtins (compadd, _describe, _files, _normal) recording what
 * they were given, since zsh completes only inside a line editor. Job ids come from the real
 * `queue-tui list --ids` on PATH.
 */
const has = (shell: string) => spawnSync('sh', ['-c', `command -v ${shell}`]).status === 0;

let env: QueueEnv;
let bin: string;
let ids: number[];

beforeAll(async () => {
	env = new QueueEnv();
	bin = path.join(env.dir, 'bin');
	fs.mkdirSync(bin);
	fs.writeFileSync(path.join(bin, 'queue-tui'), `#!/bin/sh\nexec '${process.execPath}' '${CLI}' "$@"\n`, {mode: 0o755});
	ids = [await env.add(['--no-start', '--', 'true']), await env.add(['--no-start', '--', 'echo', 'hi'])];
	for (const shell of ['bash', 'zsh', 'fish']) {
		const r = await env.cli(['completion', shell]);
		expect(r.code, r.stderr).toBe(0);
		fs.writeFileSync(path.join(env.dir, `script.${shell}`), r.stdout);
	}
});
afterAll(async () => env?.cleanup());

/** Runs a shell in the project directory with the built queue-tui first on PATH. */
function shell(cmd: string, args: string[]): string {
	return execFileSync(cmd, args, {cwd: env.dir, encoding: 'utf8', env: {...process.env, PATH: `${bin}:${process.env.PATH}`, QUEUE_TUI_HOME: ''}, timeout: 60_000});
}

const q = (s: string) => `'${s.replaceAll("'", "'\\''")}'`;

describe('bash', () => {
	/** What completing the last word of `line` offers. */
	function complete(...words: string[]): string[] {
		const out = shell('bash', ['--norc', '-c', `source script.bash
COMP_WORDS=(${words.map(q).join(' ')}); COMP_CWORD=${words.length - 1}; _queue_tui; printf '%s\\n' "\${COMPREPLY[@]}"
complete -p queue-tui >&2`]);
		return out.split('\n').filter(Boolean);
	}

	it('registers itself for queue-tui', () => {
		const r = spawnSync('bash', ['--norc', '-c', 'source script.bash; complete -p queue-tui'], {cwd: env.dir, encoding: 'utf8'});
		expect(r.stdout.trim()).toBe('complete -F _queue_tui queue-tui');
	});

	it('completes subcommands, their flags and their words', () => {
		expect(complete('queue-tui', 'ad')).toEqual(['add']);
		expect(complete('queue-tui', 'comp')).toEqual(['completion']);
		expect(complete('queue-tui', 'add', '--af')).toEqual(['--after', '--after-any']);
		expect(complete('queue-tui', 'log', '-')).toEqual(expect.arrayContaining(['--follow', '-f', '--tail', '--home']));
		expect(complete('queue-tui', 'log', '-')).not.toContain('--label');
		expect(complete('queue-tui', 'hook', '')).toEqual(['prompt', 'post-tool', 'session-start', 'stop']);
		expect(complete('queue-tui', 'hook', 'prompt', '')).toEqual([]);
		expect(complete('queue-tui', 'flow', '')).toEqual(['run', 'show', 'list']);
		expect(complete('queue-tui', '--hea')).toEqual(['--headless']);
	});

	it('completes job ids from the queue, for subcommands and for --after', () => {
		const want = ids.map(String);
		expect(complete('queue-tui', 'log', '')).toEqual(want);
		expect(complete('queue-tui', 'add', '--after', '')).toEqual(want);
		expect(complete('queue-tui', '--home', env.home, 'cancel', '')).toEqual(want);
		expect(complete('queue-tui', '--home', path.join(env.dir, 'elsewhere'), 'cancel', '')).toEqual([]);
	});

	it('leaves the job\'s command its own: command names first, none of queue-tui\'s flags after it', () => {
		expect(complete('queue-tui', 'add', '--label', 'X', 'ech')).toContain('echo');
		expect(complete('queue-tui', 'add', 'echo', '--la')).toEqual([]);
		expect(complete('queue-tui', 'run', '--', 'ech')).toContain('echo');
	});

	it('completes directories for --home and files for parse', () => {
		fs.mkdirSync(path.join(env.dir, 'logs dir'));
		fs.writeFileSync(path.join(env.dir, 'run.log'), '');
		expect(complete('queue-tui', '--home', 'log')).toEqual(['logs dir']);
		expect(complete('queue-tui', 'parse', 'ru')).toEqual(['run.log']);
	});
});

describe.skipIf(!has('fish'))('fish (skipped when fish is not installed)', () => {
	const complete = (line: string) =>
		shell('fish', ['--no-config', '-c', `source script.fish; complete -C ${q(line)}`])
			.split('\n')
			.filter(Boolean)
			.map(l => l.split('\t')[0]);

	it('checks as valid fish', () => {
		expect(spawnSync('fish', ['--no-execute', 'script.fish'], {cwd: env.dir}).status).toBe(0);
	});

	it('completes subcommands, flags, words, job ids and the job\'s own command', () => {
		expect(complete('queue-tui ad')).toEqual(['add']);
		expect(complete('queue-tui add --af')).toEqual(['--after', '--after-any']);
		expect(complete('queue-tui hook ').sort()).toEqual(['post-tool', 'prompt', 'session-start', 'stop']);
		expect(complete('queue-tui log ')).toEqual(ids.map(String));
		expect(complete(`queue-tui --home ${env.home} retry `)).toEqual(ids.map(String));
		expect(complete('queue-tui add --after ')).toEqual(ids.map(String));
		expect(complete('queue-tui add --label X ech')).toContain('echo');
		expect(complete('queue-tui add echo --la')).not.toContain('--label');
	});
});

describe.skipIf(!has('zsh'))('zsh (skipped when zsh is not installed)', () => {
	/** Runs the function on `words` with the completion builtins recording their arguments. */
	function complete(...words: string[]): string {
		return shell('zsh', ['-f', '-c', `compdef() {}
compadd() { [[ $1 == -- ]] && shift; print -r -- "compadd: $*" }
_describe() { print -r -- "describe: \${(j:|:)\${(P)\${@[-1]}}}" }
_files() { print -r -- "files: $*" }
_normal() { print -r -- "normal: $CURRENT: \${words[*]}" }
source script.zsh
words=(${words.map(q).join(' ')}); CURRENT=$#words
_queue_tui`]).trim();
	}

	it('checks as valid zsh and registers itself with compdef when sourced', () => {
		expect(spawnSync('zsh', ['-n', 'script.zsh'], {cwd: env.dir}).status).toBe(0);
		expect(shell('zsh', ['-f', '-c', 'compdef() { print -r -- "compdef: $*" }; source script.zsh'])).toBe('compdef: _queue_tui queue-tui\n');
	});

	it('completes subcommands and flags with what they do, words, job ids and the job\'s own command', () => {
		expect(complete('queue-tui', 'ad')).toMatch(/^describe: add:queue a command; prints its id\|run:/);
		expect(complete('queue-tui', 'add', '--af')).toContain('|--after:run only after job ID succeeded');
		expect(complete('queue-tui', 'hook', '')).toBe('compadd: prompt post-tool session-start stop');
		expect(complete('queue-tui', 'log', '')).toBe(`compadd: ${ids.join(' ')}`);
		expect(complete('queue-tui', '--home', env.home, 'add', '--if-failed', '')).toBe(`compadd: ${ids.join(' ')}`);
		expect(complete('queue-tui', '--home', 'x')).toBe('files: -/');
		expect(complete('queue-tui', 'add', '--label', 'X', 'echo', '--la')).toBe('normal: 2: echo --la');
	});
});

describe('bad input', () => {
	it('completion without a known shell is one line and exit 2', async () => {
		expectUsage(await env.cli(['completion']), /^queue-tui: queue-tui completion takes one shell: bash, zsh or fish\n$/);
		expectUsage(await env.cli(['completion', 'tcsh']), /takes one shell: bash, zsh or fish, not 'tcsh'/);
		expectUsage(await env.cli(['list', '--ids', '--json']), /--ids or --json, not both/);
	});

	it('list --ids prints the ids alone, and nothing for no queue', async () => {
		expect((await env.cli(['list', '--ids'])).stdout).toBe(ids.map(id => `${id}\n`).join(''));
		expect((await env.cli(['list', '--ids', '--home', path.join(env.dir, 'none')])).stdout).toBe('');
	});
});
