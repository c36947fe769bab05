import {describe, expect, it} from 'vitest';
import {claimRunnable} from '../../source/core/claim.js';
import {EventFollower} from '../../source/core/events.js';
import {cancelJobs, change, deleteJob, enqueue, finishAttempt, retryJobs, type Queue} from '../../source/core/queue.js';
import {eventsAfter, lastEventSeq, removedSeq} from '../../source/core/store-events.js';
import {progress, spec, tempQueues} from '../helpers/temp-queue.js';

const queue = tempQueues('qtui-events-');
const types = (q: Queue, after = 0) => eventsAfter(q.store, after).map(e => `${e.jobId}:${e.type}`);

describe('event log', () => {
	it('records each change of a job in the transaction that made it, in commit order', () => {
		const q = queue();
		const a = enqueue(q, spec());
		const [claimed] = claimRunnable(q, {now: Date.now(), slots: 1}).claimed;
		expect(claimed.job.id).toBe(a);
		finishAttempt(q, a, claimed.seq, {type: 'exit', exitCode: 3});
		const again = claimRunnable(q, {now: Date.now(), slots: 1}).claimed[0];
		finishAttempt(q, a, again.seq, {type: 'exit', exitCode: 0});
		expect(types(q)).toEqual([`${a}:queued`, `${a}:started`, `${a}:retried`, `${a}:started`, `${a}:ended`]);
		const events = eventsAfter(q.store, 0);
		expect(events[2]).toMatchObject({state: 'queued', from: 'running', exitCode: 3, attempt: 1});
		expect(events[4]).toMatchObject({state: 'succeeded', attempt: 2, reason: 'exit 0'});
		expect(events.map(e => e.seq)).toEqual([...events.map(e => e.seq)].sort((x, y) => x - y));
	});

	it('a change that rolls back leaves no event', () => {
		const q = queue();
		const a = enqueue(q, spec());
		const before = lastEventSeq(q.store);
		expect(() => change(q, () => {
			q.store.update(a, {state: 'cancelled'});
			throw new Error('no');
		})).toThrow('no');
		expect(lastEventSeq(q.store)).toBe(before);
	});

	it('cancel, a cancel request, a retry by hand and a skip are each told', () => {
		const q = queue();
		const a = enqueue(q, spec());
		const b = enqueue(q, spec());
		const c = enqueue(q, spec(), [{depId: b, cond: 'success'}]);
		claimRunnable(q, {now: Date.now(), slots: 1});
		const cursor = lastEventSeq(q.store);
		cancelJobs(q, [a, b]);
		claimRunnable(q, {now: Date.now(), slots: 1});
		retryJobs(q, [b]);
		expect(types(q, cursor)).toEqual([`${a}:cancelling`, `${b}:cancelled`, `${c}:ended`, `${b}:requeued`]);
		expect(eventsAfter(q.store, cursor)[2]).toMatchObject({state: 'skipped'});
	});

	it('a state change carries the try count (tries) beside the attempt of its round, and a narrator reading late numbers each try as it was', () => {
		const q = queue();
		const a = enqueue(q, {...spec(), maxRetries: 0});
		const follower = new EventFollower(q.store);
		const first = claimRunnable(q, {now: Date.now(), slots: 1}).claimed[0];
		finishAttempt(q, a, first.seq, {type: 'exit', exitCode: 1});
		retryJobs(q, [a]);
		const second = claimRunnable(q, {now: Date.now(), slots: 1}).claimed[0];
		const started = eventsAfter(q.store, 0).filter(e => e.type === 'started');
		// The manual retry started a new round (attempt 1 again), the second try overall.
		expect(started.map(e => [e.attempt, e.tries])).toEqual([[1, 1], [1, 2]]);
		expect(started.map(e => e.tries)).toEqual([first.seq, second.seq]);
		const told = follower.next().filter(e => e.event === 'started').map(e => e.text);
		expect(told[0]).toMatch(/try 1\/1\b/);
		expect(told[1]).toMatch(/try 2\/2\b/);
	});

	it('logs progress at most once a second per job', () => {
		const q = queue();
		const a = enqueue(q, spec());
		claimRunnable(q, {now: Date.now(), slots: 1});
		const start = Date.now();
		for (let done = 1; done <= 50; done++) change(q, () => q.store.update(a, {progress: progress(done, 50)}));
		const logged = eventsAfter(q.store, 0).filter(e => e.type === 'progress');
		// One event per started second of writing at most, however slow the machine was.
		expect(logged.length).toBeGreaterThanOrEqual(1);
		expect(logged.length).toBeLessThanOrEqual(Math.ceil((Date.now() - start) / 1000) + 1);
		expect(logged.length).toBeLessThan(50);
		expect(logged[0]).toMatchObject({percent: 2});
	});

	it('removing a job removes its events and tells readers holding a copy', () => {
		const q = queue();
		const a = enqueue(q, spec());
		const b = enqueue(q, spec());
		cancelJobs(q, [a]);
		const removed = removedSeq(q.store);
		deleteJob(q, a);
		expect(types(q)).toEqual([`${b}:queued`]);
		expect(removedSeq(q.store)).toBe(removed + 1);
	});

	it('a step of a flow carries its flow id', () => {
		const q = queue();
		const a = enqueue(q, spec());
		change(q, () => {
			const flow = Number(q.store.db.prepare(`INSERT INTO flows (name, plan, created_at) VALUES ('f', '[]', 0)`).run().lastInsertRowid);
			q.store.db.prepare('UPDATE jobs SET flow_id = ? WHERE id = ?').run(flow, a);
		});
		expect(eventsAfter(q.store, 0)[0].flowId).toBeGreaterThan(0);
	});
});

describe('EventFollower', () => {
	it('tells only what happens after it starts, one line per change, progress once per tenth', () => {
		const q = queue();
		const old = enqueue(q, spec({argv: ['echo', 'old']}));
		const follower = new EventFollower(q.store);
		expect(follower.next()).toEqual([]);
		const a = enqueue(q, spec({argv: ['echo', 'new']}));
		const claimed = claimRunnable(q, {now: Date.now(), slots: 2}).claimed;
		const seq = claimed.find(c => c.job.id === a)!.seq;
		change(q, () => q.store.update(a, {progress: progress(5, 10)}));
		finishAttempt(q, a, seq, {type: 'exit', exitCode: 0});
		const told = follower.next();
		expect(told.filter(e => e.id === a).map(e => e.event)).toEqual(['queued', 'started', 'progress', 'ended']);
		expect(told.filter(e => e.id === old).map(e => e.event)).toEqual(['started']);
		expect(told.find(e => e.event === 'queued')!.text).toBe('queued: echo new');
		expect(told.at(-1)).toMatchObject({state: 'succeeded'});
		expect(follower.next()).toEqual([]);
	});
});
