// Shared helpers for the benchmarks: temp queues, timing, percentiles. Plain Node, no dependencies.
import {spawnSync} from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import {createRequire} from 'node:module';
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

/** The pid of a bench queue's runner, read from its database (undefined when none holds the lease). */
export function runnerPid(home) {
	const Database = createRequire(import.meta.url)('better-sqlite3');
	const db = new Database(path.join(home, 'queue.db'), {readonly: true});
	try {
		return db.prepare('SELECT pid FROM runner WHERE id = 1').get()?.pid;
	} finally {
		db.close();
	}
}

/** Stops the runner of a bench queue (the benches start it; they end it by its recorded pid). */
export function stopRunner(home) {
	try {
		const pid = runnerPid(home);
		if (pid) process.kill(pid, 'SIGTERM');
	} catch {}
}

export const round = (n, d = 1) => Math.round(n * 10 ** d) / 10 ** d;
