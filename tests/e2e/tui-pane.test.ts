/**
 * `queue-tui pane`: the tmux arguments it builds, its refusal outside tmux, and a real split in
 * a private tmux server (run from a shell inside that server, as a user would).
 */
import {spawnSync} from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {checkSize, paneArgs} from '../../source/cli/commands/pane.js';
import {cleanupQueue, CLI, paneEnv, TmuxServer, until} from '../ui/tmux-harness.js';

describe('pane arguments', () => {
	it('splits beside (-h) or below (-v), keeps the focus (-d), runs node + the CLI without a shell', () => {
		expect(paneArgs({size: '35%', below: false, cwd: '/p', node: '/bin/node', cli: '/x/cli.js'})).toEqual([
			'split-window', '-h', '-d', '-l', '35%', '-c', '/p', '-P', '-F', '#{pane_id}', '/bin/node', '/x/cli.js',
		]);
		const below = paneArgs({size: '12', below: true, cwd: '/p', home: '/q/.queue', node: 'n', cli: 'c'});
		expect(below.slice(0, 2)).toEqual(['split-window', '-v']);
		expect(below.slice(-4)).toEqual(['n', 'c', '--home', '/q/.queue']);
	});

	it('takes 35% or a cell count as --size and nothing else', () => {
		expect(checkSize('35%')).toBe('35%');
		expect(checkSize('80')).toBe('80');
		for (const bad of ['0%', '100%', '-1', 'big', '35%%', '']) expect(() => checkSize(bad), bad).toThrow(/--size/);
	});
});

describe('queue-tui pane', () => {
	let tmux: TmuxServer;
	let dir: string;

	beforeAll(() => {
		dir = fs.mkdtempSync(path.join(os.tmpdir(), 'qtui-pane-'));
		tmux = new TmuxServer();
	});

	afterAll(() => {
		tmux?.kill();
		if (dir) cleanupQueue(path.join(dir, '.queue'), dir);
	});

	it('outside tmux: one line on stderr, exit 2', () => {
		const r = spawnSync(process.execPath, [CLI, 'pane'], {cwd: dir, env: paneEnv(), encoding: 'utf8'});
		expect(r.status).toBe(2);
		expect(r.stderr.trim().split('\n')).toHaveLength(1);
		expect(r.stderr).toContain('not inside tmux');
	});

	it('inside tmux: opens the TUI in a new pane below, the focus stays', async () => {
		const home = path.join(dir, '.queue');
		tmux.session('host', 100, 30, dir, ['sh']);
		tmux.keys('host', '-l', `'${process.execPath}' '${CLI}' pane --below --size 50% --home '${home}'`);
		tmux.keys('host', 'Enter');
		const panes = () => tmux.run('list-panes', '-t', 'host', '-F', '#{pane_index} #{pane_top} #{pane_width} #{pane_active}').trim().split('\n');
		await until(() => panes().length === 2, 'a second pane', 10_000, () => panes().join('\n'));
		const [first, second] = panes().map(p => p.split(' ').map(Number));
		expect(second[1]).toBeGreaterThan(0); // below: it starts lower down
		expect(second[2]).toBe(100); // and takes the full width
		expect(first[3]).toBe(1); // the shell keeps the focus
		await until(() => tmux.screen('host.1').includes('no jobs yet'), 'the TUI in the new pane', 10_000, () => tmux.screen('host.1'));
		expect(tmux.screen('host.0')).toContain('queue-tui opened in tmux pane %');
	}, 30_000);
});
