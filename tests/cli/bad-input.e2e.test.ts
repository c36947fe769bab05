import fs from 'node:fs';
import path from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import {expectUsage} from '../helpers/expect-usage.js';
import {QueueEnv} from '../helpers/queue-env.js';

let env: QueueEnv;
afterEach(async () => env?.cleanup());


describe('bad input: one line on stderr, exit 2, nothing changed', () => {
	it('rejects each bad call and leaves the queue as it was', async () => {
		env = new QueueEnv();
		const id = await env.add(['--no-start', '--', 'true']);
		fs.writeFileSync(path.join(env.dir, 'a-file'), 'x');
		const before = fs.readFileSync(path.join(env.home, 'queue.db'));
		// Flag parsing and the job's own flags are tested in-process (args.test.ts); these need a
		// real queue (ids that are not there) or show the whole path: one line, exit 2.
		const cases: Array<[string[], RegExp]> = [
			[['add'], /no command given/],
			[['add', '--retries', '-1', '--', 'true'], /^queue-tui: --retries takes a whole number from 0 to 100, not '-1'$/m],
			[['add', '--bogus', '--', 'true'], /^queue-tui: unknown flag --bogus \(queue-tui add --help lists the flags\)$/m],
			[['--home', path.join(env.dir, 'a-file'), 'add', '--', 'true'], /--home .*a-file is a file, not a directory/],
			[['list', '--home', path.join(env.dir, 'a-file', 'q')], /--home .*q is under .*a-file, which is a file/],
			[['wait', '999'], /no job #999/],
			[['wait', 'abc'], /not a job id: abc/],
			[['cancel', '999'], /no job #999/],
			[['retry', '999'], /no job #999/],
			[['retry', String(id)], /only failed, cancelled, timed-out or skipped jobs can be retried/],
			[['log', '999'], /no job #999/],
			[['log'], /give a job id/],
			[['list', '--state', 'weird'], /--state must be one of/],
			[['frobnicate'], /unknown command 'frobnicate'/],
			[['parse', path.join(env.dir, 'no-such.log')], /cannot read .*no-such.log \(ENOENT\)/],
			[['parse'], /give one log file/],
			[['report', '999'], /no job #999/],
			[['report', '--label', 'nope'], /no jobs with label 'nope'/],
			[[], /the TUI needs a terminal, and stdout is not one \(to run the queue without a screen: queue-tui --headless\)/],
		];

		for (const [args, pattern] of cases) expectUsage(await env.cli(args), pattern);
		expect(fs.readFileSync(path.join(env.home, 'queue.db'))).toEqual(before);
		expect(env.query('SELECT id FROM jobs')).toHaveLength(1);
	});

	it('an unwritable home', async () => {
		env = new QueueEnv();
		const file = path.join(env.dir, 'a-file');
		fs.writeFileSync(file, 'x');
		expectUsage(await env.cli(['add', '--home', path.join(file, '.queue'), '--', 'true']), /--home .*\.queue is under .*a-file, which is a file/);
		expectUsage(await env.cli(['status'], {env: {QUEUE_TUI_HOME: path.join(file, 'q')}}), /is not writable/);
	});

	it('a broken config: every command that reads it (or starts a runner) refuses it before writing anything', async () => {
		env = new QueueEnv();
		fs.writeFileSync(path.join(env.dir, '.queue-tui.json'), JSON.stringify({notify: {on: ['sometimes']}}));
		const line = /\.queue-tui\.json: "notify\.on\[0\]" must be one of "failure", "success", "long", not "sometimes"/;
		for (const args of [['add', '--', 'true'], ['run', '--', 'true'], ['start'], ['resume'], ['--headless', '--exit-when-idle'], ['demo'], ['notify', 'test']]) {
			expectUsage(await env.cli(args), line);
		}
		expect(fs.existsSync(env.home)).toBe(false);
		// Broken after jobs were queued: waiting says why nothing will run instead of waiting forever.
		fs.writeFileSync(path.join(env.dir, '.queue-tui.json'), '{}');
		const id = await env.add(['--no-start', '--', 'true']);
		fs.writeFileSync(path.join(env.dir, '.queue-tui.json'), JSON.stringify({notify: {ntfy: {url: 5}}}));
		expectUsage(await env.cli(['wait', String(id)]), /"notify\.ntfy\.url" must be an http:\/\/ or https:\/\/ URL, not 5/);
		expect(env.job(id).state).toBe('queued');
	});

	it('a queue.db that is not a database is reported and left untouched', async () => {
		env = new QueueEnv();
		fs.mkdirSync(env.home, {recursive: true});
		const db = path.join(env.home, 'queue.db');
		const junk = Buffer.from('this is not sqlite, it is a shopping list\n'.repeat(200));
		fs.writeFileSync(db, junk);
		expectUsage(await env.cli(['add', '--', 'true']), /queue\.db is not a queue-tui database/);
		expectUsage(await env.cli(['list']), /not a queue-tui database/);
		expect(fs.readFileSync(db)).toEqual(junk);
	});

	it('home is private: 0700 directory, 0600 files, and a .gitignore of *', async () => {
		env = new QueueEnv();
		const id = await env.add(['--', 'echo', 'hi']);
		await env.cli(['wait', String(id)]);
		expect(fs.statSync(env.home).mode & 0o777).toBe(0o700);
		for (const f of ['queue.db', 'status', 'status.json', `logs/${id}.log`]) expect(fs.statSync(path.join(env.home, f)).mode & 0o777).toBe(0o600);
		expect(fs.readFileSync(path.join(env.home, '.gitignore'), 'utf8')).toBe('*\n');
	});

	it('finds the git top level from a subdirectory, and QUEUE_TUI_HOME overrides it', async () => {
		env = new QueueEnv();
		fs.mkdirSync(path.join(env.dir, '.git'));
		const sub = path.join(env.dir, 'a', 'b');
		fs.mkdirSync(sub, {recursive: true});
		const r = await env.cli(['add', '--no-start', '--', 'true'], {cwd: sub});
		expect(r.code).toBe(0);
		expect(fs.existsSync(path.join(env.dir, '.queue', 'queue.db'))).toBe(true);
		const other = path.join(env.dir, 'elsewhere');
		expect((await env.cli(['add', '--no-start', '--', 'true'], {cwd: sub, env: {QUEUE_TUI_HOME: other}})).code).toBe(0);
		expect(fs.existsSync(path.join(other, 'queue.db'))).toBe(true);
	});
});
