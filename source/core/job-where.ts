import {gpuText} from './gpus.js';
import {treeChanged, treeName} from './snapshot.js';
import type {Job} from './types.js';

/** `gpu 0,1 @3f2c1a9+dirty slurm 812 PENDING`: where and on what a job runs, for list, the TUI and the status line. */
export function whereText(job: Job): string {
	const bits: string[] = [];
	if (job.state === 'running' && job.gpuIds?.length) bits.push(gpuText(job.gpuIds));
	else if ((job.gpus ?? 0) > 0) bits.push(`${job.gpus} gpu`);
	if (job.snapshot) bits.push(treeName(job.tree));
	if (job.slurmId) bits.push(`slurm ${job.slurmId}${job.slurmState ? ` ${job.slurmState.split(' ')[0]}` : ''}`);
	else if (job.executor === 'slurm') bits.push('slurm');
	return bits.join(' ');
}

/** What the report and the result line say about the tree: the snapshot it ran on, or that the tree moved before it started. */
export function treeNote(job: Job): {short: string; long: string} | undefined {
	if (job.snapshot && job.tree) {
		const kept = job.worktree ? `; worktree kept at ${job.worktree}` : '';
		return {short: treeName(job.tree), long: `ran on snapshot ${treeName(job.tree)} (commit ${job.tree.snap?.slice(0, 12)}) of the tree as queued${kept}`};
	}
	if (treeChanged(job.tree, job.startTree)) {
		return {short: 'tree changed after queueing', long: `the tree changed between queueing (${treeName(job.tree)}) and the start (${treeName(job.startTree)}): the result is for the tree at the start`};
	}
	if (job.tree) return {short: '', long: `ran on ${treeName(job.tree)}, unchanged since queueing`};
	return undefined;
}
