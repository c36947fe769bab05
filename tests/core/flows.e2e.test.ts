import fs from 'node:fs';
import http from 'node:http';
import type {AddressInfo} from 'node:net';
import path from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import {alive, CLI, QueueEnv, tryKill} from '../helpers/queue-env.js';
import {spawn} from 'node:child_process';

let env: QueueEnv;
let server: http.Server | undefined;
afterEach(async () => {
	await new Promise(r => (server ? server.close(r) : r(undefined)));
	server = undefined;
	await env?.cleanup();
});

/** A tracker dashboard on 127.0.0.1: 200 for the pages it knows, 404 for the rest. */
async function dashboard(pages: string[]): Promise<number> {
	server = http.createServer((req, res) => {
		const known = pages.includes(new URL(req.url ?? '/', 'http://127.0.0.1').searchParams.get('task') ?? '');
		res.writeHead(known ? 200 : 404).end(known ? 'ok\n' : 'no such task\n');
	});
	await new Promise<void>(r => server!.listen(0, '127.0.0.1', r));
	return (server.address() as AddressInfo).port;
}

function config(workflows: unknown): void {
	fs.writeFileSync(path.join(env.dir, '.queue-tui.json'), JSON.stringify({workflows}));
}

/** The quality chain of the README, on small real commands; the dashboard check curls the local server. */
function quality(port: number) {
	return {
		vars: {input: null},
		steps: [
			{name: 'unit', run: ['python3', '-m', 'pytest', 'tests', '-q', '-p', 'no:cacheprovider'], retries: 0},
			{name: 'extract', run: ['sh', '-c', 'mkdir -p "workspace/$1" && cp "$0"/*.png "workspace/$1/"', '{input}', '{label}'], timeout: '2m', retries: 0},
			{name: 'diag', shell: 'echo diagnostics for {label} > diag.txt', when: 'if-failed'},
			// In a shell step a placeholder becomes one shell word (quoted for you): never put it inside quotes.
			{name: 'report', shell: 'echo report for {label} on {date} > report-{label}.txt', when: 'after-any'},
		],
		checks: [
			{name: 'dashboard', run: ['curl', '-fsS', '-G', '--data-urlencode', 'task={label}', `http://127.0.0.1:${port}/tracker`]},
			{name: 'outputs', shell: 'test $(ls workspace/{label}/*.png | wc -l) -ge 1'},
		],
	};
}

function project(passing = true, emptyInput?: string): string {
	if (emptyInput) {
		fs.mkdirSync(path.join(env.dir, emptyInput));
		fs.writeFileSync(path.join(env.dir, 'tests', 'test_unit.py'), 'def test_one():\n    assert True\n');
		return path.join(env.dir, emptyInput);
	}
	fs.mkdirSync(path.join(env.dir, 'tests'));
	fs.writeFileSync(path.join(env.dir, 'tests', 'test_unit.py'), `def test_one():\n    assert ${passing ? 1 : 2} == 1\n\ndef test_two():\n    assert True\n`);
	const input = path.join(env.dir, 'données 入力');
	fs.mkdirSync(input);
	fs.writeFileSync(path.join(input, 'a.png'), 'png');
	return input;
}

const flowJobs = (id: number) => env.query<{id: number; flow_step: string; state: string}>('SELECT id, flow_step, state FROM jobs WHERE flow_id = ? ORDER BY id', id);
const states = (id: number) => Object.fromEntries(flowJobs(id).map(j => [j.flow_step, j.state]));

describe('workflows', () => {
	it('all steps succeed and the checks pass: one id, one line, exit 0; placeholders with spaces and non-ASCII', async () => {
		env = new QueueEnv();
		const label = 'QUAL 044 猫';
		const input = project();
		config({quality: quality(await dashboard([label]))});
		const r = await env.cli(['flow', 'run', 'quality', '--label', label, '--set', `input=${input}`, '--wait']);
		expect(r.stderr).toBe('');
		expect(r.stdout).toMatch(/^queue flow f1 quality QUAL 044 \? ok: 4 steps, 2 checks passed in \d+s\n$/);
		expect(r.code).toBe(0);
		expect(states(1)).toEqual({unit: 'succeeded', extract: 'succeeded', diag: 'skipped', report: 'succeeded', dashboard: 'succeeded', outputs: 'succeeded'});
		expect(fs.readFileSync(path.join(env.dir, 'workspace', label, 'a.png'), 'utf8')).toBe('png');
		expect(fs.readFileSync(path.join(env.dir, `report-${label}.txt`), 'utf8')).toMatch(/^report for QUAL 044 猫 on \d{4}-\d\d-\d\d\n$/);
		const [flow] = env.query<{state: string; vars: string; label: string}>('SELECT * FROM flows');
		expect(flow).toMatchObject({state: 'succeeded', label});
		expect(JSON.parse(flow.vars)).toMatchObject({input});
		// wait and report take the flow id; the report file was written when it ended.
		expect(await env.cli(['wait', 'f1'])).toMatchObject({code: 0, stdout: r.stdout});
		expect((await env.cli(['report', 'f1'])).stdout).toContain('# flow f1 quality QUAL 044');
		expect(fs.existsSync(path.join(env.home, 'reports', 'f1.md'))).toBe(true);
		expect((await env.cli(['retry', 'f1'])).stderr).toMatch(/^queue-tui: flow f1 succeeded; nothing to retry\n$/);
	});

	it('the first step fails: later steps skipped, the diagnostics step runs, checks still run and are reported', async () => {
		env = new QueueEnv();
		const input = project(false);
		config({quality: quality(await dashboard(['QUAL-044']))});
		const r = await env.cli(['flow', 'run', 'quality', '--label', 'QUAL-044', '--set', `input=${input}`, '--wait']);
		expect(r.code).toBe(1);
		expect(r.stdout).toMatch(/^queue flow f1 quality QUAL-044 FAILED step unit: 1 test failed; check outputs: ls: cannot access 'workspace\/QUAL-044\/\*\.png'/);
		// diag follows extract, which never ran: skipped too (only a failure runs it).
		expect(states(1)).toEqual({unit: 'failed', extract: 'skipped', diag: 'skipped', report: 'succeeded', dashboard: 'succeeded', outputs: 'failed'});
		expect(env.query('SELECT reason FROM jobs WHERE flow_step = ?', 'extract')).toEqual([{reason: 'skipped: #1 failed'}]);
		const report = fs.readFileSync(path.join(env.home, 'reports', 'f1.md'), 'utf8');
		expect(report).toContain('## step unit');
		expect(report).toContain('## check outputs');
		// Now the tests pass but the extraction fails (no images): the diagnostics step runs.
		project(true, 'empty');
		const second = await env.cli(['flow', 'run', 'quality', '--label', 'QUAL-044', '--set', `input=${path.join(env.dir, 'empty')}`, '--wait']);
		expect(second.stdout).toMatch(/^queue flow f2 quality QUAL-044 FAILED step extract: exit 1; check outputs: /);
		expect(states(2)).toEqual({unit: 'succeeded', extract: 'failed', diag: 'succeeded', report: 'succeeded', dashboard: 'succeeded', outputs: 'failed'});
		expect(fs.readFileSync(path.join(env.dir, 'diag.txt'), 'utf8')).toBe('diagnostics for QUAL-044\n');
	});

	it('a check fails (page 404, then server down): the flow fails though every step succeeded, naming the check and its last line', async () => {
		env = new QueueEnv();
		const input = project();
		const port = await dashboard(['OTHER']);
		config({quality: quality(port)});
		const r = await env.cli(['flow', 'run', 'quality', '--label', 'QUAL-044', '--set', `input=${input}`, '--wait']);
		expect(r.stdout).toMatch(/^queue flow f1 quality QUAL-044 FAILED check dashboard: curl: \(22\) The requested URL returned error: 404/);
		expect(r.code).toBe(1);
		expect(states(1)).toMatchObject({unit: 'succeeded', extract: 'succeeded', report: 'succeeded', dashboard: 'failed', outputs: 'succeeded'});
		await new Promise(res => server!.close(res));
		server = undefined;
		const again = await env.cli(['flow', 'run', 'quality', '--label', 'QUAL-044', '--set', `input=${input}`, '--wait', '--json']);
		const out = JSON.parse(again.stdout);
		expect(out).toMatchObject({flow: 'f2', state: 'failed', exitCode: 1, failedStep: null, failedCheck: 'dashboard'});
		expect(out.line).toMatch(/FAILED check dashboard: curl: \(7\) Failed to connect to 127\.0\.0\.1/);
		// retry re-runs only the checks when every step succeeded: the page is there now.
		await dashboard(['QUAL-044']).then(p => config({quality: quality(p)}));
		expect((await env.cli(['retry', 'f2'])).stdout).toBe('f2 queued again from dashboard (dashboard, outputs)\n');
		// The check's URL was filled when the flow was queued: it still names the old port, so it fails again the same way.
		expect((await env.cli(['wait', 'f2'])).code).toBe(1);
		expect(env.query('SELECT COUNT(*) AS n FROM attempts WHERE job_id IN (SELECT id FROM jobs WHERE flow_id = 2 AND flow_step = ?)', 'unit')).toEqual([{n: 1}]);
	});

	it('cancel mid-flow ends every job of it; retry runs it again from the step that did not finish', async () => {
		env = new QueueEnv();
		const gate = path.join(env.dir, 'gate');
		config({slow: {steps: [
			{name: 'first', run: ['true']},
			{name: 'wait', shell: `while [ ! -f ${gate} ]; do sleep 0.05; done`},
			{name: 'last', run: ['true']},
		], checks: [{name: 'done', run: ['test', '-f', gate]}]}});
		const r = await env.cli(['flow', 'run', 'slow']);
		expect(r.stdout).toBe('f1\n');
		await env.until(() => states(1).wait === 'running', 'the second step to run');
		const status = await env.cli(['status']);
		expect(status.stdout).toMatch(/\| f1 slow step 2\/3 wait \d+s/);
		expect((await env.cli(['cancel', 'f1'])).stdout).toMatch(/^f1 cancelling \(SIGTERM sent to #2\)\n$/);
		const waited = await env.cli(['wait', 'f1']);
		expect(waited).toMatchObject({code: 130, stdout: 'queue flow f1 slow cancelled at step wait; report .queue/reports/f1.md\n'});
		expect(states(1)).toEqual({first: 'succeeded', wait: 'cancelled', last: 'cancelled', done: 'cancelled'});
		await env.until(() => env.query<{state: string}>('SELECT state FROM flows')[0].state === 'cancelled', 'the flow end to be recorded');
		fs.writeFileSync(gate, '');
		expect((await env.cli(['retry', 'f1'])).stdout).toBe('f1 queued again from wait (wait, last, done)\n');
		expect(await env.cli(['wait', 'f1'])).toMatchObject({code: 0});
		expect(env.query('SELECT COUNT(*) AS n FROM attempts WHERE job_id = 1')).toEqual([{n: 1}]);
	});

	it('kill -9 of the runner mid-flow: a new runner carries the flow on, variables kept', async () => {
		env = new QueueEnv();
		const gate = path.join(env.dir, 'gate');
		config({chain: {vars: {out: 'x'}, steps: [
			{name: 'hold', shell: `while [ ! -f ${gate} ]; do sleep 0.05; done; echo held`},
			{name: 'write', shell: 'echo {out} > result.txt'},
		], checks: [{name: 'result', shell: 'grep -q {out} result.txt'}]}});
		expect((await env.cli(['flow', 'run', 'chain', '--set', 'out=kept value'])).code).toBe(0);
		await env.until(() => env.job(1).pid, 'the first step to run');
		const runner = env.runnerPid()!;
		tryKill(runner, 'SIGKILL');
		await env.until(() => !alive(runner), 'the runner to die');
		fs.writeFileSync(gate, '');
		// `wait` finds no live runner and starts one; it adopts the running step and goes on.
		const r = await env.cli(['wait', 'f1']);
		expect(r).toMatchObject({code: 0, stdout: expect.stringMatching(/^queue flow f1 chain ok: 2 steps, 1 check passed/)});
		expect(fs.readFileSync(path.join(env.dir, 'result.txt'), 'utf8')).toBe('kept value\n');
	});

	it('refuses every bad workflow and bad input at flow time: exit 2, one line, nothing queued', async () => {
		env = new QueueEnv();
		config({
			ok: {vars: {need: null}, steps: [{name: 'a', run: ['echo', '{need}', '{label}']}]},
			nostep: {steps: []},
			badwhen: {steps: [{name: 'a', run: ['x']}, {name: 'b', run: ['y'], when: 'maybe'}]},
			unknownvar: {steps: [{name: 'a', run: ['echo', '{missing}']}]},
			both: {steps: [{name: 'a', run: ['x'], shell: 'x'}]},
			dup: {steps: [{name: 'a', run: ['x']}], checks: [{name: 'a', run: ['y']}]},
			badcwd: {steps: [{name: 'a', run: ['x'], cwd: 'no/such/dir'}]},
			'bad name': {steps: [{name: 'a', run: ['x']}]},
		});
		const cases: Array<[string[], RegExp]> = [
			[['run', 'nostep'], /steps" must hold at least one step/],
			[['run', 'badwhen'], /steps\[1\]\.when" must be one of/],
			[['run', 'unknownvar'], /uses \{missing\}, which is not a variable/],
			[['run', 'both'], /exactly one of "run"/],
			[['run', 'dup'], /two steps or checks are named "a"/],
			[['run', 'badcwd'], /cwd .*no\/such\/dir is not a directory/],
			[['run', 'bad name'], /workflow name/],
			[['run', 'nope'], /no workflow 'nope'/],
			[['run', 'ok', '--label', 'L'], /needs a value for \{need\}/],
			[['run', 'ok', '--set', 'need=1'], /uses \{label\}: give --label/],
			[['run', 'ok', '--label', 'L', '--set', 'need=1', '--set', 'other=2'], /has no variable 'other'/],
			[['run', 'ok', '--label', 'L', '--set', 'need'], /--set takes NAME=VALUE/],
			[['show', 'badwhen'], /when" must be one of/],
			[['run'], /give a workflow name/],
			[['frobnicate'], /give run NAME, show NAME or list/],
		];
		for (const [args, message] of cases) {
			const r = await env.cli(['flow', ...args]);
			expect({args, code: r.code}).toEqual({args, code: 2});
			expect(r.stderr.trim().split('\n')).toHaveLength(1);
			expect(r.stderr).toMatch(message);
		}
		expect(fs.existsSync(env.home)).toBe(false);
		const list = await env.cli(['flow', 'list']);
		expect(list.stdout).toContain('ok: a; vars need (required)');
		expect(list.stdout).toMatch(/nostep: BROKEN .*at least one step/);
		const shown = await env.cli(['flow', 'show', 'ok', '--label', 'L 1', '--set', 'need=été']);
		expect(shown.stdout).toContain("1. a: echo 'été' 'L 1'");
		expect(fs.existsSync(env.home)).toBe(false);
		for (const args of [['wait', 'f9'], ['cancel', 'f9'], ['retry', 'f9'], ['report', 'f9'], ['wait', 'g1']]) {
			const r = await env.cli(args);
			expect(r.code).toBe(2);
			expect(r.stderr).toMatch(/no flow f9|not a job id: g1/);
		}
	});

	it('the agent hooks tell a flow once, when it ends, never step by step', async () => {
		env = new QueueEnv();
		const gate = path.join(env.dir, 'gate');
		config({two: {steps: [
			{name: 'one', run: ['true']},
			{name: 'two', shell: `while [ ! -f ${gate} ]; do sleep 0.05; done`},
		], checks: [{name: 'ok', run: ['true']}]}});
		const hook = (session: string) => new Promise<string>(resolve => {
			const childEnv: NodeJS.ProcessEnv = {...process.env, XDG_STATE_HOME: path.join(env.dir, 'state')};
			delete childEnv.QUEUE_TUI_HOME;
			const child = spawn(process.execPath, [CLI, 'hook', 'prompt'], {cwd: env.dir, env: childEnv});
			let out = '';
			child.stdout.on('data', d => (out += d));
			child.on('close', () => resolve(out));
			child.stdin.end(JSON.stringify({session_id: session, cwd: env.dir, hook_event_name: 'UserPromptSubmit', transcript_path: '/x'}));
		});
		expect(await env.cli(['flow', 'run', 'two'], {env: {CLAUDE_CODE_SESSION_ID: 'S'}})).toMatchObject({code: 0, stdout: 'f1\n'});
		await env.until(() => states(1).two === 'running', 'the second step to run');
		expect(await hook('S')).toBe('');
		fs.writeFileSync(gate, '');
		await env.cli(['wait', 'f1']);
		expect(await hook('S')).toMatch(/^queue flow f1 two ok: 2 steps, 1 check passed in \d+s\n$/);
		expect(await hook('S')).toBe('');
		expect(env.query('SELECT flow_id, session_id FROM flow_notices')).toEqual([{flow_id: 1, session_id: 'S'}]);
		expect(env.query('SELECT COUNT(*) AS n FROM notices')).toEqual([{n: 0}]);
	});
});
