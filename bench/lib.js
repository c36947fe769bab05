// Shared helpers for the benchmarks: temp queues, timing, percentiles. Plain Node, no dependencies.
import {spawnSync} from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import {createRequire} from 'node:module';
import path from 'node:path';

export const CLI = path.resolve('dist/bin.cjs');

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

/** Grows a queue home to `n` finished jobs, in one transaction (a history generator, not a benchmark). */
export async function growHistory(home, n) {
	const {Store} = await import('../dist/source/core/store.js');
	for (const dir of ['logs', 'reports', 'exits']) fs.mkdirSync(path.join(home, dir), {recursive: true, mode: 0o700});
	const store = Store.open(path.join(home, 'queue.db'));
	const t0 = Date.now() - n * 60_000;
	const states = ['succeeded', 'succeeded', 'succeeded', 'failed', 'cancelled'];
	store.tx(() => {
		for (let i = 0; i < n; i++) {
			const spec = {argv: ['python3', '-m', 'pytest', `tests/test_${i % 40}.py`], shell: false, cwd: home, env: {}, kind: 'pytest', maxRetries: 2, backoffMs: 2000, label: i % 3 ? `QUAL-${i % 97}` : undefined};
			const state = states[i % states.length];
			const id = store.insertJob(spec, state, t0 + i * 60_000);
			for (const seq of [1, 2]) {
				store.insertAttempt(id, seq, t0 + i * 60_000 + seq);
				store.updateAttempt(id, seq, {state: seq === 2 ? state : 'failed', finished_at: t0 + i * 60_000 + seq * 1000, exit_code: seq === 2 && state === 'succeeded' ? 0 : 1});
			}
			store.update(id, {attempt: 2, started_at: t0 + i * 60_000, finished_at: t0 + i * 60_000 + 2000, exit_code: state === 'succeeded' ? 0 : 1});
		}
	});
	store.close();
	for (let id = 1; id <= n; id++) {
		fs.writeFileSync(path.join(home, 'logs', `${id}.log`), `[queue-tui] job ${id} attempt 1 started\n..F.\n`);
		fs.writeFileSync(path.join(home, 'reports', `${id}.md`), `# job ${id}\n`);
	}
}
