/**
 * The TUI for real: the built CLI in a private tmux server at 40×24, a real runner, a real
 * pytest run. Keys go in with send-keys, the screen comes back with capture-pane, and the queue's
 * own commands (`list --json`, `status`) say whether the keys did what the screen claims.
 * Build first: `npx tsc -p tsconfig.json` (the test script does).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {cleanupQueue, cli, CLI, query, TmuxServer, until} from '../ui/tmux-harness.js';

const SUITE = `import time, pytest

@pytest.mark.parametrize('n', range(30))
def test_slow(n):
    time.sleep(0.2)
`;

let tmux: TmuxServer;
let dir: string;
let home: string;

beforeAll(() => {
	if (!fs.existsSync(CLI)) throw new Error('build first: npx tsc -p tsconfig.json');
	dir = fs.mkdtempSync(path.join(os.tmpdir(), 'qtui-e2e-'));
	home = path.join(dir, '.queue');
	fs.writeFileSync(path.join(dir, 'test_slow.py'), SUITE);
	tmux = new TmuxServer();
});

afterAll(() => {
	tmux?.kill();
	if (dir) cleanupQueue(home, dir);
});

const state = (id: number) => {
	const jobs = JSON.parse(cli(['list', '--json', '--home', home], dir).stdout) as Array<{id: number; state: string}>;
	return jobs.find(j => j.id === id)?.state;
};
const add = (...args: string[]) => {
	const r = cli(['add', '--home', home, ...args], dir);
	expect(r.code, r.stderr).toBe(0);
	return Number(r.stdout.trim());
};
/** The list row of job `id` on the screen (`>⠋ #1 tests  ████░░ 45%  3s`). */
const row = (screen: string, id: number) => screen.split('\n').find(l => new RegExp(`^.. #${id} `).test(l));
const percentOf = (screen: string, id: number) => Number(/ (\d+)%/.exec(row(screen, id) ?? '')?.[1] ?? -1);

describe('queue-tui in tmux', () => {
	it('shows live progress, and c / r / p / q act on the real queue', async () => {
		// A shell around the TUI records its exit status (tmux is slow to report a dead pane's).
		const exitFile = path.join(dir, 'tui-exit');
		tmux.session('tui', 40, 24, dir, ['sh', '-c', '"$0" "$1" --home "$2"; echo $? > "$3"', process.execPath, CLI, home, exitFile]);
		const screen = () => tmux.screen('tui');
		await until(() => screen().includes('no jobs yet'), 'the empty TUI', 10_000, screen);

		// Another process queues work: the open TUI shows it without being told.
		const tests = add('--label', 'tests', '--', 'python3', '-m', 'pytest', '-p', 'no:cacheprovider', 'test_slow.py');
		const failing = add('--retries', '0', '--', 'sh', '-c', 'exit 3');
		const first = await until(() => (percentOf(screen(), tests) > 0 ? percentOf(screen(), tests) : 0), 'progress on screen', 20_000, screen);
		await until(() => percentOf(screen(), tests) > first, `progress past ${first}%`, 10_000, screen);
		for (const line of screen().split('\n')) expect([...line].length).toBeLessThanOrEqual(40);

		// c asks, y cancels: the queue (not just the screen) says cancelled.
		tmux.keys('tui', 'g');
		await until(() => row(screen(), tests)?.startsWith('>'), 'the pytest job selected', 5000, screen);
		tmux.keys('tui', 'c');
		await until(() => new RegExp(`Cancel #${tests} pytest test_slow.*\\? y/n`).test(screen()), 'the cancel question', 5000, screen);
		tmux.keys('tui', 'y');
		await until(() => state(tests) === 'cancelled', 'pytest cancelled in list --json', 15_000, screen);

		// The failing job runs next and fails; select it and r queues it again (a second attempt runs).
		await until(() => state(failing) === 'failed', 'the failing job failed', 15_000, screen);
		tmux.keys('tui', 'j');
		await until(() => new RegExp(`─ #${failing} .* · failed`).test(screen()), 'the failed job selected', 5000, screen);
		tmux.keys('tui', 'r');
		await until(() => screen().includes(`#${failing} queued again`), 'the retry message', 5000, screen);
		await until(() => query<{n: number}>(home, 'SELECT COUNT(*) AS n FROM attempts WHERE job_id = ?', failing)[0].n === 2, 'a second attempt', 15_000, screen);

		// p pauses the queue for everyone: the header and the status line say so.
		tmux.keys('tui', 'p');
		await until(() => screen().split('\n')[0].includes('PAUSED'), 'PAUSED in the header', 5000, screen);
		expect(cli(['status', '--home', home], dir).stdout).toContain('PAUSED');

		// q quits: the pane's process exits cleanly.
		tmux.keys('tui', 'q');
		const code = await until(() => fs.existsSync(exitFile) && fs.readFileSync(exitFile, 'utf8').trim(), 'the TUI to exit', 5000, screen);
		expect(code).toBe('0');
	}, 60_000);

	it('a job queued from the TUI (which starts the runner) outlives the TUI\'s pane', async () => {
		tmux.session('again', 40, 24, dir, [process.execPath, CLI, '--home', home]);
		const screen = () => tmux.screen('again');
		await until(() => screen().split('\n')[0].includes('PAUSED'), 'the TUI again, queue still paused', 10_000, screen);
		const runnerPid = () => query<{pid: number}>(home, 'SELECT pid FROM runner')[0]?.pid;
		await until(() => !runnerPid() || !alive(runnerPid()!), 'no runner left from before', 10_000);
		tmux.keys('again', 'p');
		await until(() => screen().includes('queue resumed'), 'resumed from the TUI', 5000, screen);

		// a → type a command → Enter: queued in the project root, and the TUI wakes a runner for it.
		tmux.keys('again', 'a');
		await until(() => screen().includes('add> '), 'the add prompt', 5000, screen);
		// The job ends only when the test lets it, so a loaded machine can't end it before the pane goes.
		tmux.keys('again', '-l', 'while [ ! -e release ]; do sleep 0.1; done; echo done > finished.txt');
		tmux.keys('again', 'Enter');
		const id = Number(await until(() => /#(\d+) queued/.exec(screen())?.[1], 'the queued message', 5000, screen));
		await until(() => state(id) === 'running', 'the job running', 15_000, screen);
		const tuiPid = Number(tmux.info('again', '#{pane_pid}'));
		expect(parentOf(runnerPid()!)).toBe(tuiPid); // the TUI started this runner itself

		// Closing the pane sends the TUI SIGHUP; the runner (its own session) and the job carry on.
		tmux.run('kill-pane', '-t', 'again');
		await until(() => !alive(tuiPid), 'the TUI process to be gone', 5000);
		expect(state(id)).toBe('running');
		fs.writeFileSync(path.join(dir, 'release'), '');
		await until(() => state(id) === 'succeeded', 'the job to finish without its TUI', 20_000);
		expect(fs.readFileSync(path.join(dir, 'finished.txt'), 'utf8').trim()).toBe('done');
	}, 45_000);
});

function parentOf(pid: number): number {
	const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
	return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
}

function alive(pid: number): boolean {
	try {
		process.kill(pid, 0);
		return !fs.readFileSync(`/proc/${pid}/stat`, 'utf8').includes(') Z ');
	} catch {
		return false;
	}
}
