import {describe, expect, it} from 'vitest';
import {enqueue} from '../../source/core/queue.js';
import {Store} from '../../source/core/store.js';
import {stopWaiter} from '../../source/integrations/hook.js';
import {progress, spec, tempQueues} from '../helpers/temp-queue.js';

const newQueue = tempQueues('qt-stopw-');

/** Polls (no fixed sleep) until fn holds, or fails after a generous deadline. */
async function until(fn: () => boolean, what: string): Promise<void> {
	const deadline = Date.now() + 20_000;
	while (!fn()) {
		if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
		await new Promise(r => setTimeout(r, 10));
	}
}

describe('the Stop hook waiter follows the event log', () => {
	it('looks for results only when a job ended, not at every commit, and still wakes at the end', async () => {
		const q = newQueue();
		const id = enqueue(q, spec({sessionId: 'W'}));
		q.store.update(id, {state: 'running', started_at: Date.now()});
		// Another process's connection writes, as the runner would.
		const runner = Store.open(q.paths.db);
		let looks = 0;
		let versionReads = 0;
		const untold = q.store.untold.bind(q.store);
		q.store.untold = (...args) => (looks++, untold(...args));
		const dataVersion = q.store.dataVersion.bind(q.store);
		q.store.dataVersion = () => (versionReads++, dataVersion());
		try {
			const waiting = stopWaiter({session_id: 'W', background_tasks: []}, q, {pollMs: 20});
			await until(() => versionReads > 0, 'the waiter to start following');
			expect(looks).toBe(1); // the first look, before waiting
			for (let i = 1; i <= 5; i++) {
				runner.tx(() => runner.update(id, {progress: progress(i, 10)}));
				const seen = versionReads;
				await until(() => versionReads >= seen + 2, 'the waiter to look at the commit');
			}
			expect(looks).toBe(1);
			runner.tx(() => runner.update(id, {state: 'failed', exit_code: 1, finished_at: Date.now(), reason: 'exit 1'}));
			const answer = await waiting;
			expect(answer.code).toBe(2);
			expect(answer.stderr).toMatch(new RegExp(`^queue #${id} FAILED`));
			expect(looks).toBe(2);
		} finally {
			runner.close();
		}
	});
});
