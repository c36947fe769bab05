import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterEach} from 'vitest';
import {openQueue, type Queue} from '../../source/core/queue.js';
import type {Progress} from '../../source/core/parsers/types.js';
import type {JobSpec} from '../../source/core/types.js';

/** Real queues in temp dirs, closed and removed after each test of the file that calls this. */
export function tempQueues(prefix: string): () => Queue {
	const opened: Queue[] = [];
	afterEach(() => {
		for (const q of opened.splice(0)) {
			q.store.close();
			fs.rmSync(q.paths.root, {recursive: true, force: true});
		}
	});
	return () => {
		const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
		const q = openQueue({cwd: dir, home: path.join(dir, '.queue')});
		opened.push(q);
		return q;
	};
}

export const spec = (over: Partial<JobSpec> = {}): JobSpec => ({argv: ['true'], shell: false, cwd: '/', env: {}, kind: 'generic', maxRetries: 1, backoffMs: 0, ...over});

const COUNTS = {passed: 0, failed: 0, errors: 0, skipped: 0, xfailed: 0, xpassed: 0, deselected: 0, warnings: 0};

/** A parser snapshot `done` of `total` of the way. */
export const progress = (done: number, total: number): Progress => ({kind: 'generic', done, total, percent: (100 * done) / total, counts: COUNTS, failures: [], bytes: 0});
