/**
 * `queue-tui demo` watched at 40 and 100 columns in a real tmux: both screens must fit their
 * width, show each job once (no stale rows left by a redraw) and show the progress of both jobs.
 * With QUEUE_TUI_WRITE_SCREENS=1 the two screens are saved as docs/screens/tui-40.txt and
 * tui-100.txt (the README's pictures).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterAll, beforeAll, expect, it} from 'vitest';
import {cleanupQueue, cli, CLI, TmuxServer, until} from '../ui/tmux-harness.js';

let tmux: TmuxServer;
let dir: string;
let project: string;
let home: string;

beforeAll(() => {
	if (!fs.existsSync(CLI)) throw new Error('build first: npx tsc -p tsconfig.json');
	dir = fs.mkdtempSync(path.join(os.tmpdir(), 'qtui-screens-'));
	project = path.join(dir, 'my-project');
	fs.mkdirSync(path.join(project, '.git'), {recursive: true}); // the project root, as in a real checkout
	home = path.join(project, '.queue');
	tmux = new TmuxServer();
});

afterAll(() => {
	tmux?.kill();
	if (dir) cleanupQueue(home, dir);
});

const percent = (screen: string, name: string) => Number(new RegExp(`${name}.*? (\\d+)%`).exec(screen)?.[1] ?? -1);

it('demo at 40 and 100 columns: both jobs progress, every row fits, nothing is drawn twice, both TUIs agree', async () => {
	expect(cli(['start', '--parallel', '2'], project).code).toBe(0);
	const demo = cli(['demo'], project);
	expect(demo.code, demo.stderr).toBe(0);
	expect(demo.stdout).toContain('queue-tui pane');
	tmux.session('narrow', 40, 20, project, [process.execPath, CLI]);
	tmux.session('wide', 100, 30, project, [process.execPath, CLI]);
	const narrow = () => tmux.screen('narrow');
	const wide = () => tmux.screen('wide');
	// Far enough in that pytest has failures to show and the batch job has a counter.
	await until(() => percent(narrow(), ' #1 ') >= 40 && percent(narrow(), ' #2 ') >= 5, 'both jobs under way', 30_000, narrow);
	await until(() => percent(wide(), ' #1 ') >= 40 && /batch_demo.*\d+\/40/.test(wide()), 'both jobs on the wide screen', 10_000, wide);
	const shots = {40: narrow(), 100: wide()};
	for (const [width, screen] of Object.entries(shots)) {
		const lines = screen.split('\n');
		for (const line of lines) expect([...line].length, line).toBeLessThanOrEqual(Number(width));
		expect(lines.filter(l => /^queue(-tui)? /.test(l)), screen).toHaveLength(1);
		expect(lines.filter(l => / #1 /.test(l) && /%/.test(l)), screen).toHaveLength(1);
		expect(lines.filter(l => / #2 /.test(l) && /%/.test(l)), screen).toHaveLength(1);
		expect(screen).toMatch(/─ #1 pytest test_demo (demo )?· running/);
		expect(screen).toContain('? help q quit');
	}
	expect(shots[100]).toMatch(/running +batch_demo demo +python3 batch_demo/);
	// Two TUIs on one queue stay consistent: a pause in one shows in the other.
	tmux.keys('narrow', 'p');
	await until(() => wide().split('\n')[0].includes('PAUSED'), 'PAUSED in the other TUI', 5000, wide);
	if (process.env.QUEUE_TUI_WRITE_SCREENS === '1') {
		fs.mkdirSync('docs/screens', {recursive: true});
		for (const [width, screen] of Object.entries(shots)) {
			// The temporary directory is noise in a picture: show it as ~/my-project.
			const tidy = screen.replaceAll(`${dir}/`, '~/').replaceAll(/…\S*my-project/g, '~/my-project').replace(/\n+$/, '\n');
			fs.writeFileSync(`docs/screens/tui-${width}.txt`, tidy);
		}
	}
}, 60_000);
