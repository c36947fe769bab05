import {execFile} from 'node:child_process';
import path from 'node:path';
import {describe, expect, it} from 'vitest';

/**
 * The short random-kill soak: the bench (bench/kill-soak.js) with 12 jobs and 8 kills of the
 * runner, a foreground --headless or the TUI (every fourth kill; in tmux, often just after Enter in
 * its add prompt) at random instants while jobs start and end. The bench ends its own runners and
 * TUIs and removes its queue.
 */
describe('runners and the TUI killed at random instants', () => {
	it('lose no job, run none twice, wedge none, and record every exit code right', async () => {
		const out = await new Promise<string>((resolve, reject) => {
			execFile(process.execPath, [path.resolve('bench/kill-soak.js'), '--jobs', '12', '--kills', '8'], {timeout: 240_000}, (error, stdout, stderr) => {
				if (error) reject(new Error(`${String(error)}\n${stderr}`));
				else resolve(stdout);
			});
		});
		const r = JSON.parse(out) as {jobs: number; kills: number; tuiKills: number; tuiJobs: number; runs: number; lost: number; ranTwice: number; wedged: number; wrong: number; problems: unknown[]};
		expect(r.problems).toEqual([]);
		// Jobs typed into a TUI killed right after Enter count when they were queued (each ran once).
		expect({kills: r.kills, tuiKills: r.tuiKills, runs: r.runs - r.tuiJobs, lost: r.lost, ranTwice: r.ranTwice, wedged: r.wedged, wrong: r.wrong}).toEqual({kills: 8, tuiKills: 2, runs: 12, lost: 0, ranTwice: 0, wedged: 0, wrong: 0});
	}, 300_000);
});
