/**
 * A live flow in the real TUI: a real runner runs a flow whose second step prints its progress and
 * then waits on a go-file (the status line and `list` group it the same way); the built CLI in a private tmux server, at 100 and at 40 columns, shows it
 * as one collapsed row with its current step and percentage; space unfolds its steps and checks; `c`
 * then `y` cancels the whole flow (the queue says so, not just the screen), and both panes show the end.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {textWidth} from '../../source/core/text-width.js';
import {cleanupQueue, cli, CLI, query, TmuxServer, until} from '../ui/tmux-harness.js';

let tmux: TmuxServer;
let dir: string;
let home: string;

beforeAll(() => {
	if (!fs.existsSync(CLI)) throw new Error('build first: npx tsc -p tsconfig.json');
	dir = fs.mkdtempSync(path.join(os.tmpdir(), 'qtui-flow-e2e-'));
	home = path.join(dir, '.queue');
	tmux = new TmuxServer();
});

afterAll(() => {
	tmux?.kill();
	if (dir) cleanupQueue(home, dir);
});

const quality = {
	steps: [
		{name: 'unit', shell: 'echo "2 passed"', retries: 0},
		// 9 of 20 images done (45%), then nothing more until the test lets it go on.
		{name: 'extract', shell: 'echo "処理中 9/20"; while [ ! -f go ]; do sleep 0.1; done; echo "処理中 20/20"', retries: 0},
		{name: 'report', shell: 'echo report written', when: 'after-any', retries: 0},
	],
	checks: [{name: 'outputs', shell: 'test -f go', retries: 0}],
};

/** The row's clock: `9s`, `1m05s` (a loaded machine may take minutes). */
const CLOCK = String.raw`\s+(\d+[hm])*\d+s`;
/** The flow's row on a screen (`>● ▸ f1 quality QUAL-044 step 2/3 extract 45%   3s`). */
const flowRow = (screen: string) => screen.split('\n').find(l => / [▸▾] f1 /.test(l)) ?? '';
const flowJobs = () => query<{flow_step: string; state: string}>(home, 'SELECT flow_step, state FROM jobs WHERE flow_id = 1 ORDER BY id');

describe('a live flow in the TUI in tmux', () => {
	it('one row with its current step and percent at 100 and 40 columns; space unfolds; c cancels the whole flow', async () => {
		fs.writeFileSync(path.join(dir, '.queue-tui.json'), JSON.stringify({workflows: {quality}}));
		const r = cli(['flow', 'run', 'quality', '--label', 'QUAL-044', '--home', home], dir);
		expect(r, r.stderr).toMatchObject({code: 0, stdout: 'f1\n'});
		// The progress is in the queue before any TUI opens, so each draws it from its first frame on.
		await until(() => query<{progress: string | null}>(home, "SELECT progress FROM jobs WHERE flow_step = 'extract' AND state = 'running'")[0]?.progress, 'the extract step running with progress', 60_000);

		// The status line and list say the same as the TUI will: one flow, its step and percent, its jobs under it.
		expect(cli(['status', '--home', home], dir).stdout).toMatch(/ \| f1 quality QUAL-044 step 2\/3 extract 45% 9\/20 \d+s \| /);
		const list = cli(['list', '--home', home], dir).stdout.split('\n');
		expect(list[1]).toMatch(/^f1 +running +quality QUAL-044 +step 2\/3 extract /);
		expect(list.slice(2, 6).map(l => /^ {2}#(\d) +(\w+) .*?(unit|extract|report|outputs)/.exec(l)?.slice(1))).toEqual([
			['1', 'succeeded', 'unit'], ['2', 'running', 'extract'], ['3', 'queued', 'report'], ['4', 'queued', 'outputs'],
		]);
		const json = JSON.parse(cli(['list', '--json', '--home', home], dir).stdout) as Array<{id: number; flow?: string; flowStep?: string}>;
		expect(json.map(j => [j.id, j.flow, j.flowStep])).toEqual([[1, 'f1', 'unit'], [2, 'f1', 'extract'], [3, 'f1', 'report'], [4, 'f1', 'outputs']]);

		tmux.session('wide', 100, 24, dir, [process.execPath, CLI, '--home', home]);
		tmux.session('narrow', 40, 24, dir, [process.execPath, CLI, '--home', home]);
		const wide = () => tmux.screen('wide');
		const narrow = () => tmux.screen('narrow');
		await until(() => new RegExp(`▸ f1 quality QUAL-044 step 2/3 extract 45%${CLOCK}$`).test(flowRow(wide()).trimEnd()), 'the collapsed row at 100 columns', 45_000, wide);
		await until(() => new RegExp(`▸ f1 quality .*step 2/3 45%${CLOCK}$`).test(flowRow(narrow()).trimEnd()), 'the collapsed row at 40 columns', 45_000, narrow);
		for (const line of narrow().split('\n')) expect(textWidth(line), line).toBeLessThanOrEqual(40);
		// Collapsed: its steps have no rows of their own.
		expect(wide()).not.toMatch(/[├└] (unit|extract|report|outputs)/);

		// The running flow is selected first; space unfolds its steps and checks right under it.
		await until(() => flowRow(wide()).startsWith('>'), 'the flow row selected', 30_000, wide);
		tmux.keys('wide', 'Space');
		const rows = await until(() => {
			const lines = wide().split('\n');
			const at = lines.findIndex(l => / ▾ f1 /.test(l));
			return at >= 0 && lines.length > at + 4 ? lines.slice(at + 1, at + 5) : undefined;
		}, 'the unfolded flow', 30_000, wide);
		expect(rows[0]).toMatch(/#1 .*├ unit/);
		expect(rows[1]).toMatch(/#2 .*├ extract/);
		expect(rows[2]).toMatch(/#3 .*├ report/);
		expect(rows[3]).toMatch(/#4 .*└ outputs/);
		// Space again folds them away.
		tmux.keys('wide', 'Space');
		await until(() => / ▸ f1 /.test(wide()) && !/[├└] unit/.test(wide()), 'the flow folded again', 30_000, wide);

		// c asks about the whole flow; y cancels every job of it that had not ended.
		tmux.keys('wide', 'c');
		await until(() => wide().includes('Cancel flow f1 quality QUAL-044 (all its jobs)? y/n'), 'the cancel question', 30_000, wide);
		tmux.keys('wide', 'y');
		await until(() => query<{state: string}>(home, 'SELECT state FROM flows WHERE id = 1')[0]?.state === 'cancelled', 'the flow cancelled in the queue', 60_000, wide);
		expect(flowJobs()).toEqual([
			{flow_step: 'unit', state: 'succeeded'},
			{flow_step: 'extract', state: 'cancelled'},
			{flow_step: 'report', state: 'cancelled'},
			{flow_step: 'outputs', state: 'cancelled'},
		]);
		expect(cli(['wait', 'f1', '--home', home], dir)).toMatchObject({code: 130, stdout: expect.stringMatching(/^queue flow f1 quality QUAL-044 cancelled at step extract/)});
		// Both panes show the end on the same one row.
		await until(() => new RegExp(`▸ f1 quality QUAL-044 cancelled${CLOCK}$`).test(flowRow(wide()).trimEnd()), 'the end at 100 columns', 30_000, wide);
		await until(() => new RegExp(`▸ f1 quality .*cancelled${CLOCK}$`).test(flowRow(narrow()).trimEnd()), 'the end at 40 columns', 30_000, narrow);
		expect(fs.existsSync(path.join(dir, 'go'))).toBe(false);
	}, 240_000);
});
