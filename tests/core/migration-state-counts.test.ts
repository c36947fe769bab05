// A queue from before the counts were kept: opening it counts its jobs once, then the triggers keep up.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import {afterEach, describe, expect, it} from 'vitest';
import {MIGRATIONS} from '../../source/core/migrations.js';
import {Store} from '../../source/core/store.js';

let dir: string | undefined;
afterEach(() => dir && fs.rmSync(dir, {recursive: true, force: true}));

describe('migration of the counts per label and state', () => {
	it('counts the jobs already there, labelled and not, and follows later changes', () => {
		dir = fs.mkdtempSync(path.join(os.tmpdir(), 'qt-mig-counts-'));
		const file = path.join(dir, 'queue.db');
		const before = MIGRATIONS.findIndex(m => m.includes('CREATE TABLE state_counts'));
		expect(before).toBeGreaterThan(0);
		const old = new Database(file);
		for (const m of MIGRATIONS.slice(0, before)) old.exec(m);
		old.pragma(`user_version = ${before}`);
		const insert = (state: string, label: string | null) => Number(old.prepare(`INSERT INTO jobs (position, argv, shell, cwd, env, kind, state, attempt, max_retries, backoff_ms, created_at, label)
			VALUES (0, '["true"]', 0, '/', '{}', 'generic', ?, 0, 1, 0, 1, ?)`).run(state, label).lastInsertRowid);
		for (const [state, label] of [['succeeded', 'A'], ['succeeded', 'A'], ['failed', null], ['queued', ''], ['succeeded', null]] as const) insert(state, label);
		old.close();
		const store = Store.open(file);
		try {
			expect(store.countByState()).toEqual({succeeded: 3, failed: 1, queued: 1});
			expect(store.countByState('A')).toEqual({succeeded: 2});
			expect(store.countByState('')).toEqual({queued: 1}); // an empty label is not "no label"
			const id = store.jobs({states: ['queued']})[0].id;
			store.update(id, {state: 'cancelled'});
			store.db.prepare('DELETE FROM jobs WHERE label IS NULL AND state = ?').run('failed');
			expect(store.countByState()).toEqual({succeeded: 3, cancelled: 1});
			expect(store.labelStateCounts().sort((a, b) => String(a.label).localeCompare(String(b.label)) || a.state.localeCompare(b.state)))
				.toEqual([{label: '', state: 'cancelled', n: 1}, {label: 'A', state: 'succeeded', n: 2}, {label: null, state: 'succeeded', n: 1}]);
		} finally {
			store.close();
		}
	});
});
