import type {Config} from '../core/config.js';
import {UsageError} from '../core/errors.js';
import {gpuIds} from '../core/gpus.js';
import {findCommand} from '../core/job-process.js';
import {patternsFor} from '../core/parsers/custom.js';
import {gitError, gitTop, recordTree, takeSnapshot} from '../core/snapshot.js';
import {commandLine, type JobSpec} from '../core/types.js';
import {intFlag} from './flag-values.js';
import type {Parsed} from './flags.js';

/**
 * Where and on what a job runs, from `--snapshot`, `--gpus`, `--executor`, `--partition` and the
 * config. Everything is checked first; the snapshot commit (the only write, to the user's git
 * objects and one ref) is made last. Without a snapshot the tree is only recorded.
 */
export function placeSpec(p: Parsed, config: Config, spec: JobSpec): JobSpec {
	const executor = (p.flags.executor as string | undefined) ?? config.executor ?? 'local';
	if (executor !== 'local' && executor !== 'slurm') throw new UsageError(`--executor must be local or slurm, not '${executor}'`);
	const partition = (p.flags.partition as string | undefined) ?? (executor === 'slurm' ? config.partition : undefined);
	if (executor === 'slurm' && !findCommand('sbatch', spec.cwd, process.env.PATH)) throw new UsageError('--executor slurm: sbatch is not on PATH (is Slurm installed here?)');
	if (partition !== undefined && executor !== 'slurm') throw new UsageError('--partition is for --executor slurm');
	if (partition !== undefined && !/^[\w.-]{1,64}$/.test(partition)) throw new UsageError(`--partition: not a partition name: '${partition}'`);

	const gpus = intFlag(p, 'gpus', 0, 64) ?? 0;
	if (gpus > 0 && executor === 'local') {
		const ids = gpuIds(config);
		if (ids.length === 0) throw new UsageError('--gpus: no GPUs known here; list them as "gpus": [0, 1] in .queue-tui.json (nvidia-smi -L found none)');
		if (gpus > ids.length) throw new UsageError(`--gpus ${gpus}: only ${ids.length} GPU${ids.length === 1 ? '' : 's'} here (${ids.join(', ')})`);
	}

	const line = commandLine(spec);
	const snapshot = p.flags.snapshot === true || patternsFor(config.patterns, line).some(pt => pt.snapshot);
	if (p.flags['keep-snapshot'] === true && !snapshot) throw new UsageError('--keep-snapshot goes with --snapshot');
	if (snapshot && !gitTop(spec.cwd)) throw new UsageError(`--snapshot needs a git repository; ${spec.cwd} is not in one`);

	let tree;
	if (snapshot) {
		try {
			tree = takeSnapshot(spec.cwd);
		} catch (error) {
			throw new UsageError(`--snapshot: git could not record the tree: ${gitError(error)}`);
		}
	} else {
		tree = recordTree(spec.cwd);
	}
	return {
		...spec, tree, gpus, executor, partition,
		...(snapshot ? {snapshot: true, keepSnapshot: p.flags['keep-snapshot'] === true} : {}),
	};
}
