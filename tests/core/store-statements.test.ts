import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {Store} from '../../source/core/store.js';
import type {JobSpec} from '../../source/core/types.js';

describe('prepared statements', () => {
	let dir: string;
	let store: Store;
	beforeEach(() => {
		dir = fs.mkdtempSync(path.join(os.tmpdir(), 'qtui-stmt-'));
		store = Store.open(path.join(dir, 'queue.db'));
	});
	afterEach(() => {
		store.close();
		fs.rmSync(dir, {recursive: true, force: true});
	});

	it('prepares each SQL text once and hands the same statement back', () => {
		const a = store.sql('SELECT * FROM jobs WHERE id = ?');
		expect(store.sql('SELECT * FROM jobs WHERE id = ?')).toBe(a);
		expect(store.sql('SELECT id FROM jobs WHERE id = ?')).not.toBe(a);
	});

	it('stays bounded when SQL is built from a list, and still answers rightly', () => {
		const first = store.sql('SELECT 0');
		for (let n = 1; n <= 300; n++) store.sql(`SELECT ${n}`);
		expect(store.sql('SELECT 0')).not.toBe(first);
		expect(store.sql('SELECT 299').pluck().get()).toBe(299);
	});

	it('a job read while the whole queue is walked row by row reads rightly', () => {
		const spec: JobSpec = {argv: ['true'], shell: false, cwd: dir, env: {}, kind: 'generic', maxRetries: 0, backoffMs: 0, notify: false};
		for (let i = 0; i < 3; i++) store.insertJob(spec, 'queued', i);
		const seen: number[] = [];
		for (const job of store.eachJob()) seen.push(store.jobs({states: ['queued']}).length + (store.job(job.id)?.id ?? 0));
		expect(seen).toEqual([4, 5, 6]);
	});
});
