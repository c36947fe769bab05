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
			}
		});
	}
});
