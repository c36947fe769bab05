// The TUI at 200, 10k and 50k jobs of history: start-up (until its first screen lists the newest
// job), memory (RSS once started, and peak after following), and the CPU it spends following 5
// trivial jobs queued, run and ended while it watches (all 5 ended on screen). The built TUI runs
// in a private tmux server at 100×30; CPU and memory come from /proc. History is grown by copying
// rows, logs and reports (bench/lib.js growHistory). Targets: RSS <= 150 MB at every size, and CPU
// per followed job independent of the history (the 50k figure within 1.3× of the 200 one).
// Start-up is the median of QTUI_BENCH_RUNS starts (default 3): one start varies by ±20% on a shared machine.
// Run: npm run bench -- tui-history (QTUI_BENCH_SIZES=200,10000 to choose). Build first.
import {execFileSync, spawnSync} from 'node:child_process';
import {randomBytes} from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {CLI, growHistory, median, round, runnerPid, tempDir} from './lib.js';
import {cpuMs, end, hasTmux, memoryMb, paneEnv, sleep, tuiPidIn, untilShown} from './tui-lib.js';

const SIZES = (process.env.QTUI_BENCH_SIZES ?? '200,10000,50000').split(',').map(Number);
const JOBS = 5;
const RUNS = Math.max(1, Number(process.env.QTUI_BENCH_RUNS ?? 3));
const env = paneEnv();
if (!fs.existsSync(CLI) || !hasTmux()) {
	process.stderr.write('tui-history: needs tmux and a build (npx tsc -p tsconfig.json)\n');
	process.exit(2);
}

const until = (what, fn, screen) => untilShown(what, fn, screen, 120_000, 20);

async function measure(size) {
	const dir = tempDir('qtui-bench-tuih-');
	const home = path.join(dir, '.queue');
	await growHistory(home, size);
	const socket = `qtui-bench-${randomBytes(4).toString('hex')}`;
	const tmux = (...args) => execFileSync('tmux', ['-u', '-L', socket, '-f', '/dev/null', ...args], {env, encoding: 'utf8'});
	const cli = (...args) => execFileSync(process.execPath, [CLI, ...args], {env: {...env, QUEUE_TUI_HOME: home}, cwd: dir, encoding: 'utf8'}).trim();
	const okCount = () => Number(/ (\d+) ok\b/.exec(screen().split('\n')[0])?.[1] ?? -1);
	let session = 'tui';
	const screen = () => tmux('capture-pane', '-p', '-t', session);
	let tui;
	try {
		const starts = [];
		for (let run = 0; run < RUNS; run++) {
			if (tui) {
				await end(tui); // the previous start's TUI: only the last one stays to follow the jobs
				spawnSync('tmux', ['-L', socket, 'kill-session', '-t', session], {env, stdio: 'ignore'}); // if it outlived its TUI
			}
			session = `tui${run}`;
			const t0 = Date.now();
			tmux('new-session', '-d', '-s', session, '-x', '100', '-y', '30', '-c', dir, process.execPath, CLI, '--home', home);
			// The newest job (the last one grown) sits at the bottom of the list, selected: the first real screen.
			await until('the first screen', () => screen().includes(`#${size} `), screen);
			starts.push(Date.now() - t0);
			tui = tuiPidIn(tmux, session);
		}
		const startupMs = median(starts);
		await sleep(2000); // its first redraws settle
		const started = memoryMb(tui);
		const ok0 = okCount();
		const cpu0 = cpuMs(tui);
		const w0 = Date.now();
		const ids = [];
		for (let i = 0; i < JOBS; i++) ids.push(cli('add', '--retries', '0', '--', 'true'));
		cli('wait', ...ids);
		// The header counts them: all 5 ended on screen.
		await until('the 5 jobs ended on screen', () => okCount() === ok0 + JOBS, screen);
		const cpu = cpuMs(tui) - cpu0;
		const wall = Date.now() - w0;
		const after = memoryMb(tui);
		return {jobs: size, startupMs, starts, rssMb: started.rss, peakRssMb: after.peak, follow5: {cpuMs: round(cpu, 0), wallMs: wall, cpuMsPerJob: round(cpu / JOBS, 1)}};
	} finally {
		await end(runnerPid(home));
		await end(tui);
		spawnSync('tmux', ['-L', socket, 'kill-server'], {env});
		fs.rmSync(dir, {recursive: true, force: true});
	}
}

const results = [];
for (const size of SIZES) results.push(await measure(size));
const base = results[0];
console.log(JSON.stringify({
	bench: 'tui-history', node: process.version, date: new Date().toISOString(), cores: os.cpus().length, loadavg: os.loadavg().map(n => round(n, 1)),
	results,
	vsSmallest: results.slice(1).map(r => ({jobs: r.jobs, startup: round(r.startupMs / base.startupMs, 2), cpuPerJob: round(r.follow5.cpuMsPerJob / base.follow5.cpuMsPerJob, 2), rss: round(r.rssMb / base.rssMb, 2)})),
	targets: {rssMb: '<= 150 at every size', cpuPerJob: 'independent of history (ratio to the smallest <= 1.3)'},
	command: 'npm run bench -- tui-history',
}, null, 2));
