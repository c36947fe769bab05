// The command line, parsed in-process: global flags anywhere, the job's command from its first
// word, and every mistake as one UsageError naming the flag.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {parseCommandLine} from '../../source/cli/args.js';
import {jobSpecFrom} from '../../source/cli/job-spec.js';
import {loadConfig} from '../../source/core/config.js';
import {UsageError} from '../../source/core/errors.js';

const parse = (...argv: string[]) => parseCommandLine(argv);

/** The one-line message a call fails with (and that it fails as bad input, exit 2). */
function usage(fn: () => unknown): string {
	try {
		fn();
	} catch (error) {
		expect(error).toBeInstanceOf(UsageError);
		const message = (error as Error).message;
		expect(message).not.toContain('\n');
		return message;
	}
	throw new Error('no error');
}

describe('global flags before or after the subcommand', () => {
	it.each([
		[['--home', '/x', 'add', '--', 'true']],
		[['add', '--home', '/x', '--', 'true']],
		[['--home=/x', 'add', 'true']],
		[['add', '--home=/x', 'true']],
	])('%j', argv => {
		const {sub, parsed} = parseCommandLine(argv);
		expect(sub).toBe('add');
		expect(parsed.flags.home).toBe('/x');
		expect(parsed.command).toEqual(['true']);
	});

	it('the bare command and subcommands without a job command', () => {
		expect(parse('--home', '/x', '--label', 'Q')).toEqual({parsed: {flags: {home: '/x', label: 'Q'}, positionals: [], command: []}});
		expect(parse('--json', 'wait', '3', '4')).toEqual({sub: 'wait', parsed: {flags: {json: true}, positionals: ['3', '4'], command: []}});
		expect(parse('wait', '3', '--json', '--home', 'h')).toEqual({sub: 'wait', parsed: {flags: {json: true, home: 'h'}, positionals: ['3'], command: []}});
		expect(parse('log', '-f', '3').parsed.flags.follow).toBe(true);
		expect(parse('parse', '-').parsed.positionals).toEqual(['-']);
	});
});

describe('everything after the first word belongs to the command', () => {
	it('with or without --', () => {
		const bare = parse('add', '--no-start', 'echo', '--label', 'X');
		expect(bare.parsed.flags).toEqual({'no-start': true});
		expect(bare.parsed.command).toEqual(['echo', '--label', 'X']);
		expect(parse('add', '--no-start', '--', 'echo', '--label', 'X').parsed).toEqual(bare.parsed);
		expect(parse('run', '--label', 'Q', 'pytest', '-q', '--', 'tests').parsed.command).toEqual(['pytest', '-q', '--', 'tests']);
		expect(parse('add', '--label', 'Q', 'python3', '--version').parsed.flags.version).toBeUndefined();
	});

	it('a flag value may start with a dash', () => {
		expect(parse('add', '--retries', '-1', 'true').parsed.flags.retries).toBe('-1');
		expect(parse('add', '--shell', '-x', 'true').parsed.flags.shell).toBe('-x');
	});
});

describe('--help and --version after any subcommand', () => {
	it.each(['add', 'wait', 'hook', 'statusline', 'init', 'parse'])('%s', sub => {
		expect(parse(sub, '--version').parsed.flags.version).toBe(true);
		expect(parse(sub, '--help').parsed.flags.help).toBe(true);
		expect(parse(sub, '-h').parsed.flags.help).toBe(true);
	});
});

describe('bad flags: one line in queue-tui\'s words', () => {
	it.each([
		[['add', '--bogus', '--', 'true'], "unknown flag --bogus (queue-tui add --help lists the flags)"],
		[['--bogus'], 'unknown flag --bogus (queue-tui --help lists the flags)'],
		[['add', '--tail', '3', 'true'], 'queue-tui add does not take --tail (queue-tui add --help lists the flags)'],
		[['add', '--label'], '--label needs a value: --label NAME'],
		[['add', '--label', '--', 'true'], '--label needs a value: --label NAME'],
		[['add', '--label', '--no-start', 'true'], '--label needs a value: --label NAME'],
		[['add', '--no-start=yes', 'true'], "--no-start takes no value (give it alone, not '--no-start=yes')"],
		[['frobnicate'], "unknown command 'frobnicate' (queue-tui --help lists them)"],
		[['--home', '/x', 'frobnicate'], "unknown command 'frobnicate' (queue-tui --help lists them)"],
		[['-x'], 'unknown flag -x (queue-tui --help lists the flags)'],
	])('%j', (argv, message) => expect(usage(() => parseCommandLine(argv))).toBe(message));
});

describe('the job\'s own flags are checked before anything is written', () => {
	// A project without .queue-tui.json: the defaults.
	const config = loadConfig(fs.mkdtempSync(path.join(os.tmpdir(), 'qtui-args-')));
	const spec = (...argv: string[]) => jobSpecFrom(parseCommandLine(['add', ...argv]).parsed, config, {});
	it.each([
		[[], /no command given/],
		[['--'], /no command given/],
		[['--timeout', '5x', 'true'], /--timeout: not a duration: '5x'/],
		[['--timeout', 'abc', 'true'], /not a duration/],
		[['--cwd', path.join('/nonexistent', 'nope'), 'true'], /--cwd .*nope is not a directory/],
		[['--retries', 'x', 'true'], /--retries takes a whole number from 0 to 100, not 'x'/],
		[['--retries', '-1', '--', 'true'], /--retries takes a whole number from 0 to 100, not '-1'/],
		[['--retries', '101', 'true'], /--retries takes a whole number from 0 to 100/],
		[['--env', 'NOEQUALS', 'true'], /--env takes NAME=VALUE/],
		[['--kind', 'rust', 'true'], /--kind must be one of/],
		[['--shell', 'true', '--', 'true'], /either --shell/],
	])('%j', (argv, pattern) => expect(usage(() => spec(...argv))).toMatch(pattern));

	it('--name names the job; an empty one is refused', () => {
		expect(spec('--name', 'nightly suite', 'pytest').name).toBe('nightly suite');
		expect(usage(() => spec('--name', ' ', 'true'))).toBe('--name must be 1 to 100 characters');
	});

	it('a command after its flags keeps them', () => {
		expect(spec('--label', 'X', 'echo', '--label', 'Y').argv).toEqual(['echo', '--label', 'Y']);
	});
});
