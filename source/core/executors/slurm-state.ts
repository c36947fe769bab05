/**
 * Pure Slurm vocabulary: the sbatch command line and batch script for an attempt, squeue/sacct
 * output parsed, and Slurm's job states mapped onto the queue's attempt ends (Slurm's word kept).
 */
import type {AttemptEnd} from '../transitions.js';

/** One job as squeue (or sacct) reports it. */
export interface SlurmInfo {
	id: string;
	/** PENDING, RUNNING, COMPLETED, FAILED, TIMEOUT, CANCELLED, … */
	state: string;
	reason: string;
	/** The raw wait status (squeue's exit_code), when known. */
	status?: number;
	/** Or the exit code and signal number (sacct's `3:0`). */
	exitCode?: number;
	signalNo?: number;
}

/** States in which the job is still on its way (waiting, starting, running, being requeued). */
const GOING = new Set(['PENDING', 'CONFIGURING', 'RUNNING', 'COMPLETING', 'SUSPENDED', 'REQUEUED', 'REQUEUE_HOLD', 'REQUEUE_FED', 'RESIZING', 'SIGNALING', 'STAGE_OUT', 'STOPPED', 'RESV_DEL_HOLD']);

const SIGNAL_NAMES: Record<number, string> = {1: 'SIGHUP', 2: 'SIGINT', 6: 'SIGABRT', 9: 'SIGKILL', 11: 'SIGSEGV', 15: 'SIGTERM'};

/** `sbatch` arguments for one attempt (the script path last). */
export function sbatchArgs(o: {jobId: number; log: string; cwd: string; script: string; partition?: string; gpus?: number; timeoutMs?: number}): string[] {
	const args = ['--parsable', `--job-name=queue-tui-${o.jobId}`, `--output=${o.log}`, '--open-mode=append', `--chdir=${o.cwd}`, '--export=ALL'];
	if (o.partition) args.push(`--partition=${o.partition}`);
	if (o.gpus) args.push(`--gres=gpu:${o.gpus}`);
	// Slurm counts whole minutes; one more than asked, so the queue's own timeout (to the second) ends it first and Slurm's is the backstop.
	if (o.timeoutMs) args.push(`--time=${Math.ceil(o.timeoutMs / 60_000) + 1}`);
	args.push(o.script);
	return args;
}

const shq = (s: string) => `'${s.replaceAll("'", `'\\''`)}'`;

/** The batch script: the command, then its exit status written where a later runner finds it without Slurm's memory. */
export function batchScript(argv: readonly string[], exitFile: string): string {
	return ['#!/bin/sh', argv.map(shq).join(' '), 'c=$?', `printf '%s\\n' "$c" > ${shq(`${exitFile}.tmp`)} && mv -f ${shq(`${exitFile}.tmp`)} ${shq(exitFile)}`, 'exit $c', ''].join('\n');
}

/** The format `squeue -O` is asked for, and its lines parsed. */
export const SQUEUE_FORMAT = 'JobID:|,State:|,Reason:|,exit_code:|';

export function parseSqueue(out: string): SlurmInfo[] {
	return out.split('\n').filter(l => l.includes('|')).map(line => {
		const [id, state, reason, status] = line.split('|').map(s => s.trim());
		const n = Number(status);
		return {id, state, reason, ...(status !== '' && Number.isInteger(n) ? {status: n} : {})};
	});
}

/** `sacct -n -P -X -o JobID,State,ExitCode,Reason` lines: `812|CANCELLED by 0|0:15|None`. */
export function parseSacct(out: string): SlurmInfo[] {
	return out.split('\n').filter(l => l.includes('|')).map(line => {
		const [id, state, code, reason] = line.split('|');
		const [exitCode, signalNo] = (code ?? '').split(':').map(Number);
		return {id, state: state.split(' ')[0], reason: reason ?? '', exitCode, signalNo};
	});
}

/** States in which Slurm has not started the job yet. */
const WAITING = new Set(['PENDING', 'CONFIGURING', 'REQUEUED', 'RESV_DEL_HOLD', 'REQUEUE_HOLD', 'REQUEUE_FED']);

/**
 * The wait before the next squeue, given the states just seen (undefined: not listed yet):
 * `quick` while hurrying (right after a submit, when Slurm usually starts the job within a
 * second), then growing by half each poll back to `slow` while a job still waits (one held for
 * resources is not asked about ten times a second); `slow` once every job runs.
 */
export function pollInterval(o: {states: Array<string | undefined>; last: number; hurrying: boolean; quick: number; slow: number}): number {
	const waiting = o.states.some(s => s === undefined || WAITING.has(s));
	if (!waiting) return o.slow;
	return o.hurrying ? o.quick : Math.min(o.slow, Math.round(o.last * 1.5));
}

/** `PENDING (Resources)`: what list and the TUI show while the job is with Slurm. */
export const slurmText = (info: SlurmInfo) => (info.reason && info.reason !== 'None' ? `${info.state} (${info.reason})` : info.state);

function exitOf(info: SlurmInfo): {exitCode?: number; signal?: string} {
	if (info.status !== undefined) {
		const sig = info.status & 0x7f;
		return sig ? {signal: SIGNAL_NAMES[sig] ?? `signal ${sig}`} : {exitCode: info.status >> 8};
	}
	if (info.signalNo) return {signal: SIGNAL_NAMES[info.signalNo] ?? `signal ${info.signalNo}`};
	return {exitCode: info.exitCode};
}

/**
 * How the attempt ended by Slurm's word, or undefined while it is still going. `stopping` says
 * why the queue itself asked scancel to end it (a cancel, or the queue's timeout).
 */
export function slurmEnd(info: SlurmInfo, stopping?: 'cancel' | 'timeout'): AttemptEnd | undefined {
	const word = info.state.replace(/\+$/, '');
	if (GOING.has(word)) return undefined;
	const note = `slurm ${word}`;
	const {exitCode, signal} = exitOf(info);
	switch (word) {
		case 'COMPLETED':
			return {type: 'exit', exitCode: exitCode ?? 0, signal, note};
		case 'TIMEOUT':
		case 'DEADLINE':
			return {type: 'timeout', exitCode, signal, note};
		case 'CANCELLED':
			if (stopping) return {type: stopping, exitCode, signal, note};
			return {type: 'exit', exitCode, signal: signal ?? 'SIGTERM', note: 'slurm CANCELLED outside the queue'};
		case 'NODE_FAIL':
		case 'PREEMPTED':
			// Not the job's fault: run it again without spending a retry.
			return {type: 'interrupted', note};
		default:
			// FAILED, OUT_OF_MEMORY, BOOT_FAIL and anything newer: a failure, never a success.
			return {type: 'exit', exitCode: exitCode || (signal ? exitCode : 1), signal, note};
	}
}
