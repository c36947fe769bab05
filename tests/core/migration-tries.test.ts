// A queue from before the try count was stored: opening it fills each job's count from its attempts.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import {afterEach, describe, expect, it} from 'vitest';
import {MIGRATIONS} from '../../source/core/migrations.js';
import {Store} from '../../source/core/store.js';

let dir: string | undefined;
afterEach(() => dir && fs.rmSync(dir, {recursive: true, force: true}));

describe('migration of the try count', () => {
	it('a job retried by hand after two attempts reads tries 2 (attempt 0 of its new round)', () => {
		dir = fs.mkdtempSync(path.join(os.tmpdir(), 'qt-mig-'));
		const file = path.join(dir, 'queue.db');
		const tries = MIGRATIONS.findIndex((m) => m.includes('ADD COLUMN tries'));
		expect(tries).toBeGreaterThan(0);
		const old = new Database(file);
		for (const m of MIGRATIONS.slice(0, tries)) old.exec(m);
		old.pragma(`user_version = ${tries}`);
		const insert = (state: string) => Number(old.prepare(`INSERT INTO jobs (position, argv, shell, cwd, env, kind, state, attempt, max_retries, backoff_ms, created_at)
			VALUES (0, '["true"]', 0, '/', '{}', 'generic', ?, 0, 1, 0, 1)`).run(state).lastInsertRowid);
		const retried = insert('queued');
		const fresh = insert('queued');
		for (const seq of [1, 2]) old.prepare(`INSERT INTO attempts (job_id, seq, state, started_at, finished_at) VALUES (?, ?, 'failed', 1, 2)`).run(retried, seq);
		old.close();
		const store = Store.open(file);
		try {
			expect(store.job(retried)).toMatchObject({attempt: 0, tries: 2});
			expect(store.job(fresh)).toMatchObject({attempt: 0, tries: 0});
		} finally {
			store.close();
		}
	});
});
