import {spawn} from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import {CLI, QueueEnv} from '../helpers/queue-env.js';

let env: QueueEnv;
afterEach(async () => env?.cleanup());

interface Out {
	code: number;
	stdout: string;
	stderr: string;
	endedAt: number;
}

/** Runs `queue-tui <args>` with a hook's stdin JSON, as Claude Code does (exec form, no shell). */
function withStdin(args: string[], input: unknown, extraEnv: NodeJS.ProcessEnv = {}, holdOpen = false): Promise<Out> {
	return new Promise(resolve => {
		const childEnv: NodeJS.ProcessEnv = {...process.env, XDG_STATE_HOME: path.join(env.dir, 'state'), ...extraEnv};
		delete childEnv.QUEUE_TUI_HOME;
		const child = spawn(process.execPath, [CLI, ...args], {cwd: env.dir, env: childEnv});
		let stdout = '';
		let stderr = '';
		child.stdout.on('data', d => (stdout += d));
		child.stderr.on('data', d => (stderr += d));
		child.on('close', code => resolve({code: code ?? 1, stdout, stderr, endedAt: Date.now()}));
		child.stdin.on('error', () => {});
		const text = typeof input === 'string' ? input : JSON.stringify(input);
		// A pipe nobody closes: the command must give up on stdin by itself.
		if (holdOpen) child.stdin.write(text);
		else child.stdin.end(text);
	});
}

function withoutHome(): NodeJS.ProcessEnv {
	const e = {...process.env};
	delete e.QUEUE_TUI_HOME;
	delete e.CLAUDE_CODE_SESSION_ID;
	return e;
}

const hook = (event: string, session: string, more: object = {}) =>
	withStdin(['hook', event], {session_id: session, cwd: env.dir, hook_event_name: event, transcript_path: '/x', ...more});

describe('queue-tui hook', () => {
	it('prompt: one line per result this session has not seen, once; other sessions are not told about it', async () => {
		env = new QueueEnv();
		const id = await env.add(['--no-start', '--', 'true']);
		expect((await hook('session-start', 'A')).stdout).toMatch(/1 queued \| no runner: queue-tui start/);
		// The add came from no session; session A was open, so it hears of it. Now one from session A itself:
		const own = await env.cli(['add', '--retries', '0', '--', 'sh', '-c', 'exit 3'], {env: {CLAUDE_CODE_SESSION_ID: 'A'}});
		const ownId = Number(own.stdout);
		expect(env.job(ownId).session_id).toBe('A');
		await env.cli(['wait', String(id), String(ownId)]);
		const first = await hook('prompt', 'A');
		expect(first.code).toBe(0);
		expect(first.stdout.trim().split('\n')).toHaveLength(1);
		expect(first.stdout).toContain(`queue #${id} OK`);
		expect(first.stdout).toContain(`queue #${ownId} FAILED`);
		expect((await hook('prompt', 'A')).stdout).toBe('');
		// Session B started after both ended and owns neither: nothing.
		expect((await hook('prompt', 'B')).stdout).toBe('');
		expect(env.query('SELECT job_id, session_id FROM notices ORDER BY job_id')).toEqual([{job_id: id, session_id: 'A'}, {job_id: ownId, session_id: 'A'}]);
	});

	it('an idle post-tool hook answers from status.json without loading SQLite, and news still gets through', async () => {
		env = new QueueEnv();
		const first = await env.add(['--', 'true']);
		await env.cli(['wait', String(first)]);
		// `wait` answers from the database; the status file follows a moment later (one debounced writer).
		// Idle means the file shows the end too: a hook that read it before would rightly look again.
		const shown = (id: number) => env.until(() => (JSON.parse(fs.readFileSync(path.join(env.home, 'status.json'), 'utf8')) as {last?: {id?: number}}).last?.id === id, 'status.json to show the end');
		await shown(first);
		await hook('prompt', 'F');
		const record = path.resolve('tests/helpers/record-imports.mjs');
		const imports = path.join(env.dir, 'imports.txt');
		const idle = await withStdin(['hook', 'post-tool'], {session_id: 'F', cwd: env.dir}, {QTUI_IMPORTS: imports, NODE_OPTIONS: `--import=${record}`});
		expect([idle.code, idle.stdout]).toEqual([0, '']);
		const loaded = fs.readFileSync(imports, 'utf8').split('\n');
		expect(loaded.some(m => m.endsWith('queue-tui-main.cjs'))).toBe(true); // the recording saw the command's code
		expect(loaded.filter(m => /better-sqlite3|better_sqlite3|store\.js|ink|react/.test(m))).toEqual([]);
		const next = await env.add(['--', 'true']);
		await env.cli(['wait', String(next)]);
		// post-tool learns of news from status.json (that is its fast path), a moment after the commit.
		await shown(next);
		const news = await hook('post-tool', 'F');
		expect(JSON.parse(news.stdout).hookSpecificOutput.additionalContext).toMatch(new RegExp(`^queue #${next} OK`));
	});

	it('post-tool: the same as JSON additionalContext; nothing when idle', async () => {
		env = new QueueEnv();
		const id = Number((await env.cli(['add', '--', 'true'], {env: {CLAUDE_CODE_SESSION_ID: 'P'}})).stdout);
		await env.cli(['wait', String(id)]);
		const r = await hook('post-tool', 'P', {tool_name: 'Bash', tool_input: {command: 'ls'}, tool_response: {}});
		const json = JSON.parse(r.stdout);
		expect(json.hookSpecificOutput.hookEventName).toBe('PostToolUse');
		expect(json.hookSpecificOutput.additionalContext).toMatch(new RegExp(`^queue #${id} OK`));
		expect((await hook('post-tool', 'P')).stdout).toBe('');
	});

	it('session-start: what runs and waits in one line, nothing when the queue is empty', async () => {
		env = new QueueEnv();
		const marker = path.join(env.dir, 'go');
		const id = await env.add(['--shell', `while [ ! -f ${marker} ]; do sleep 0.05; done`]);
		await env.add(['--', 'true']);
		await env.until(() => env.job(id).state === 'running', 'the job to run');
		const r = await hook('session-start', 'S', {source: 'startup'});
		expect(r.stdout).toMatch(new RegExp(`^queue \\d\\d:\\d\\d:\\d\\d \\| #${id} .* running .* \\| 1 queued\\n$`));
		fs.writeFileSync(marker, '');
		await env.cli(['wait', String(id + 1)]);
		expect((await hook('session-start', 'S')).stdout).toBe('');
	});

	it('stop: waits for this session\'s job and exits 2 with its line within a second of the end', async () => {
		env = new QueueEnv();
		const marker = path.join(env.dir, 'go');
		const id = Number((await env.cli(['add', '--shell', `while [ ! -f ${marker} ]; do sleep 0.05; done; exit 1`, '--retries', '0'], {env: {CLAUDE_CODE_SESSION_ID: 'W'}})).stdout);
		await env.until(() => env.job(id).state === 'running', 'the job to run');
		const waiting = hook('stop', 'W', {stop_hook_active: false, background_tasks: []});
		await env.until(() => fs.existsSync(path.join(env.home, 'waiters', 'W.pid')), 'the stop hook to wait');
		fs.writeFileSync(marker, '');
		const r = await waiting;
		expect(r.code).toBe(2);
		expect(r.stdout).toBe('');
		expect(r.stderr).toMatch(new RegExp(`^queue #${id} FAILED`));
		const finishedAt = env.job(id).finished_at as number;
		expect(r.endedAt - finishedAt).toBeLessThan(1000);
		// Told once: a second stop has nothing to say and nothing to wait for.
		const again = await hook('stop', 'W');
		expect(again.code).toBe(0);
		expect(again.stderr).toBe('');
	});

	it('stop: exits 0 at once when nothing is pending, and leaves waiting to a queue-tui run background shell', async () => {
		env = new QueueEnv();
		const started = Date.now();
		expect((await hook('stop', 'N')).code).toBe(0);
		const marker = path.join(env.dir, 'go');
		const id = Number((await env.cli(['add', '--shell', `while [ ! -f ${marker} ]; do sleep 0.05; done`], {env: {CLAUDE_CODE_SESSION_ID: 'N'}})).stdout);
		const r = await hook('stop', 'N', {background_tasks: [{id: 'b1', type: 'shell', status: 'running', command: 'queue-tui run -- make'}]});
		expect(r.code).toBe(0);
		expect(Date.now() - started).toBeLessThan(10_000);
		fs.writeFileSync(marker, '');
		await env.cli(['wait', String(id)]);
	});

	it('stop: a newer waiter for the same session replaces the older one', async () => {
		env = new QueueEnv();
		const marker = path.join(env.dir, 'go');
		const id = Number((await env.cli(['add', '--shell', `while [ ! -f ${marker} ]; do sleep 0.05; done`], {env: {CLAUDE_CODE_SESSION_ID: 'R'}})).stdout);
		await env.until(() => env.job(id).state === 'running', 'the job to run');
		const older = hook('stop', 'R');
		await env.until(() => fs.existsSync(path.join(env.home, 'waiters', 'R.pid')), 'the first waiter');
		const newer = hook('stop', 'R');
		const o = await older;
		expect(o.code).toBe(0);
		fs.writeFileSync(marker, '');
		const n = await newer;
		expect(n.code).toBe(2);
		expect(n.stderr).toContain(`queue #${id} OK`);
	});

	it('prints nothing and creates nothing in a project without a queue; internal errors exit 0 into a log', async () => {
		env = new QueueEnv();
		for (const event of ['prompt', 'post-tool', 'session-start', 'stop']) {
			const r = await hook(event, 'X');
			expect([r.code, r.stdout, r.stderr]).toEqual([0, '', '']);
		}
		expect(fs.existsSync(env.home)).toBe(false);
		fs.mkdirSync(env.home);
		fs.writeFileSync(path.join(env.home, 'queue.db'), 'not a database at all'.repeat(100));
		const broken = await hook('prompt', 'X');
		expect([broken.code, broken.stdout, broken.stderr]).toEqual([0, '', '']);
		expect(fs.readFileSync(path.join(env.dir, 'state', 'queue-tui', 'hook.log'), 'utf8')).toMatch(/hook prompt: .*not a queue-tui database/);
		const garbage = await withStdin(['hook', 'prompt'], 'this is not json');
		expect(garbage.code).toBe(0);
	});

	it("run records the session, and its own line does not count as told (Claude Code's wake does not carry it)", async () => {
		env = new QueueEnv();
		const r = await env.cli(['run', '--', 'true'], {env: {CLAUDE_CODE_SESSION_ID: 'Z'}});
		expect(r.stdout).toMatch(/^queue #1 OK/);
		expect(env.job(1).session_id).toBe('Z');
		expect((await hook('prompt', 'Z')).stdout).toMatch(/^queue #1 OK/);
		expect((await hook('prompt', 'Z')).stdout).toBe('');
	});

	it.each(['SIGTERM', 'SIGHUP'] as const)('run killed by %s before its job ends says, in its one line, how to get the result; the job goes on', async signal => {
		env = new QueueEnv();
		const gate = path.join(env.dir, 'gate');
		const child = spawn(process.execPath, [CLI, 'run', '--', 'sh', '-c', `while [ ! -e '${gate}' ]; do sleep 0.05; done`], {cwd: env.dir, env: withoutHome()});
		let stdout = '';
		child.stdout.on('data', d => (stdout += d));
		const closed = new Promise<number | null>(resolve => child.on('close', code => resolve(code)));
		await env.until(() => fs.existsSync(path.join(env.home, 'status.json')) && env.job(1)?.state === 'running', 'the job to run');
		child.kill(signal);
		expect(await closed).toBe(signal === 'SIGTERM' ? 143 : 129);
		expect(stdout).toBe(`queue #1 not finished; this waiter was stopped (${signal}), the job goes on: queue-tui wait 1\n`);
		fs.writeFileSync(gate, '');
		expect((await env.cli(['wait', '1'])).stdout).toMatch(/^queue #1 OK/);
	});

	it('a flow run with --wait: its line is not told by being printed, but is once the model read it in a foreground result', async () => {
		env = new QueueEnv();
		fs.writeFileSync(path.join(env.dir, '.queue-tui.json'), JSON.stringify({workflows: {two: {steps: [{name: 'one', run: ['true']}, {name: 'two', run: ['false'], retries: 0}]}}}));
		const a = await env.cli(['flow', 'run', 'two', '--wait'], {env: {CLAUDE_CODE_SESSION_ID: 'A'}});
		expect(a.stdout).toMatch(/^queue flow f1 two FAILED step two: exit 1/);
		// Printed by a background shell: the model has not seen it, so the next prompt says it, once.
		expect((await hook('prompt', 'A')).stdout).toBe(a.stdout);
		expect((await hook('prompt', 'A')).stdout).toBe('');
		// Printed as a foreground Bash result: PostToolUse sees the model read it, so nothing is added.
		const b = await env.cli(['flow', 'run', 'two', '--wait'], {env: {CLAUDE_CODE_SESSION_ID: 'B'}});
		expect(b.stdout).toMatch(/^queue flow f2 two FAILED/);
		const bash = {tool_name: 'Bash', tool_input: {command: 'queue-tui flow run two --wait'}, tool_response: {stdout: b.stdout}};
		expect((await hook('post-tool', 'B', bash)).stdout).toBe('');
		expect((await hook('prompt', 'B')).stdout).toBe('');
		expect(env.query('SELECT flow_id, session_id FROM flow_notices ORDER BY flow_id')).toEqual([{flow_id: 1, session_id: 'A'}, {flow_id: 2, session_id: 'B'}]);
	});

	it('a flow waiter killed before the flow ends says how to get the result; the flow goes on', async () => {
		env = new QueueEnv();
		const gate = path.join(env.dir, 'gate');
		fs.writeFileSync(path.join(env.dir, '.queue-tui.json'), JSON.stringify({workflows: {gated: {steps: [{name: 'wait', shell: `while [ ! -e '${gate}' ]; do sleep 0.05; done`}]}}}));
		const child = spawn(process.execPath, [CLI, 'flow', 'run', 'gated', '--wait'], {cwd: env.dir, env: withoutHome()});
		let stdout = '';
		child.stdout.on('data', d => (stdout += d));
		const closed = new Promise<number | null>(resolve => child.on('close', code => resolve(code)));
		await env.until(() => fs.existsSync(path.join(env.home, 'status.json')) && env.job(1)?.state === 'running', 'the step to run');
		child.kill('SIGTERM');
		expect(await closed).toBe(143);
		expect(stdout).toBe('queue flow f1 not finished; this waiter was stopped (SIGTERM), the flow goes on: queue-tui wait f1\n');
		fs.writeFileSync(gate, '');
		expect((await env.cli(['wait', 'f1'])).stdout).toMatch(/^queue flow f1 gated ok: 1 step/);
	});

	it('hooks and adds racing on a queue being created: one schema, no errors, nothing printed', async () => {
		env = new QueueEnv();
		const runs = await Promise.all([
			...Array.from({length: 4}, (_, i) => hook(i % 2 ? 'post-tool' : 'prompt', `R${i}`)),
			env.cli(['add', '--no-start', '--', 'true']),
			env.cli(['add', '--no-start', '--', 'true']),
			hook('post-tool', 'R9'),
			hook('stop', 'R8'),
		]);
		for (const r of runs) expect([r.code, r.stderr]).toEqual([0, '']);
		expect(runs.filter(r => 'endedAt' in r).map(r => r.stdout)).toEqual(['', '', '', '', '', '']);
		expect(fs.existsSync(path.join(env.dir, 'state', 'queue-tui', 'hook.log'))).toBe(false);
		expect(env.query('SELECT count(*) AS n FROM jobs')).toEqual([{n: 2}]);
	});
});

describe('queue-tui statusline', () => {
	it('prints the queue segment, and with --wrap runs the previous command on the same stdin first', async () => {
		env = new QueueEnv();
		const id = await env.add(['--label', 'QUAL-044', '--', 'true']);
		await env.cli(['wait', String(id)]);
		const input = {session_id: 's', model: {display_name: 'Opus'}, workspace: {project_dir: env.dir, current_dir: env.dir}};
		const plain = await withStdin(['statusline'], input);
		expect(plain.stdout).toBe(`queue: idle | #${id} true [QUAL-044] ok\n`);
		const wrapped = await withStdin(['statusline', '--wrap', `python3 -c "import sys, json; print('[' + json.load(sys.stdin)['model']['display_name'] + ']')"`], input);
		expect(wrapped.stdout).toBe(`[Opus]  queue: idle | #${id} true [QUAL-044] ok\n`);
	});

	it('does not wait for the end of a stdin that is held open', async () => {
		env = new QueueEnv();
		const id = await env.add(['--label', 'QUAL-044', '--', 'true']);
		await env.cli(['wait', String(id)]);
		const input = {session_id: 's', workspace: {project_dir: env.dir, current_dir: env.dir}};
		const held = await withStdin(['statusline'], input, {}, true);
		expect(held.code).toBe(0);
		expect(held.stdout).toBe(`queue: idle | #${id} true [QUAL-044] ok\n`);
	});
});
