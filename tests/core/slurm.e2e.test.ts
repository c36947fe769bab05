/**
 * The Slurm executor against a real single-node cluster (Debian's slurm-wlm and munge), started by
 * `.ci/slurm up` when none answers and stopped after only if this file started it. Where the
 * cluster can't start (not root, packages missing), these tests say why and are skipped.
 */
import {execFileSync} from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import {afterAll, afterEach, describe, expect, it} from 'vitest';
import {QueueEnv, tryKill} from '../helpers/queue-env.js';

const SCRIPT = path.resolve('.ci/slurm');

function startCluster(): {ok: boolean; why?: string; started?: boolean} {
	if (process.getuid?.() !== 0) return {ok: false, why: 'starting slurmctld needs root'};
	try {
		const out = execFileSync('bash', [SCRIPT, 'up'], {encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 60_000});
		return {ok: true, started: out.trim() === 'started'};
	} catch (error) {
		const e = error as {stderr?: string; message: string};
		return {ok: false, why: (e.stderr || e.message).trim().split('\n')[0]};
	}
}

const cluster = startCluster();
if (!cluster.ok) console.warn(`Slurm tests skipped: ${cluster.why}`);
afterAll(() => {
	if (cluster.started) execFileSync('bash', [SCRIPT, 'down']);
});

let env: QueueEnv;
afterEach(async () => {
	if (!env) return;
	// Our own Slurm jobs only: those this test's queue submitted.
	try {
		for (const r of env.query<{slurm_id: string}>('SELECT slurm_id FROM jobs WHERE slurm_id IS NOT NULL')) {
			execFileSync('scancel', [r.slurm_id]);
		}
	} catch {}
	await env.cleanup();
});

const squeueState = (id: string) => execFileSync('squeue', ['-h', '--states=all', `--jobs=${id}`, '-o', '%T'], {encoding: 'utf8'}).trim();
const slurmEnv = () => new QueueEnv({QUEUE_TUI_SLURM_POLL_MS: '300'});
/** A job that says which GPUs it got, then waits until the test lets it end. */
const holder = (dir: string, name: string) =>
	['--shell', `echo "CVD=$CUDA_VISIBLE_DEVICES"; while [ ! -e ${dir}/${name}.go ] && [ -d ${dir} ]; do sleep 0.1; done; echo ${name} done`];

// Each test's own waits have generous deadlines (a loaded machine, a slow controller); the test's limit sits above them.
describe.skipIf(!cluster.ok)(`the Slurm executor${cluster.ok ? '' : ` (skipped: ${cluster.why})`}`, {timeout: 300_000}, () => {
	it('submits with sbatch, reads progress from the output file, records success and failure with Slurm\'s word; retries resubmit; --after stays in the queue', async () => {
		env = slurmEnv();
		// It holds on after its progress until the test has seen it running (a short job could go
		// from PENDING to COMPLETED between two looks on a loaded machine).
		const ok = await env.add(['--executor', 'slurm', '--gpus', '1', '--shell', `for i in 1 2 3 4; do echo "[$i/4] item$i"; sleep 0.2; done; echo "CVD=$CUDA_VISIBLE_DEVICES"; while [ ! -e ${env.dir}/ok.go ] && [ -d ${env.dir} ]; do sleep 0.1; done`]);
		const after = await env.add(['--executor', 'slurm', '--after', String(ok), '--', 'true']);
		const bad = await env.add(['--executor', 'slurm', '--retries', '1', '--backoff', '0', '--shell', 'echo failing; exit 4']);
		await env.until(() => env.job(ok).slurm_state === 'RUNNING', 'the first job running', 60_000);
		// Dependencies stay in the queue: the dependent is not submitted while its dependency runs.
		expect(env.job(after)).toMatchObject({state: 'queued', slurm_id: null});
		fs.writeFileSync(path.join(env.dir, 'ok.go'), '');
		const w = await env.cli(['wait', String(ok), String(after), String(bad)], {timeoutMs: 120_000});
		expect(w.code).toBe(4);
		const good = env.job(ok);
		expect(good.state).toBe('succeeded');
		expect(good.slurm_state).toBe('COMPLETED');
		expect(squeueState(good.slurm_id)).toBe('COMPLETED');
		expect(JSON.parse(good.progress)).toMatchObject({done: 4, total: 4});
		const log = fs.readFileSync(path.join(env.home, 'logs', `${ok}.log`), 'utf8');
		expect(log).toContain('[4/4] item4');
		expect(log).toMatch(/CVD=\d/);
		expect(env.job(after).state).toBe('succeeded');
		const failed = env.job(bad);
		expect(failed.state).toBe('failed');
		expect(failed.reason).toMatch(/^slurm FAILED; exit 4/);
		expect(env.query('SELECT seq FROM attempts WHERE job_id = ?', bad)).toHaveLength(2);
		expect(fs.readFileSync(path.join(env.home, 'logs', `${bad}.log`), 'utf8').match(/submitted to Slurm/g)).toHaveLength(2);
		expect(fs.readFileSync(path.join(env.home, 'runner.log'), 'utf8')).toMatch(/slurm: single-node cluster .*is fine/);
	});

	it('times a job out with scancel, and cancels one', async () => {
		env = slurmEnv();
		const slow = await env.add(['--executor', 'slurm', '--timeout', '2s', '--retries', '0', '--', 'sleep', '120']);
		const other = await env.add(['--executor', 'slurm', '--', 'sleep', '120']);
		await env.until(() => env.job(other).slurm_state === 'RUNNING', 'the second job running', 60_000);
		expect((await env.cli(['cancel', String(other)])).code).toBe(0);
		const w = await env.cli(['wait', String(slow), String(other)], {timeoutMs: 120_000});
		expect(w.code).toBe(124);
		expect(env.job(slow).state).toBe('timed_out');
		expect(env.job(slow).reason).toMatch(/slurm CANCELLED; timed out after 2s/);
		expect(env.job(other).state).toBe('cancelled');
		expect(squeueState(env.job(other).slurm_id)).toBe('CANCELLED');
	});

	it('a --gpus 1 job waits in Slurm until a GPU frees up', async () => {
		env = slurmEnv();
		const d = env.dir;
		const ids: number[] = [];
		for (const n of ['a', 'b', 'c']) ids.push(await env.add(['--executor', 'slurm', '--gpus', '1', ...holder(d, n)]));
		const [, , c] = ids;
		await env.until(() => ids.filter(id => env.job(id).slurm_state === 'RUNNING').length === 2, 'two GPU jobs running', 60_000);
		await env.until(() => env.job(c).slurm_state === 'PENDING (Resources)', 'the third pending for want of a GPU');
		const list = await env.cli(['list']);
		expect(list.stdout).toMatch(new RegExp(`#${c} .*slurm \\d+ PENDING`));
		fs.writeFileSync(path.join(d, 'a.go'), '');
		await env.until(() => env.job(c).slurm_state === 'RUNNING', 'the third running once a GPU is free', 60_000);
		for (const n of ['b', 'c']) fs.writeFileSync(path.join(d, `${n}.go`), '');
		expect((await env.cli(['wait', ...ids.map(String)], {timeoutMs: 120_000})).code).toBe(0);
		expect(fs.readFileSync(path.join(env.home, 'logs', `${c}.log`), 'utf8')).toMatch(/CVD=[01]\n/);
	});

	it('a workflow\'s steps go to Slurm with the config\'s executor, in order, on the snapshot, a step with its GPU', async () => {
		env = slurmEnv();
		const d = env.dir;
		const git = (...args: string[]) => execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@t', ...args], {cwd: d, encoding: 'utf8'}).trim();
		git('init', '-q');
		fs.writeFileSync(path.join(d, '.gitignore'), '.queue-tui.json\n');
		fs.writeFileSync(path.join(d, 'a.txt'), 'queued\n');
		git('add', '-A');
		git('commit', '-q', '-m', 'one');
		fs.writeFileSync(path.join(d, '.queue-tui.json'), JSON.stringify({executor: 'slurm', workflows: {w: {snapshot: true, steps: [
			{name: 'first', shell: 'cat a.txt; echo first > step1.txt'},
			{name: 'second', shell: 'cat a.txt; echo "CVD=$CUDA_VISIBLE_DEVICES"', gpus: 1},
		]}}}));
		expect((await env.cli(['flow', 'run', 'w', '--no-start'])).code).toBe(0);
		fs.writeFileSync(path.join(d, 'a.txt'), 'edited after\n');
		expect((await env.cli(['start'])).code).toBe(0);
		expect((await env.cli(['wait', 'f1'], {timeoutMs: 120_000})).code).toBe(0);
		const [first, second] = env.query<{id: number; slurm_id: string; slurm_state: string}>('SELECT id, slurm_id, slurm_state FROM jobs ORDER BY id');
		for (const j of [first, second]) expect(j).toMatchObject({slurm_id: expect.stringMatching(/^\d+$/), slurm_state: 'COMPLETED'});
		// The second was submitted only once the first had ended (the dependency stays in the queue).
		const event = (id: number, type: string) => env.query<{seq: number}>('SELECT seq FROM events WHERE job_id = ? AND type = ?', id, type)[0].seq;
		expect(event(second.id, 'started')).toBeGreaterThan(event(first.id, 'ended'));
		const log = (id: number) => fs.readFileSync(path.join(env.home, 'logs', `${id}.log`), 'utf8');
		expect(log(first.id)).toContain('queued\n');
		expect(log(second.id)).toMatch(/queued\nCVD=[01]\n/);
		// The step ran in its snapshot worktree, not in the project.
		expect(fs.existsSync(path.join(d, 'step1.txt'))).toBe(false);
	});

	it('a runner killed while Slurm jobs run: the next one adopts them by their Slurm id', async () => {
		env = slurmEnv();
		const d = env.dir;
		const early = await env.add(['--executor', 'slurm', ...holder(d, 'early')]);
		const late = await env.add(['--executor', 'slurm', ...holder(d, 'late')]);
		await env.until(() => env.job(early).slurm_state === 'RUNNING' && env.job(late).slurm_state === 'RUNNING', 'both running', 60_000);
		const runner = env.runnerPid()!;
		const ids = [env.job(early).slurm_id, env.job(late).slurm_id];
		tryKill(runner, 'SIGKILL');
		// One ends while no runner is there; the other after the new runner adopted it.
		fs.writeFileSync(path.join(d, 'early.go'), '');
		await env.until(() => squeueState(ids[0]) === 'COMPLETED', 'the first done in Slurm', 60_000);
		expect(env.job(early).state).toBe('running');
		expect((await env.cli(['start'])).code).toBe(0);
		await env.until(() => env.job(early).state === 'succeeded', 'the first recorded by the new runner', 60_000);
		expect(env.runnerPid()).not.toBe(runner);
		fs.writeFileSync(path.join(d, 'late.go'), '');
		expect((await env.cli(['wait', String(early), String(late)], {timeoutMs: 120_000})).code).toBe(0);
		expect([env.job(early).slurm_id, env.job(late).slurm_id]).toEqual(ids);
		expect(env.query('SELECT seq FROM attempts WHERE job_id IN (?, ?)', early, late)).toHaveLength(2);
		expect(fs.readFileSync(path.join(env.home, 'logs', `${late}.log`), 'utf8')).toContain('late done');
	});
});

describe('the Slurm executor without Slurm', () => {
	it('--executor slurm where sbatch is missing, or a bad --executor or --partition, is exit 2 with one line', async () => {
		env = new QueueEnv({PATH: '/nonexistent:/bin'});
		for (const args of [['--executor', 'slurm'], ['--executor', 'pbs'], ['--partition', 'gpu']]) {
			const r = await env.cli(['add', ...args, '--', 'true'], {env: {PATH: '/nonexistent'}});
			expect(r.code).toBe(2);
			expect(r.stderr.trim().split('\n')).toHaveLength(1);
		}
		expect(fs.existsSync(path.join(env.home, 'queue.db'))).toBe(false);
	});
});
