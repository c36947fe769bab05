import {describe, expect, it} from 'vitest';
import {DEFAULT_LONG_AFTER_MS, shouldNotify} from '../../../source/core/notify/policy.js';
import type {NotifyConfig, NotifyState} from '../../../source/core/notify/types.js';
import {failedEvent} from './fake-server.js';

const MIN = 60_000;

describe('shouldNotify', () => {
	it.each<[NotifyState, number, NotifyConfig, boolean, boolean]>([
		// state, duration, config, job asked (--notify), expected
		['failed', MIN, {}, false, true],
		['timed_out', MIN, {}, false, true],
		['failed', MIN, {on: ['success']}, false, true],
		['test', 0, {}, false, true],
		['cancelled', MIN, {on: ['success', 'long', 'failure']}, true, false],
		['skipped', MIN, {}, false, false],
		['skipped', MIN, {}, true, true],
		['succeeded', MIN, {}, false, false],
		['succeeded', MIN, {}, true, true],
		['succeeded', MIN, {on: ['failure']}, false, false],
		['succeeded', MIN, {on: ['success']}, false, true],
		['succeeded', 29 * MIN, {on: ['long']}, false, false],
		['succeeded', 30 * MIN, {on: ['long']}, false, true],
		['succeeded', 5 * MIN, {on: ['long'], longAfterMs: 5 * MIN}, false, true],
		['succeeded', 4 * MIN, {on: ['long'], longAfterMs: 5 * MIN}, false, false],
		['succeeded', 60 * MIN, {longAfterMs: MIN}, false, false],
	])('%s after %ims with %j, asked=%s → %s', (state, durationMs, config, asked, expected) => {
		expect(shouldNotify(failedEvent({state, durationMs}), config, asked)).toBe(expected);
	});

	it('counts "long" from 30 minutes by default', () => {
		expect(DEFAULT_LONG_AFTER_MS).toBe(30 * MIN);
	});
});
