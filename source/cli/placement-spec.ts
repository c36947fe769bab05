import type {Config} from '../core/config.js';
import {UsageError} from '../core/errors.js';
import {gpuIds} from '../core/gpus.js';
import {findCommand} from '../core/find-command.js';
import {patternsFor} from '../core/parsers/custom.js';
import {gitError, gitTop, shareSnapshot, takeSnapshot} from '../core/snapshot.js';
import {recordTree} from '../core/tree-state.js';
import {commandLine, type JobSpec, type TreeState} from '../core/types.js';
import {intFlag} from './flag-values.js';
import type {Parsed} from './flags.js';

/** What a command asks about where it runs (add's flags, a workflow's settings); unset: the config decides. */
export interface PlacementAsk {
	snapshot?: boolean;
	keepSnapshot?: boolean;
	gpus?: number;
	executor?: string;
	partition?: string;
	/** What a refusal names (`--gpus`, `workflow quality step unit: gpus`). */
	say?: (option: string) => string;
}

/** Snapshots taken for one `flow run`, by repository: its commands share one commit, each with its own ref. */
export type SnapshotCache = Map<string, TreeState>;

/**
 * Where and on what a job runs, from `--snapshot`, `--gpus`, `--executor`, `--partition` and the
 * config. Everything is checked first; the snapshot commit (the only write, to the user's git
 * objects and one ref) is made last. Without a snapshot the tree is only recorded.
 */
export function placeSpec(p: Parsed, config: Config, spec: JobSpec): JobSpec {
	return placeJob({
		snapshot: p.flags.snapshot === true, keepSnapshot: p.flags['keep-snapshot'] === true, gpus: intFlag(p, 'gpus', 0, 64),
		executor: p.flags.executor as string | undefined, partition: p.flags.partition as string | undefined,
	}, config, spec);
}

/** placeSpec for any caller: `add`, or each command of a workflow (with `cache`, one snapshot per repository). */
export function placeJob(ask: PlacementAsk, config: Config, spec: JobSpec, cache?: SnapshotCache): JobSpec {
	const say = ask.say ?? ((o: string) => `--${o}`);
	const executor = ask.executor ?? config.executor ?? 'local';
	if (executor !== 'local' && executor !== 'slurm') throw new UsageError(`${say('executor')} must be local or slurm, not '${executor}'`);
	const partition = ask.partition ?? (executor === 'slurm' ? config.partition : undefined);
	if (executor === 'slurm' && !findCommand('sbatch', spec.cwd, process.env.PATH)) throw new UsageError(`${say('executor')} slurm: sbatch is not on PATH (is Slurm installed here?)`);
	if (partition !== undefined && executor !== 'slurm') throw new UsageError(`${say('partition')} is for --executor slurm`);
	if (partition !== undefined && !/^[\w.-]{1,64}$/.test(partition)) throw new UsageError(`${say('partition')}: not a partition name: '${partition}'`);

	const gpus = ask.gpus ?? 0;
	if (gpus > 0 && executor === 'local') {
		const ids = gpuIds(config);
		if (ids.length === 0) throw new UsageError(`${say('gpus')}: no GPUs known here; list them as "gpus": [0, 1] in .queue-tui.json (nvidia-smi -L found none)`);
		if (gpus > ids.length) throw new UsageError(`${say('gpus')} ${gpus}: only ${ids.length} GPU${ids.length === 1 ? '' : 's'} here (${ids.join(', ')})`);
	}

	const line = commandLine(spec);
	const snapshot = ask.snapshot === true || patternsFor(config.patterns, line).some(pt => pt.snapshot);
	if (ask.keepSnapshot === true && !snapshot) throw new UsageError(`${say('keep-snapshot')} goes with --snapshot`);
	const top = snapshot ? gitTop(spec.cwd) : undefined;
	if (snapshot && !top) throw new UsageError(`${say('snapshot')} needs a git repository; ${spec.cwd} is not in one`);

	let tree;
	if (snapshot) {
		try {
			const taken = cache?.get(top!);
			tree = taken ? shareSnapshot(taken, spec.cwd) : takeSnapshot(spec.cwd);
			cache?.set(top!, tree);
		} catch (error) {
			throw new UsageError(`${say('snapshot')}: git could not record the tree: ${gitError(error)}`);
		}
	} else {
		tree = recordTree(spec.cwd);
	}
	return {
		...spec, tree, gpus, executor, partition,
		...(snapshot ? {snapshot: true, keepSnapshot: ask.keepSnapshot === true} : {}),
	};
}
