// The whole path of the command line through the real binary: global flags on either side of the
// subcommand, the job's command from its first word, --help and --version anywhere.
import fs from 'node:fs';
import path from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import {QueueEnv} from '../helpers/queue-env.js';

let env: QueueEnv;
afterEach(async () => env?.cleanup());

describe('queue-tui command line', () => {
	it('--home before or after the subcommand; flags after the first word go to the job', async () => {
		env = new QueueEnv();
		const other = path.join(env.dir, 'other-queue');
		const before = await env.cli(['--home', other, 'add', '--no-start', '--', 'true']);
		expect(before.stderr).toBe('');
		expect(before.code).toBe(0);
		const after = await env.cli(['add', '--no-start', '--home', other, 'echo', '--label', 'X']);
		expect(after.code).toBe(0);
		expect(fs.existsSync(path.join(other, 'queue.db'))).toBe(true);
		const listed = JSON.parse((await env.cli(['--home', other, 'list', '--json'])).stdout) as Array<{argv: string[]; label?: string | null}>;
		const echo = listed.find(j => j.argv[0] === 'echo')!;
		expect(echo.argv).toEqual(['echo', '--label', 'X']);
		expect(echo.label ?? null).toBeNull();
	});

	it('--version and --help after any subcommand; the help starts with its first line', async () => {
		env = new QueueEnv();
		const version = (JSON.parse(fs.readFileSync('package.json', 'utf8')) as {version: string}).version;
		for (const args of [['--version'], ['add', '--version'], ['wait', '--version'], ['--home', env.home, 'status', '--version']]) {
			expect(await env.cli(args), args.join(' ')).toEqual({code: 0, stdout: `${version}\n`, stderr: ''});
		}
		const top = await env.cli(['--help']);
		expect(top.code).toBe(0);
		expect(top.stdout.split('\n')[0]).toMatch(/^queue-tui: a persistent queue/);
		const add = await env.cli(['add', '--help']);
		expect(add.stdout.split('\n')[0]).toBe('Usage: queue-tui add [flags] [--] CMD [ARGS…]');
		expect(fs.existsSync(env.home)).toBe(false);
	});
});
