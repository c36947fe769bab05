/**
 * The label filter for real: jobs labelled by `add --label`, the built TUI in a private tmux
 * server at 40×24, `L` cycling through the labels. The queue stays paused, so nothing runs and
 * the screen holds still. Build first: `npx tsc -p tsconfig.json` (the test script does).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {cleanupQueue, cli, CLI, TmuxServer, until} from '../ui/tmux-harness.js';

let tmux: TmuxServer;
let dir: string;
let home: string;

beforeAll(() => {
	if (!fs.existsSync(CLI)) throw new Error('build first: npx tsc -p tsconfig.json');
	dir = fs.mkdtempSync(path.join(os.tmpdir(), 'qtui-e2e-label-'));
	home = path.join(dir, '.queue');
	tmux = new TmuxServer();
});

afterAll(() => {
	tmux?.kill();
	if (dir) cleanupQueue(home, dir);
});

const add = (...args: string[]) => {
	const r = cli(['add', '--home', home, '--no-start', ...args], dir);
	expect(r.code, r.stderr).toBe(0);
	return Number(r.stdout.trim());
};
/** The ids in the job list, top to bottom (`>○ #2 QUAL-044 …`). */
const listed = (screen: string) => screen.split('\n').map(l => /^[> ]\S #(\d+) /.exec(l)?.[1]).filter(Boolean).map(Number);

describe('the label filter in tmux', () => {
	it('L shows one label\'s jobs and counts, then the next, then all; a command added meanwhile gets the label', async () => {
		expect(cli(['pause', '--home', home], dir).code).toBe(0);
		const a = add('--label', 'QUAL-045', '--', 'true');
		const b = add('--label', 'QUAL-044', '--', 'true');
		const c = add('--', 'true');
		const d = add('--label', 'QUAL-044', '--', 'true');
		tmux.session('tui', 40, 24, dir, [process.execPath, CLI, '--home', home]);
		const screen = () => tmux.screen('tui');
		const header = () => screen().split('\n')[0];
		await until(() => listed(screen()).length === 4, 'the four jobs', 10_000, screen);
		expect(header()).toBe('queue PAUSED · slots 0/1 · 4 queued');

		tmux.keys('tui', 'L');
		await until(() => header().startsWith('label QUAL-044'), 'the QUAL-044 filter', 5000, screen);
		expect(header()).toBe('label QUAL-044 · PAUSED · 2 queued');
		expect(listed(screen())).toEqual([b, d]);

		// A command typed under the filter is queued with its label, and shows in the filtered list.
		tmux.keys('tui', 'a');
		await until(() => screen().includes('add [QUAL-044]> '), 'the add prompt with the label', 5000, screen);
		tmux.keys('tui', '-l', 'echo hi');
		tmux.keys('tui', 'Enter');
		const e = Number(await until(() => /#(\d+) queued as QUAL-044/.exec(screen())?.[1], 'the queued message', 5000, screen));
		await until(() => listed(screen()).join() === [b, d, e].join(), 'the new job in the filtered list', 5000, screen);
		expect(header()).toBe('label QUAL-044 · PAUSED · 3 queued');
		const labelled = JSON.parse(cli(['list', '--json', '--label', 'QUAL-044', '--home', home], dir).stdout) as Array<{id: number}>;
		expect(labelled.map(j => j.id)).toEqual([b, d, e]);

		tmux.keys('tui', 'L');
		await until(() => header().startsWith('label QUAL-045'), 'the QUAL-045 filter', 5000, screen);
		expect(listed(screen())).toEqual([a]);

		tmux.keys('tui', 'L');
		await until(() => header().startsWith('queue '), 'all jobs again', 5000, screen);
		expect(listed(screen())).toEqual([a, b, c, d, e]);
		for (const line of screen().split('\n')) expect([...line].length).toBeLessThanOrEqual(40);
	}, 45_000);
});
