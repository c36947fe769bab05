/**
 * Scrolling past the newest 200 finished jobs, for real: a queue with 260 finished jobs, the
 * built TUI in a private tmux server at 100 and 40 columns. The TUI holds the newest 200; `k` past
 * the oldest of them, `g`, and `G` read the other pages of the history (by key, in SQL).
 * Build first: `npx tsc -p tsconfig.json` (the test script does).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {openQueue} from '../../source/core/queue.js';
import {spec} from '../helpers/temp-queue.js';
import {cleanupQueue, CLI, TmuxServer, until} from '../ui/tmux-harness.js';

const JOBS = 260;
let tmux: TmuxServer;
let dir: string;
let home: string;

beforeAll(() => {
	if (!fs.existsSync(CLI)) throw new Error('build first: npx tsc -p tsconfig.json');
	dir = fs.mkdtempSync(path.join(os.tmpdir(), 'qtui-e2e-history-'));
	home = path.join(dir, '.queue');
	const q = openQueue({home});
	const t0 = Date.now() - JOBS * 60_000;
	q.store.tx(() => {
		for (let i = 0; i < JOBS; i++) {
			const id = q.store.insertJob(spec({cwd: dir}), i % 7 ? 'succeeded' : 'failed', t0 + i * 60_000);
			q.store.update(id, {attempt: 1, started_at: t0 + i * 60_000, finished_at: t0 + i * 60_000 + 1000, exit_code: i % 7 ? 0 : 1});
		}
	});
	q.store.close();
	tmux = new TmuxServer();
});

afterAll(() => {
	tmux?.kill();
	if (dir) cleanupQueue(home, dir);
});

/** The ids in the job list, top to bottom, and the selected one (`>✓ #55 …`). */
const listed = (screen: string) => screen.split('\n').map(l => /^[> ]\S #(\d+) /.exec(l)?.[1]).filter(Boolean).map(Number);
const selected = (screen: string) => Number(/^>\S #(\d+) /m.exec(screen)?.[1] ?? -1);

describe('the TUI scrolled past the newest 200 finished jobs, in tmux', () => {
	for (const columns of [100, 40]) {
		it(`k, g and G reach every job of a 260-job history at ${columns} columns`, async () => {
			const name = `w${columns}`;
			tmux.session(name, columns, 24, dir, [process.execPath, CLI, '--home', home]);
			const screen = () => tmux.screen(name);
			await until(() => selected(screen()) === JOBS, 'the newest job selected', 20_000, screen);
			// The header counts the whole history, not the 200 held.
			expect(screen().split('\n')[0]).toContain(columns >= 80 ? `${JOBS - 38} ok` : `${JOBS - 38}✓`);

			// 205 up: past job 61, the oldest of the newest 200, into the page before it.
			tmux.keys(name, '-N', '205', 'k');
			await until(() => selected(screen()) === JOBS - 205, `#${JOBS - 205} selected`, 30_000, screen);
			const around = listed(screen());
			expect(around).toContain(JOBS - 205);
			expect(around.every((id, i) => i === 0 || id === around[i - 1] + 1), around.join()).toBe(true);

			tmux.keys(name, 'g');
			await until(() => selected(screen()) === 1, 'the oldest job (g)', 20_000, screen);
			expect(listed(screen())[0]).toBe(1);
			tmux.keys(name, 'G');
			await until(() => selected(screen()) === JOBS, 'the newest job again (G)', 20_000, screen);
			tmux.keys(name, 'q');
			await until(() => tmux.info(name, '#{pane_dead}') === '1', 'the TUI to quit', 10_000, screen);
		});
	}
});
