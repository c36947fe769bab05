import {describe, expect, it} from 'vitest';
import {cancelPatch, claimPatch, recordEndPatch, requeuePatch} from '../../source/core/job-patch.js';

describe('named transitions', () => {
	it('claim starts an attempt clean of the last one', () => {
		expect(claimPatch(2, 50, ['0'])).toMatchObject({state: 'running', attempt: 2, started_at: 50, gpu_ids: ['0'], exit_code: null, reason: null, progress: null});
		expect(claimPatch(1, 50).gpu_ids).toBeNull();
	});

	it('recordEnd gives back an attempt that does not count, and sets finished_at only at a final state', () => {
		const retry = recordEndPatch({attempt: 2}, {jobState: 'queued', reason: 'exit 1; retry 2 of 3', notBefore: 90, counts: true, final: false}, {exitCode: 1}, 70);
		expect(retry).toMatchObject({state: 'queued', attempt: 2, finished_at: null, not_before: 90, exit_code: 1, pid: null});
		const notStarted = recordEndPatch({attempt: 2}, {jobState: 'queued', reason: 'not started', counts: false, final: false}, {}, 70);
		expect(notStarted.attempt).toBe(1);
		expect(recordEndPatch({attempt: 1}, {jobState: 'succeeded', reason: 'exit 0', counts: true, final: true}, {exitCode: 0}, 70).finished_at).toBe(70);
	});

	it('cancel flags a running job and ends a waiting one; requeue gives a fresh set of retries', () => {
		expect(cancelPatch(true, 5)).toEqual({cancel_requested: 1});
		expect(cancelPatch(false, 5)).toMatchObject({state: 'cancelled', finished_at: 5});
		expect(requeuePatch(9, 'retried by hand')).toMatchObject({state: 'queued', attempt: 0, position: 9, finished_at: null, cancel_requested: 0});
	});
});
