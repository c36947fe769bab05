import {describe, expect, it} from 'vitest';
import {claimRunnable} from '../../source/core/claim.js';
import {cancelJobs, change, deleteJob, enqueue, finishAttempt, retryJobs, type Queue} from '../../source/core/queue.js';
import {queueWindow, WindowFollower} from '../../source/core/queue-window.js';
import {isFinal} from '../../source/core/types.js';
import {progress, spec, tempQueues} from '../helpers/temp-queue.js';

const queue = tempQueues('qtui-window-');

/** A fixed pseudo-random sequence, so a failure replays. */
function random(seed: number): () => number {
	let s = seed;
	return () => {
		s = (s * 1_103_515_245 + 12_345) % 2 ** 31;
		return s / 2 ** 31;
	};
}

/** One random change of the kinds a queue sees: add, start, progress, end, cancel, retry, delete. */
function step(q: Queue, rnd: () => number, running: Map<number, number>): void {
	const pick = <T>(list: T[]) => list[Math.floor(rnd() * list.length)];
	const jobs = q.store.jobs();
	const r = rnd();
	if (r < 0.3 || jobs.length === 0) {
		enqueue(q, spec({label: pick(['a', 'b', undefined])}));
	} else if (r < 0.45) {
		for (const c of claimRunnable(q, {now: Date.now(), slots: 3}).claimed) running.set(c.job.id, c.seq);
	} else if (r < 0.55 && running.size > 0) {
		const id = pick([...running.keys()]);
		change(q, () => q.store.update(id, {progress: progress(Math.floor(rnd() * 10), 10)}));
	} else if (r < 0.75 && running.size > 0) {
		const id = pick([...running.keys()]);
		finishAttempt(q, id, running.get(id)!, {type: 'exit', exitCode: pick([0, 0, 1])});
		running.delete(id);
	} else if (r < 0.85) {
		const waiting = jobs.filter(j => j.state === 'queued');
		if (waiting.length > 0) cancelJobs(q, [pick(waiting).id]);
	} else if (r < 0.93) {
		const bad = jobs.filter(j => ['failed', 'cancelled'].includes(j.state));
		if (bad.length > 0) retryJobs(q, [pick(bad).id]);
	} else {
		const done = jobs.filter(j => isFinal(j.state));
		if (done.length > 0) deleteJob(q, pick(done).id);
	}
}

describe('WindowFollower', () => {
	for (const label of [undefined, 'a']) {
		it(`shows what a fresh read shows after every change (${label ?? 'all labels'})`, () => {
			const q = queue();
			const follower = new WindowFollower(q.store, {label, finished: 4});
			const rnd = random(label ? 7 : 3);
			const running = new Map<number, number>();
			for (let i = 0; i < 200; i++) {
				step(q, rnd, running);
				const fresh = queueWindow(q.store, {label, finished: 4});
				const view = follower.read();
				expect(view.jobs).toEqual(fresh.jobs);
				expect(view.labels).toEqual(fresh.labels);
				expect(view.counts).toEqual(q.store.countByState(label));
				// The counts the triggers keep are what counting every job says.
				const counted = q.store.db.prepare(`SELECT state, COUNT(*) AS n FROM jobs ${label ? 'WHERE label = ?' : ''} GROUP BY state`).all(...(label ? [label] : [])) as Array<{state: string; n: number}>;
				expect(view.counts).toEqual(Object.fromEntries(counted.map(r => [r.state, r.n])));
			}
		});
	}
});

describe('WindowFollower paged through the history', () => {
	/** 45 finished jobs (every third labelled `a`), then one queued: queue order is id order. */
	const history = () => {
		const q = queue();
		q.store.tx(() => {
			for (let i = 0; i < 45; i++) {
				const id = q.store.insertJob(spec(i % 3 ? {} : {label: 'a'}), i % 5 ? 'succeeded' : 'failed', 1000 + i);
				q.store.update(id, {finished_at: 2000 + i, exit_code: 0});
			}
		});
		const waiting = enqueue(q, spec());
		return {q, waiting};
	};
	const range = (from: number, to: number) => Array.from({length: to - from + 1}, (_, i) => from + i);
	const ids = (f: WindowFollower) => f.read().jobs.map(j => j.id);

	it('pages back and forth by ten, holding at most two pages, and back to the newest', () => {
		const {q, waiting} = history();
		const f = new WindowFollower(q.store, {finished: 10, page: 10, pages: 2});
		expect(ids(f)).toEqual([...range(36, 45), waiting]);
		expect(f.page('newer')).toBe(false); // already at the newest
		expect(f.page('older')).toBe(true);
		expect(ids(f)).toEqual([...range(26, 45), waiting]);
		expect(f.page('older')).toBe(true); // three pages: the newest is dropped
		expect(ids(f)).toEqual([...range(16, 35), waiting]);
		expect(f.page('older') && f.page('older')).toBe(true);
		expect(ids(f)).toEqual([...range(1, 20), waiting]); // the first page is 5 short: two pages from the start
		expect(f.page('older')).toBe(false);
		expect(f.page('newer')).toBe(true);
		expect(ids(f)).toEqual([...range(11, 30), waiting]);
		expect(f.page('newest')).toBe(true);
		expect(ids(f)).toEqual([...range(36, 45), waiting]);
		expect(f.read().held).toEqual({from: {position: 36, id: 36}});
		expect(f.page('oldest')).toBe(true);
		expect(ids(f)).toEqual([...range(1, 10), waiting]);
		expect(f.read().held).toEqual({to: {position: 11, id: 11}});
		expect(f.page('newer') && f.page('newer') && f.page('newer') && f.page('newer')).toBe(true);
		expect(ids(f)).toEqual([...range(26, 45), waiting]);
		expect(f.page('newer')).toBe(false);
	});

	it('pages one label on its own index, and follows changes in the stretch it holds', () => {
		const {q, waiting} = history();
		const f = new WindowFollower(q.store, {label: 'a', finished: 4, page: 4});
		const labelled = range(1, 45).filter(id => (id - 1) % 3 === 0);
		expect(ids(f)).toEqual(labelled.slice(-4));
		expect(f.page('oldest')).toBe(true);
		expect(ids(f)).toEqual(labelled.slice(0, 4));
		// A job of the stretch retried leaves it (to the queue's end); one past it ending stays out.
		retryJobs(q, [labelled[0]]);
		expect(ids(f)).toEqual([...labelled.slice(1, 4), labelled[0]]);
		const all = new WindowFollower(q.store, {finished: 10, page: 10});
		expect(all.page('oldest')).toBe(true);
		cancelJobs(q, [waiting]);
		expect(ids(all)).toEqual([...range(2, 11), labelled[0]]); // the retried job waits: always held
		expect(all.read().counts).toEqual(q.store.countByState());
	});
});
