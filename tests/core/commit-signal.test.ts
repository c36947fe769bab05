import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import {afterEach, describe, expect, it} from 'vitest';
import {CommitSignal} from '../../source/core/commit-signal.js';
import {enqueue, openQueue, type Queue} from '../../source/core/queue.js';

let q: Queue | undefined;
let signal: CommitSignal | undefined;
afterEach(() => {
	signal?.close();
	q?.store.close();
	if (q) fs.rmSync(path.dirname(q.paths.home), {recursive: true, force: true});
});

const spec = {argv: ['true'], shell: false, cwd: '/', env: {}, kind: 'generic' as const, maxRetries: 0, backoffMs: 0};

describe('a commit wakes a waiting reader', () => {
	it('wakes on another connection\'s commit, long before its fallback, and the reader then sees the commit', async () => {
		const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'qtui-signal-'));
		q = openQueue({cwd: dir, home: path.join(dir, '.queue')});
		const id = enqueue(q, spec);
		signal = new CommitSignal(q.paths);
		const other = new Database(q.paths.db);
		const seen: string[] = [];
		const woke = (async () => {
			// A fallback of an hour: only the commit can end this wait within the test's time.
			for (;;) {
				await signal!.next(3_600_000);
				const state = q!.store.job(id)!.state;
				seen.push(state);
				if (state === 'cancelled') return state;
			}
		})();
		other.prepare("UPDATE jobs SET state = 'cancelled' WHERE id = ?").run(id);
		other.close();
		await expect(woke).resolves.toBe('cancelled');
	});

	it('without a watch (no such directory) it still wakes, on its timer', async () => {
		signal = new CommitSignal({home: '/nonexistent/qtui', db: '/nonexistent/qtui/queue.db'} as Queue['paths']);
		await expect(signal.next(10)).resolves.toBeUndefined();
	});
});
