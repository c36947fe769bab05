import {describe, expect, it} from 'vitest';
import {formatDuration, parseDuration} from '../../source/core/duration.js';
import type {QueuePaths} from '../../source/core/home.js';
import {jobName, jobTitle} from '../../source/core/job-name.js';
import {emptyProgress} from '../../source/core/parsers/index.js';
import {resultLine} from '../../source/core/result-line.js';
import {nextWake, plan} from '../../source/core/scheduler.js';
import {closesCycle, depVerdict, parseIds, type Dep} from '../../source/core/deps.js';
import {formatStatusLine} from '../../source/core/status.js';
import {decide, exitCodeFor, exitReason} from '../../source/core/transitions.js';
import type {Job} from '../../source/core/types.js';

const T0 = new Date(2026, 10, 23, 14, 3, 12).getTime();

function job(over: Partial<Job> = {}): Job {
	return {
		id: 1, position: 1, argv: ['python3', '-m', 'pytest', 'tests/'], shell: false, cwd: '/p', env: {}, kind: 'pytest',
		maxRetries: 2, backoffMs: 2000, state: 'running', attempt: 1, createdAt: T0, startedAt: T0, cancelRequested: false, ...over,
	};
}

describe('durations', () => {
	it.each([['90s', 90_000], ['30m', 1_800_000], ['1h30m', 5_400_000], ['500ms', 500], ['2', 2000], ['1.5s', 1500], ['1d', 86_400_000]])('%s', (text, ms) => {
		expect(parseDuration(text)).toBe(ms);
	});
	it.each(['', '5x', 'abc', '1h30', 'm', '-5s', '10s junk'])('rejects %j', text => expect(parseDuration(text)).toBeUndefined());
	it.each([[0, '0s'], [45_000, '45s'], [192_000, '3m12s'], [3_840_000, '1h04m'], [90_000_000, '1d01h']])('formats %d', (ms, text) => {
		expect(formatDuration(ms)).toBe(text);
	});
});

describe('what follows an attempt', () => {
	it('exit 0 succeeds; nothing else ever does', () => {
		expect(decide(job(), {type: 'exit', exitCode: 0}, T0).jobState).toBe('succeeded');
		expect(decide(job(), {type: 'exit', exitCode: 0, signal: 'SIGTERM'}, T0).jobState).not.toBe('succeeded');
		expect(decide(job({attempt: 3}), {type: 'exit'}, T0).jobState).toBe('failed');
	});
	it('a failure with retries left is queued again after a backoff that grows with the attempt', () => {
		const d = decide(job({attempt: 2}), {type: 'exit', exitCode: 1}, T0);
		expect(d).toMatchObject({attemptState: 'failed', jobState: 'queued', notBefore: T0 + 4000, counts: true});
		expect(d.reason).toBe('exit 1; retry 2 of 2');
		expect(decide(job({attempt: 3}), {type: 'exit', exitCode: 1}, T0).jobState).toBe('failed');
	});
	it('a timeout is retried like a failure, then ends timed_out', () => {
		expect(decide(job({timeoutMs: 60_000}), {type: 'timeout'}, T0)).toMatchObject({attemptState: 'timed_out', jobState: 'queued'});
		expect(decide(job({attempt: 3, timeoutMs: 60_000}), {type: 'timeout'}, T0)).toMatchObject({jobState: 'timed_out', reason: 'timed out after 1m00s'});
	});
	it('a cancel is final and never retried, however the process ended', () => {
		expect(decide(job(), {type: 'cancel', exitCode: 143}, T0).jobState).toBe('cancelled');
		expect(decide(job({cancelRequested: true}), {type: 'exit', exitCode: 1}, T0).jobState).toBe('cancelled');
	});
	it('an interruption does not count and re-queues', () => {
		expect(decide(job(), {type: 'interrupted'}, T0)).toMatchObject({jobState: 'interrupted', counts: false});
	});
	it('not found / not executable are not retried', () => {
		expect(decide(job(), {type: 'exit', exitCode: 127}, T0).jobState).toBe('failed');
		expect(decide(job(), {type: 'spawn-failed', reason: 'command not found: x'}, T0)).toMatchObject({jobState: 'failed', reason: 'command not found: x'});
	});
	it('names exits and signals', () => {
		expect(exitReason(143)).toBe('exit 143 (SIGTERM)');
		expect(exitReason(undefined, 'SIGKILL')).toBe('killed by SIGKILL');
		expect([exitCodeFor({state: 'succeeded'}), exitCodeFor({state: 'failed', exitCode: 4}), exitCodeFor({state: 'timed_out'}), exitCodeFor({state: 'cancelled'}), exitCodeFor({state: 'failed'})]).toEqual([0, 4, 124, 130, 1]);
	});
});

describe('scheduler', () => {
	const waiting = [job({id: 1, state: 'queued'}), job({id: 2, state: 'queued'}), job({id: 3, state: 'queued'})];
	const ids = (jobs: Job[]) => jobs.map(j => j.id);
	it('takes the head of the queue, up to the free slots', () => {
		expect(ids(plan({waiting, running: 0, slots: 1, paused: false, now: T0}).start)).toEqual([1]);
		expect(ids(plan({waiting, running: 1, slots: 3, paused: false, now: T0}).start)).toEqual([1, 2]);
		expect(plan({waiting, running: 1, slots: 1, paused: false, now: T0}).start).toEqual([]);
		expect(plan({waiting, running: 0, slots: 2, paused: true, now: T0}).start).toEqual([]);
	});
	it('never lets a job overtake the head while it sits out its backoff', () => {
		const w = [job({id: 1, state: 'queued', notBefore: T0 + 1000}), ...waiting.slice(1)];
		expect(plan({waiting: w, running: 0, slots: 2, paused: false, now: T0}).start).toEqual([]);
		expect(nextWake({waiting: w, running: 0, slots: 2, paused: false, now: T0})).toBe(T0 + 1000);
		expect(ids(plan({waiting: w, running: 0, slots: 1, paused: false, now: T0 + 1000}).start)).toEqual([1]);
	});
	it('a job waiting on its dependencies does not hold up the jobs behind it', () => {
		const deps = new Map([[1, [{depId: 9, cond: 'success' as const, state: 'running' as const}]]]);
		expect(ids(plan({waiting, deps, running: 0, slots: 1, paused: false, now: T0}).start)).toEqual([2]);
	});
	it('skips jobs whose dependencies ended the wrong way, even while paused', () => {
		const deps = new Map([[1, [{depId: 9, cond: 'success' as const, state: 'failed' as const}]], [2, [{depId: 8, cond: 'failure' as const, state: 'succeeded' as const}]]]);
		const p = plan({waiting, deps, running: 0, slots: 1, paused: true, now: T0});
		expect(p.skip.map(s => [s.job.id, s.reason])).toEqual([[1, 'skipped: #9 failed'], [2, 'skipped: #8 succeeded (runs only if it failed)']]);
	});
});

describe('dependencies', () => {
	it.each([
		[[{depId: 1, cond: 'success', state: 'succeeded'}], 'run'],
		[[{depId: 1, cond: 'success', state: 'queued'}], 'wait'],
		[[{depId: 1, cond: 'success', state: 'timed_out'}], 'skip'],
		[[{depId: 1, cond: 'success', state: 'cancelled'}], 'skip'],
		[[{depId: 1, cond: 'any', state: 'failed'}], 'run'],
		[[{depId: 1, cond: 'any', state: 'running'}], 'wait'],
		[[{depId: 1, cond: 'failure', state: 'timed_out'}], 'run'],
		[[{depId: 1, cond: 'failure', state: 'skipped'}], 'skip'],
		[[{depId: 1, cond: 'success', state: 'succeeded'}, {depId: 2, cond: 'any', state: 'running'}], 'wait'],
		[[{depId: 1, cond: 'success'}], 'skip'],
	] as Array<[Dep[], string]>)('%j → %s', (deps, want) => expect(depVerdict(deps).type).toBe(want));
	it('finds cycles and parses ids', () => {
		const graph = new Map([[2, [1]], [3, [2]]]);
		expect(closesCycle(graph, 1, [3])).toBe(true);
		expect(closesCycle(graph, 4, [3])).toBe(false);
		expect(parseIds(['3', '#4,5'])).toEqual([3, 4, 5]);
		expect(parseIds(['x'])).toBeUndefined();
	});
});

describe('the status line', () => {
	const progress = {...emptyProgress('pytest'), percent: 45, done: 120, total: 267, counts: {...emptyProgress('pytest').counts, failed: 1}};
	it('says what runs, what waits, the last result and what needs attention', () => {
		const line = formatStatusLine({
			now: T0 + 192_000, paused: false, runnerAlive: true, waiting: 2, stalledAfterMs: 600_000,
			running: [job({id: 12, progress})],
			recent: [
				job({id: 11, state: 'succeeded', kind: 'generic', argv: ['python3', 'x/extract_character.py', 'in', '-o', 'out', '--batch']}),
				job({id: 10, state: 'succeeded'}),
				job({id: 9, state: 'failed', exitCode: 1, progress: {...progress, counts: {...progress.counts, failed: 3}}}),
			],
		});
		expect(line).toBe('queue 14:06:24 | #12 pytest running 45% 120/267 1 failed 3m12s | 2 queued | #11 extract_character ok | #9 pytest FAILED 3 tests');
	});
	it('says when jobs wait and no runner is alive, and stays within 200 printable bytes', () => {
		const line = formatStatusLine({now: T0, paused: false, runnerAlive: false, stalledAfterMs: 600_000, waiting: 3, running: [], recent: []});
		expect(line).toBe('queue 14:03:12 | 3 queued | no runner: queue-tui start');
		expect(formatStatusLine({now: T0, paused: false, runnerAlive: false, waiting: 0, running: [job({id: 4})], recent: [], stalledAfterMs: 600_000})).toBe('queue 14:03:12 | #4 pytest running 0s | no runner: queue-tui start');
		const long = formatStatusLine({
			now: T0, paused: true, runnerAlive: true, waiting: 1, stalledAfterMs: 600_000,
			running: [1, 2, 3].map(id => job({id, label: `ラベル-${'x'.repeat(40)}`})),
			recent: [job({id: 9, state: 'failed', label: 'y'.repeat(90)}), job({id: 8, state: 'timed_out', label: 'z'.repeat(90)})],
		});
		expect(long.length).toBeLessThanOrEqual(200);
		expect(long).toMatch(/^[\x20-\x7e]+$/);
		expect(formatStatusLine({now: T0, paused: false, runnerAlive: false, stalledAfterMs: 600_000, waiting: 0, running: [], recent: []})).toBe('queue 14:03:12 | idle');
	});
});

describe('names and result lines', () => {
	it('names a job as a person would: --name, pytest and its target, the script, the runner\'s inline flag; never by its label', () => {
		expect(jobName(job({label: 'QUAL-044'}))).toBe('pytest');
		expect(jobTitle(job({label: 'QUAL-044'}))).toBe('pytest [QUAL-044]');
		expect(jobName(job({name: 'nightly suite', label: 'QUAL-044'}))).toBe('nightly suite');
		expect(jobName(job())).toBe('pytest');
		expect(jobName(job({argv: ['python3', '-m', 'pytest', '-q', '-k', 'io', 'tests/unit/']}))).toBe('pytest unit');
		expect(jobName(job({argv: ['pytest', 'tests/test_io.py::test_rt']}))).toBe('pytest test_io');
		expect(jobName(job({kind: 'generic', argv: ['python3', '-c', 'import sys, time\nfor i in range(3): print("%d/300" % i); sys.stdout.flush()']}))).toBe('python3 -c');
		expect(jobName(job({kind: 'generic', argv: ['sh', '-c', 'node -e "console.log(1)"'], shell: true}))).toBe('node -e');
		expect(jobName(job({kind: 'generic', argv: ['python3', '-u', 'features/extract_character.py', 'DIR']}))).toBe('extract_character');
		expect(jobName(job({kind: 'generic', argv: ['sh', '-c', 'make build && make test'], shell: true}))).toBe('make');
	});
	it('one factual line of at most 160 bytes, pointing at the report', () => {
		const failures = [{id: 'tests/test_io.py::test_rt', reason: 'assert 1 == 2'}];
		const p = {...emptyProgress('pytest'), total: 812, done: 812, failures, counts: {...emptyProgress('pytest').counts, failed: 3, passed: 809}};
		const failed = job({id: 42, state: 'failed', exitCode: 1, attempt: 1, finishedAt: T0 + 14 * 60_000, progress: p});
		const paths = {root: '/p', reports: '/p/.queue/reports'} as QueuePaths;
		const line = resultLine({job: failed, attempts: [], now: T0}, paths);
		expect(line).toMatch(/^queue #42 FAILED pytest exit 1 in 14m00s: 812\/812 run, 3 failed; tests\/test_io.py::test_rt: assert 1 == 2; report .queue\/reports\/42.md$/);
		const ok = job({id: 43, state: 'succeeded', exitCode: 0, kind: 'generic', argv: ['make', 'build'], finishedAt: T0 + 5000});
		expect(resultLine({job: ok, attempts: [], now: T0}, paths)).toBe('queue #43 OK make in 5s');
		const long = job({id: 44, state: 'failed', label: 'x'.repeat(300), reason: 'y'.repeat(300)});
		expect(resultLine({job: long, attempts: [], now: T0}, paths).length).toBeLessThanOrEqual(160);
	});
});
