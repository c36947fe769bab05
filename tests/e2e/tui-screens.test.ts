/**
 * `queue-tui demo` watched at 40 and 100 columns in a real tmux: both screens must fit their
 * width, show each job once (no stale rows left by a redraw) and show the progress of both jobs.
 * Beside the demo, a `pytest -q` run (its detail selected once it ended: pytest's `[100%]` marker
 * and its total), a job held until the test lets it go and one waiting on it (`waits #4`), and
 * the `?` help at 40 columns.
 * With QUEUE_TUI_WRITE_SCREENS=1 the screens are saved as docs/screens/tui-40.txt, tui-100.txt
 * and help-40.txt (the README's pictures; tests/view/readme-screens.test.ts keeps them in step).
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
	expect(cli(['start', '--parallel', '4'], project).code).toBe(0);
	const demo = cli(['demo'], project);
	expect(demo.code, demo.stderr).toBe(0);
	expect(demo.stdout).toContain('queue-tui pane');
	const demoDir = path.join(home, 'demo');
	const added = [
		['--name', 'pytest -q', '--retries', '0', '--', 'python3', '-m', 'pytest', '-q', '--tb=no', 'test_demo.py'],
		// Runs until the test creates `go`: the job after it is still waiting when the screens are taken.
		['--name', 'gate', '--', 'python3', '-c', "import os, time\nwhile not os.path.exists('go'): time.sleep(0.1)"],
		['--after', '4', '--', 'python3', 'batch_demo.py'],
	].map(args => cli(['add', '--label', 'QUAL-044', '--cwd', demoDir, ...args], project).stdout.trim());
	expect(added).toEqual(['3', '4', '5']);
	tmux.session('narrow', 40, 24, project, [process.execPath, CLI]);
	tmux.session('wide', 100, 30, project, [process.execPath, CLI]);
	const narrow = () => tmux.screen('narrow');
	const wide = () => tmux.screen('wide');
	// Far enough in that pytest has failures to show and the batch job has a counter.
	await until(() => percent(narrow(), ' #1 ') >= 40 && percent(narrow(), ' #2 ') >= 5, 'both jobs under way', 30_000, narrow);
	await until(() => percent(wide(), ' #1 ') >= 40 && /batch_demo.*\d+\/40/.test(wide()), 'both jobs on the wide screen', 10_000, wide);
	const shots: Record<string, string> = {40: narrow(), 100: wide()};
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
	// The README's pictures: the pytest -q run ended (selected: its [100%] and total), #5 waits #4.
	const selected = (screen: string) => Number(/^─ #(\d+)/m.exec(screen)?.[1] ?? 0);
	// One key at a time, each waited on: keys sent faster than the redraw would overshoot.
	const select = async (target: string, screen: () => string) => {
		for (let at = selected(screen()); at !== 3; at = selected(screen())) {
			tmux.keys(target, at < 3 ? 'j' : 'k');
			await until(() => selected(screen()) !== at, 'the selection to move', 10_000, screen);
		}
	};
	const ended = (screen: string) => /─ #3 pytest -q( QUAL-044)? · failed/.test(screen) && /\d+ failed, \d+ passed in/.test(screen);
	for (const [target, screen] of [['narrow', narrow], ['wide', wide]] as const) {
		await select(target, screen);
		await until(() => ended(screen()), 'the -q run ended with its total', 60_000, screen);
	}
	shots[40] = narrow();
	shots[100] = wide();
	expect(shots[100]).toMatch(/[.F]{25} +\[100%\]/);
	for (const screen of Object.values(shots)) expect(screen).toMatch(/#5 .*waits #4/);
	fs.writeFileSync(path.join(demoDir, 'go'), '');
	// The whole help at 40 columns: every line fits (the help wraps rather than cuts).
	// Tall enough for all of it: the picture is the whole help, its last line included.
	tmux.run('resize-window', '-t', 'narrow', '-x', '40', '-y', '60');
	tmux.keys('narrow', '?');
	const help = await until(() => narrow().includes('keys (any key closes this)') && /^jobs keep running after q/m.test(narrow()) && narrow(), 'the whole help screen', 10_000, narrow);
	for (const line of help.split('\n')) expect([...line].length, line).toBeLessThanOrEqual(40);
	// Any key closes the help (a lone Escape could pair with the next key as Alt-key).
	tmux.keys('narrow', '?');
	await until(() => !narrow().includes('keys (any key closes this)'), 'the help closed', 10_000, narrow);
	// Two TUIs on one queue stay consistent: a pause in one shows in the other.
	tmux.keys('narrow', 'p');
	await until(() => wide().split('\n')[0].includes('PAUSED'), 'PAUSED in the other TUI', 30_000, wide);
	if (process.env.QUEUE_TUI_WRITE_SCREENS === '1') {
		fs.mkdirSync('docs/screens', {recursive: true});
		for (const [name, screen] of Object.entries({'tui-40': shots[40], 'tui-100': shots[100], 'help-40': help})) {
			// The temporary directory is noise in a picture: show it as ~/my-project.
			const tidy = screen.replaceAll(`${dir}/`, '~/').replaceAll(/…\S*my-project/g, '~/my-project').replace(/\n+$/, '\n');
			fs.writeFileSync(`docs/screens/${name}.txt`, tidy);
		}
	}
}, 180_000);
