import {describe, expect, it} from 'vitest';
import {claimRunnable} from '../../source/core/claim.js';
import {enqueue, type Queue} from '../../source/core/queue.js';
import {laneOf, plan} from '../../source/core/scheduler.js';
import {spec, tempQueues} from '../helpers/temp-queue.js';

const queue = tempQueues('qtui-claim-');
const GPUS = ['0', '1'];

/** The plan over the whole queue, read the plain way: what the claim must decide. */
function wholePlan(q: Queue, slots: number, now: number) {
	const waiting = q.store.jobs({states: ['queued', 'interrupted']});
	const running = q.store.jobs({states: ['running']});
	return plan({
		waiting, deps: q.store.depsOf(waiting.map(j => j.id)), running: running.filter(j => laneOf(j) === 'slot').length,
		slots, paused: false, now, gpus: GPUS, held: new Set(running.flatMap(j => j.gpuIds ?? [])),
	});
}

const ids = (jobs: Array<{id: number}>) => jobs.map(j => j.id);

describe('the claim reads only the waiting jobs its plan can act on', () => {
	it('on a long queue it decides what a plan over the whole queue decides: plain jobs, a backoff at the head, GPU and dependent jobs far back', () => {
		const q = queue();
		const failed = enqueue(q, spec());
		q.store.update(failed, {state: 'failed', finished_at: 1});
		const plain = Array.from({length: 40}, () => enqueue(q, spec()));
		const gpu = enqueue(q, spec());
		q.store.update(gpu, {gpus: 1});
		const doomed = enqueue(q, spec(), [{depId: failed, cond: 'success'}]);
		const now = Date.now();
		for (const slots of [1, 3]) {
			const expected = wholePlan(q, slots, now);
			const got = claimRunnable(q, {now, slots, gpus: GPUS});
			expect(ids(got.claimed.map(c => c.job))).toEqual(ids(expected.start));
			expect(ids(got.skipped)).toEqual(ids(expected.skip.map(s => s.job)));
		}
		expect(q.store.job(doomed)!.state).toBe('skipped');
		expect(q.store.job(gpu)!.state).toBe('running');
		expect(ids(q.store.jobs({states: ['running']}))).toEqual([plain[0], plain[1], plain[2], gpu]);
		// A backoff at the head holds the plain jobs behind it (FIFO), and says when to look again.
		const head = q.store.jobs({states: ['queued']})[0];
		q.store.update(head.id, {not_before: now + 60_000});
		const expected = wholePlan(q, 10, now);
		const got = claimRunnable(q, {now, slots: 10, gpus: GPUS});
		expect(ids(got.claimed.map(c => c.job))).toEqual(ids(expected.start));
		expect(got.claimed).toEqual([]);
		expect(got.wakeAt?.at).toBe(now + 60_000);
	});
});
