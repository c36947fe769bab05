// Shared helpers for the benchmarks: temp queues, timing, percentiles. Plain Node, no dependencies.
import {execFileSync, spawnSync} from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const CLI = path.resolve('dist/cli.js');

export function tempDir(prefix = 'qtui-bench-') {
	return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** Wall time of one command in ms (spawnSync, so the figure includes process start-up, as a user sees it). */
export function timeCommand(cmd, args, opts = {}) {
	const t = process.hrtime.bigint();
	const r = spawnSync(cmd, args, {stdio: ['ignore', 'pipe', 'pipe'], ...opts});
	const ms = Number(process.hrtime.bigint() - t) / 1e6;
	if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed: ${r.stderr}`);
	return ms;
}

export function percentile(values, p) {
	const s = [...values].sort((a, b) => a - b);
	return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
}

export const median = values => percentile(values, 50);

export function have(cmd) {
	return spawnSync('sh', ['-c', `command -v ${cmd}`]).status === 0;
}

export function cli(args, env, cwd) {
	return execFileSync(process.execPath, [CLI, ...args], {env, cwd, encoding: 'utf8'});
}

/** Stops the runner of a bench queue (the benches start it; they end it by its recorded pid). */
export function stopRunner(home) {
	try {
		const json = JSON.parse(cli(['status', '--json', '--home', home], process.env));
		void json;
		const out = execFileSync('node', ['-e', `const D=require(${JSON.stringify(path.resolve('node_modules/better-sqlite3'))});const d=new D(${JSON.stringify(path.join(home, 'queue.db'))});const r=d.prepare('select pid from runner').get();console.log(r?r.pid:'')`], {encoding: 'utf8'}).trim();
		if (out) process.kill(Number(out), 'SIGTERM');
	} catch {}
}

export const round = (n, d = 1) => Math.round(n * 10 ** d) / 10 ** d;
