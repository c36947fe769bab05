import fs from 'node:fs';
import path from 'node:path';
import {exitPath, logPath, type QueuePaths} from '../home.js';
import {jobEnv, readExitFile} from '../job-process.js';
import {JobWatch} from '../job-watch.js';
import type {JobPatch} from '../job-patch.js';
import type {CompiledPattern} from '../parsers/custom.js';
import type {AttemptEnd} from '../transitions.js';
import type {Job} from '../types.js';
import {checkSharedHome, sacct, sbatch, scancel, slurmError, squeue} from './slurm-cli.js';
import {batchScript, pollInterval, sbatchArgs, slurmEnd, slurmText, type SlurmInfo} from './slurm-state.js';
import type {Executor} from './types.js';

/** How often the runner asks Slurm about its jobs (one squeue call for all of them) once they run. */
const POLL_MS = Number(process.env.QUEUE_TUI_SLURM_POLL_MS ?? 1000);
/** For HURRY_MS after a submit, and once the exit file is there (the command is over), Slurm is asked this often (see pollInterval). */
const QUICK_MS = Math.min(POLL_MS, 100);
const HURRY_MS = 3000;

/** One squeue call per interval for every Slurm job the runner watches; sacct for those the controller forgot. */
class Poller {
	private readonly ids = new Set<string>();
	private known = new Map<string, SlurmInfo>();
	/** Jobs missing from squeue and sacct, and how many polls in a row. */
	private missing = new Map<string, number>();
	private at = 0;
	private interval = POLL_MS;
	private hurryUntil = 0;

	watch(id: string): void {
		this.ids.add(id);
		this.at = 0;
		this.interval = QUICK_MS;
		this.hurryUntil = Date.now() + HURRY_MS;
	}

	unwatch(id: string): void {
		this.ids.delete(id);
		this.missing.delete(id);
	}

	/** Ask again at the next look (after a scancel). */
	soon(): void {
		this.at = 0;
	}

	/** Ask now, and at most every QUICK_MS after: the job's script has written its exit status, Slurm's word follows. */
	quick(now: number): void {
		if (now - this.at >= QUICK_MS) this.at = Math.min(this.at, now - this.interval);
	}

	/** The job's last known state; 'lost' once neither squeue nor sacct has known it for two polls. */
	get(id: string, now: number): SlurmInfo | 'lost' | undefined {
		if (now - this.at >= this.interval) this.refresh(now);
		if ((this.missing.get(id) ?? 0) >= 2) return 'lost';
		return this.known.get(id);
	}

	private refresh(now: number): void {
		this.at = now;
		const ids = [...this.ids].filter(Boolean);
		let infos: SlurmInfo[];
		try {
			infos = squeue(ids);
		} catch {
			return; // the controller is busy or down: keep the last answer and ask again
		}
		const seen = new Set(infos.map(i => i.id));
		const gone = ids.filter(id => !seen.has(id));
		infos.push(...sacct(gone));
		this.known = new Map(infos.map(i => [i.id, i]));
		for (const id of this.ids) this.missing.set(id, this.known.has(id) ? 0 : (this.missing.get(id) ?? 0) + 1);
		const states = ids.map(id => this.known.get(id)?.state);
		this.interval = pollInterval({states, last: this.interval, hurrying: now < this.hurryUntil, quick: QUICK_MS, slow: POLL_MS});
	}
}

const poller = new Poller();

/** A Slurm batch job: its output file tailed through the same parsers, its state from squeue, cancel and timeout with scancel. */
export class SlurmWatch extends JobWatch {
	private stopping?: 'cancel' | 'timeout';
	private limit?: number;
	private shown?: string;
	private fresh?: JobPatch;
	private readonly statusFile: string;

	private readonly exitWatch?: fs.FSWatcher;

	constructor(paths: QueuePaths, job: Job, seq: number, logStart: number, patterns: CompiledPattern[] | undefined, private readonly slurmId: string, onEnd?: () => void) {
		super(paths, {...job, pid: 0, timeoutMs: undefined}, seq, logStart, undefined, patterns);
		this.statusFile = exitPath(paths, job.id, seq);
		// The exit file appearing wakes the runner at once (where the filesystem tells: a local one;
		// elsewhere the next tick sees it).
		const name = path.basename(this.statusFile);
		if (onEnd) this.exitWatch = safeWatch(path.dirname(this.statusFile), file => file === name && onEnd());
		this.shown = job.slurmState;
		this.timeoutMs = job.timeoutMs;
		// Adopted while already running: the limit counts from now (Slurm's --time still holds).
		if (job.timeoutMs && job.slurmState?.startsWith('RUNNING')) this.limit = Date.now() + job.timeoutMs;
		poller.watch(slurmId);
	}

	private readonly timeoutMs?: number;

	override enforce(now: number, cancelRequested: boolean): void {
		if (this.stopping) return;
		if (cancelRequested) this.stopping = 'cancel';
		else if (this.limit !== undefined && now >= this.limit) this.stopping = 'timeout';
		if (!this.stopping) return;
		scancel(this.slurmId);
		poller.soon();
	}

	override end(now: number): AttemptEnd | undefined {
		// The exit file is on the shared filesystem the log is read from: seeing it costs no Slurm call.
		if (fs.existsSync(this.statusFile)) poller.quick(now);
		const info = poller.get(this.slurmId, now);
		if (info === undefined) return undefined;
		if (info === 'lost') return this.over(now, this.fromExitFile());
		const text = slurmText(info);
		if (text !== this.shown) {
			this.shown = text;
			this.fresh = {slurm_state: text};
		}
		// The queue's timeout counts running time, as Slurm's --time does, not time pending.
		if (this.timeoutMs && this.limit === undefined && info.state === 'RUNNING') this.limit = now + this.timeoutMs;
		const end = slurmEnd(info, this.stopping);
		return end ? this.over(now, end) : undefined;
	}

	news(): JobPatch | undefined {
		const out = this.fresh;
		this.fresh = undefined;
		return out;
	}

	private over(now: number, end: AttemptEnd): AttemptEnd {
		this.exitWatch?.close();
		this.closeOutput(now);
		poller.unwatch(this.slurmId);
		return end;
	}

	/** Slurm forgot the job (no accounting, past MinJobAge): its exit file says how it ended, if it got that far. */
	private fromExitFile(): AttemptEnd {
		const code = readExitFile(this.statusFile);
		if (code === undefined) return {type: 'interrupted', note: `slurm job ${this.slurmId || '(never submitted)'} unknown to squeue and sacct`};
		return {type: 'exit', exitCode: code, note: 'slurm job ended (from its exit file)'};
	}
}

/** A directory watch that never keeps the runner alive, or nothing where the platform refuses one. */
function safeWatch(dir: string, changed: (file: string | null) => void): fs.FSWatcher | undefined {
	try {
		const w = fs.watch(dir, {persistent: false}, (_event, file) => changed(file));
		w.on('error', () => w.close());
		return w;
	} catch {
		return undefined;
	}
}

let homeCheck: {home: string; ok: boolean; text: string} | undefined;

/** Jobs run as Slurm batch jobs: submitted with sbatch, output appended to the job's log on a filesystem the nodes share. */
export const slurmExecutor: Executor = {
	start({paths, job, run, seq, patterns, onEnd}) {
		const first = homeCheck?.home !== paths.home;
		if (first) homeCheck = {home: paths.home, ...checkSharedHome(paths.home)};
		if (!homeCheck!.ok) return homeCheck!.text;
		const log = logPath(paths, job.id);
		const exitFile = exitPath(paths, job.id, seq);
		fs.rmSync(exitFile, {force: true});
		const dir = path.join(paths.home, 'slurm');
		fs.mkdirSync(dir, {recursive: true, mode: 0o700});
		const script = path.join(dir, `${job.id}.${seq}.sh`);
		fs.writeFileSync(script, batchScript(run.argv, exitFile), {mode: 0o700});
		fs.appendFileSync(log, `[queue-tui] job ${job.id} attempt ${seq} submitted to Slurm ${new Date().toISOString()}\n`, {mode: 0o600});
		const logStart = fs.statSync(log).size;
		let id: string;
		try {
			id = sbatch(sbatchArgs({jobId: job.id, log, cwd: run.cwd, script, partition: job.partition, gpus: job.gpus, timeoutMs: job.timeoutMs}), jobEnv(run));
		} catch (error) {
			return `sbatch failed: ${slurmError(error)}`;
		}
		return {
			execution: new SlurmWatch(paths, {...job, slurmState: 'SUBMITTED'}, seq, logStart, patterns, id, onEnd),
			logStart,
			fields: {slurm_id: id, slurm_state: 'SUBMITTED', pid: null},
			say: first ? `slurm: ${homeCheck!.text}` : undefined,
		};
	},
	adopt: ({paths, job, seq, logStart, patterns}) => new SlurmWatch(paths, job, seq, logStart, patterns, job.slurmId ?? ''),
};
