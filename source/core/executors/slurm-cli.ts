/**
 * The one module that runs Slurm's commands: sbatch, squeue, sacct, scancel, sinfo. Each is a
 * short synchronous call to the controller; the watcher calls them at most once a poll interval.
 */
import {execFileSync} from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import {parseSacct, parseSqueue, SQUEUE_FORMAT, type SlurmInfo} from './slurm-state.js';

const run = (cmd: string, args: string[], env?: Record<string, string>) =>
	execFileSync(cmd, args, {encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 30_000, ...(env ? {env} : {})});

/** Slurm's own first line of complaint. */
export function slurmError(error: unknown): string {
	const e = error as {stderr?: string; message?: string; code?: string};
	if (e.code === 'ENOENT') return 'sbatch not found (is Slurm installed here?)';
	return (e.stderr || e.message || String(error)).trim().split('\n')[0];
}

/** Submits a batch script; returns Slurm's job id. Throws with sbatch's message. */
export function sbatch(args: string[], env: Record<string, string>): string {
	// --parsable prints `id` or `id;cluster`.
	return run('sbatch', args, env).trim().split(';')[0];
}

/** The jobs' states from squeue (finished ones too, while the controller remembers them: MinJobAge). */
export function squeue(ids: readonly string[]): SlurmInfo[] {
	if (ids.length === 0) return [];
	return parseSqueue(run('squeue', ['-h', '--states=all', `--jobs=${ids.join(',')}`, '-O', SQUEUE_FORMAT]));
}

let accounting: boolean | undefined;

/** The jobs' states from accounting (sacct), for jobs the controller has forgotten; [] where accounting is off. */
export function sacct(ids: readonly string[]): SlurmInfo[] {
	if (ids.length === 0) return [];
	accounting ??= !/accounting_storage\/none/.test(safe(() => run('scontrol', ['show', 'config'])) ?? 'none');
	if (!accounting) return [];
	return parseSacct(safe(() => run('sacct', ['-n', '-P', '-X', `--jobs=${ids.join(',')}`, '-o', 'JobID,State,ExitCode,Reason'])) ?? '');
}

export function scancel(id: string): void {
	safe(() => run('scancel', [id]));
}

function safe<T>(fn: () => T): T | undefined {
	try {
		return fn();
	} catch {
		return undefined;
	}
}

/** Filesystems every node of a cluster may see the same way. */
const SHARED_FS = /^(nfs4?|lustre|gpfs|beegfs|cephfs|ceph|glusterfs|fuse\.glusterfs|fuse\.sshfs|cifs|smb3|9p|panfs|wekafs|fuse\.juicefs|virtiofs)$/;

/** The filesystem type holding `dir`, from /proc/mounts (the longest mount point above it). */
function fsType(dir: string): string | undefined {
	let best: {point: string; type: string} | undefined;
	for (const line of safe(() => fs.readFileSync('/proc/mounts', 'utf8').split('\n')) ?? []) {
		const [, point, type] = line.split(' ');
		if (!point || !type) continue;
		const inside = dir === point || dir.startsWith(point.endsWith('/') ? point : `${point}/`);
		if (inside && (!best || point.length > best.point.length)) best = {point, type};
	}
	return best?.type;
}

/**
 * Whether Slurm's nodes see the queue home (logs, scripts, exit files): fine on a shared
 * filesystem, and fine on any local one when the cluster is this one machine. `ok` false says why.
 */
export function checkSharedHome(home: string): {ok: boolean; text: string} {
	const type = fsType(fs.realpathSync(home)) ?? 'unknown';
	if (SHARED_FS.test(type)) return {ok: true, text: `queue home ${home} is on ${type}, shared with the nodes`};
	let nodes: string[];
	try {
		nodes = [...new Set(run('sinfo', ['-h', '-N', '-o', '%N']).split('\n').map(s => s.trim()).filter(Boolean))];
	} catch (error) {
		return {ok: false, text: `sinfo failed: ${slurmError(error)}`};
	}
	const me = os.hostname().split('.')[0];
	if (nodes.length === 1 && nodes[0] === me) return {ok: true, text: `single-node cluster (${me}): the queue home on local ${type} is fine`};
	return {ok: false, text: `queue home ${home} is on local ${type}, which the ${nodes.length} Slurm nodes (${nodes.slice(0, 3).join(', ')}…) cannot all see; put it on a shared filesystem with --home or QUEUE_TUI_HOME`};
}
