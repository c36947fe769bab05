import {describe, expect, it} from 'vitest';
import {batchScript, parseSacct, parseSqueue, pollInterval, sbatchArgs, slurmEnd, slurmText, type SlurmInfo} from '../../source/core/executors/slurm-state.js';
import {decide} from '../../source/core/transitions.js';
import type {Job} from '../../source/core/types.js';

const info = (state: string, over: Partial<SlurmInfo> = {}): SlurmInfo => ({id: '812', state, reason: 'None', ...over});

describe('Slurm states onto the queue\'s', () => {
	it('still going: no end yet', () => {
		for (const s of ['PENDING', 'CONFIGURING', 'RUNNING', 'COMPLETING', 'SUSPENDED', 'REQUEUED']) expect(slurmEnd(info(s))).toBeUndefined();
	});

	it.each([
		['COMPLETED', {status: 0}, undefined, {type: 'exit', exitCode: 0, note: 'slurm COMPLETED'}],
		['FAILED', {status: 3 << 8}, undefined, {type: 'exit', exitCode: 3, note: 'slurm FAILED'}],
		['FAILED', {status: 9}, undefined, {type: 'exit', signal: 'SIGKILL', note: 'slurm FAILED'}],
		['OUT_OF_MEMORY', {status: 0}, undefined, {type: 'exit', exitCode: 1, note: 'slurm OUT_OF_MEMORY'}],
		['TIMEOUT', {status: 15}, undefined, {type: 'timeout', signal: 'SIGTERM', note: 'slurm TIMEOUT'}],
		['CANCELLED', {status: 15}, 'cancel', {type: 'cancel', signal: 'SIGTERM', note: 'slurm CANCELLED'}],
		['CANCELLED', {status: 15}, 'timeout', {type: 'timeout', signal: 'SIGTERM', note: 'slurm CANCELLED'}],
		['CANCELLED', {status: 15}, undefined, {type: 'exit', signal: 'SIGTERM', note: 'slurm CANCELLED outside the queue'}],
		['NODE_FAIL', {}, undefined, {type: 'interrupted', note: 'slurm NODE_FAIL'}],
		['PREEMPTED', {}, undefined, {type: 'interrupted', note: 'slurm PREEMPTED'}],
		['BOOT_FAIL', {}, undefined, {type: 'exit', exitCode: 1, note: 'slurm BOOT_FAIL'}],
	] as const)('%s %j (stopping: %s)', (state, over, stopping, end) => {
		expect(slurmEnd(info(state, over), stopping)).toEqual(end);
	});

	it('the queue state follows, with Slurm\'s word in the reason', () => {
		const job: Job = {id: 1, position: 1, argv: ['x'], shell: false, cwd: '/', env: {}, kind: 'generic', maxRetries: 0, backoffMs: 0,
			state: 'running', attempt: 1, createdAt: 0, cancelRequested: false, timeoutMs: 60_000};
		const d = (state: string, over: Partial<SlurmInfo> = {}, stopping?: 'cancel' | 'timeout') => decide(job, slurmEnd(info(state, over), stopping)!, 0);
		expect(d('COMPLETED', {status: 0})).toMatchObject({jobState: 'succeeded', reason: 'slurm COMPLETED; exit 0'});
		expect(d('OUT_OF_MEMORY', {status: 0})).toMatchObject({jobState: 'failed', reason: 'slurm OUT_OF_MEMORY; exit 1'});
		expect(d('TIMEOUT', {status: 15})).toMatchObject({jobState: 'timed_out', reason: 'slurm TIMEOUT; timed out after 1m00s'});
		expect(d('CANCELLED', {status: 15}, 'cancel')).toMatchObject({jobState: 'cancelled'});
		expect(d('NODE_FAIL')).toMatchObject({jobState: 'interrupted', counts: false, reason: 'slurm NODE_FAIL: re-queued without spending a retry'});
		expect(d('PREEMPTED').jobState).toBe('interrupted');
	});

	it('squeue is polled fast right after a submit, backs off while a job waits, and slows once all run', () => {
		const next = (states: Array<string | undefined>, last: number, hurrying: boolean) => pollInterval({states, last, hurrying, quick: 100, slow: 1000});
		expect(next([undefined], 100, true)).toBe(100);
		expect(next(['PENDING', 'RUNNING'], 100, true)).toBe(100);
		// Still pending once the hurry is over: 150, 225, … up to the slow interval, never past it.
		const seen = [100];
		while (seen.length < 8) seen.push(next(['PENDING'], seen.at(-1)!, false));
		expect(seen).toEqual([100, 150, 225, 338, 507, 761, 1000, 1000]);
		expect(next(['RUNNING', 'COMPLETING'], 100, true)).toBe(1000);
		expect(next([], 100, true)).toBe(1000);
	});

	it('reads squeue -O and sacct -P lines', () => {
		expect(parseSqueue('2|CANCELLED|None|15|\n1|PENDING|Resources||\n')).toEqual([
			{id: '2', state: 'CANCELLED', reason: 'None', status: 15}, {id: '1', state: 'PENDING', reason: 'Resources'},
		]);
		expect(parseSacct('812|CANCELLED by 0|0:15|None\n813|COMPLETED|0:0|None\n')).toEqual([
			{id: '812', state: 'CANCELLED', reason: 'None', exitCode: 0, signalNo: 15}, {id: '813', state: 'COMPLETED', reason: 'None', exitCode: 0, signalNo: 0},
		]);
		expect(slurmEnd(parseSacct('812|CANCELLED by 0|0:15|None')[0], 'cancel')).toMatchObject({type: 'cancel', signal: 'SIGTERM'});
		expect(slurmText(info('PENDING', {reason: 'Resources'}))).toBe('PENDING (Resources)');
		expect(slurmText(info('RUNNING'))).toBe('RUNNING');
	});

	it('sbatch gets --gres from --gpus and --time (whole minutes, one spare) from --timeout; the script quotes every word', () => {
		const args = sbatchArgs({jobId: 7, log: '/q/logs/7.log', cwd: '/p', script: '/q/slurm/7.1.sh', partition: 'gpu', gpus: 2, timeoutMs: 90_000});
		expect(args).toEqual(['--parsable', '--job-name=queue-tui-7', '--output=/q/logs/7.log', '--open-mode=append', '--chdir=/p', '--export=ALL',
			'--partition=gpu', '--gres=gpu:2', '--time=3', '/q/slurm/7.1.sh']);
		expect(sbatchArgs({jobId: 7, log: 'l', cwd: 'c', script: 's'})).not.toContain('--time=1');
		expect(batchScript(['sh', '-c', "echo 'hi'; exit 3"], '/q/exits/7.1')).toBe(
			`#!/bin/sh\n'sh' '-c' 'echo '\\''hi'\\''; exit 3'\nc=$?\nprintf '%s\\n' "$c" > '/q/exits/7.1.tmp' && mv -f '/q/exits/7.1.tmp' '/q/exits/7.1'\nexit $c\n`);
	});
});
