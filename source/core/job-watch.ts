import {exitPath, logPath, type QueuePaths} from './home.js';
import {exitRecord} from './exit-record.js';
import {readExitFile, type JobProcess} from './job-process.js';
import {LogReader} from './log-reader.js';
import {OutputBudget, PUMP_BYTES, PUMP_MS} from './output-budget.js';
import {createParser} from './parsers/index.js';
import type {CompiledPattern} from './parsers/custom.js';
import type {ProgressParser} from './parsers/types.js';
import {groupAlive, isAlive, killGroup} from './processes.js';
import type {AttemptEnd} from './transitions.js';
import {commandLine, type Job} from './types.js';

/** How long a job gets between SIGTERM and SIGKILL when cancelled or timed out. */
export const KILL_GRACE_MS = Number(process.env.QUEUE_TUI_KILL_GRACE_MS ?? 5000);

/**
 * Watches one running attempt: tails its log through the progress parser, enforces its timeout,
 * carries out a cancel, and notices its end, whether the runner started it or adopted it after a restart.
 */
export class JobWatch {
	readonly jobId: number;
	readonly seq: number;
	readonly pid: number;
	private readonly identity: {pid: number; pidStart?: string; bootId?: string};
	private readonly reader: LogReader;
	readonly parser: ProgressParser;
	private readonly exitFile: string;
	private readonly deadline?: number;
	private ended?: {exitCode?: number; signal?: string};
	private termAt?: number;
	private reasonForKill?: 'timeout' | 'cancel';
	lastWritten = '';
	lastOutputSaved = 0;
	lastWriteAt = 0;

	constructor(paths: QueuePaths, job: Job, seq: number, logStart: number, proc?: JobProcess, patterns?: CompiledPattern[], onEnd?: () => void) {
		this.jobId = job.id;
		this.seq = seq;
		this.pid = job.pid ?? proc!.pid;
		this.identity = {pid: this.pid, pidStart: job.pidStart, bootId: job.bootId};
		this.reader = new LogReader(logPath(paths, job.id), logStart);
		this.parser = createParser(job.kind, {patterns, commandLine: commandLine(job)});
		this.exitFile = exitPath(paths, job.id, seq);
		if (job.timeoutMs) this.deadline = (job.startedAt ?? Date.now()) + job.timeoutMs;
		proc?.done.then(r => {
			this.ended = r;
			onEnd?.();
		});
		this.adopted = !proc;
	}

	private readonly adopted: boolean;

	private readonly budget = new OutputBudget();

	/**
	 * Reads new output into the parser, within the output budget (a flood's middle is skipped,
	 * see output-budget.ts) and a short time slice, so one job's output never holds the runner's
	 * loop; `final` (the attempt ended) reads up to the end. True when there was some.
	 */
	pump(now: number, final = false): boolean {
		const backlog = this.reader.backlog();
		if (backlog === 0) return false;
		const {skip, keep} = this.budget.plan(backlog, final);
		if (skip > 0) {
			this.reader.offset += skip;
			this.parser.skip(skip, now);
		}
		const until = final ? Infinity : performance.now() + PUMP_MS;
		const read = this.reader.drain(chunk => this.parser.feed(chunk, now), final ? keep : Math.min(keep, PUMP_BYTES), until);
		this.budget.count(read, skip);
		return true;
	}

	/** Sends SIGTERM for a cancel or a timeout, then SIGKILL after the grace period. */
	enforce(now: number, cancelRequested: boolean): void {
		if (this.termAt === undefined) {
			if (cancelRequested) this.reasonForKill = 'cancel';
			else if (this.deadline !== undefined && now >= this.deadline) this.reasonForKill = 'timeout';
			if (this.reasonForKill) {
				this.termAt = now;
				killGroup(this.pid, 'SIGTERM');
			}
		} else if (now - this.termAt >= KILL_GRACE_MS && groupAlive(this.pid)) {
			killGroup(this.pid, 'SIGKILL');
		}
	}

	/** The attempt's end once it is over, else undefined. */
	end(now: number): AttemptEnd | undefined {
		let result = this.ended;
		if (!result && this.adopted && !isAlive(this.identity)) {
			const record = exitRecord(this.exitFile);
			if (record === undefined) return {type: 'interrupted'};
			if (record === 'lost') return {type: 'lost'};
			result = record;
		}
		if (!result) return undefined;
		// A TERM-ed group's own processes may linger a moment; the wrapper's status is the job's.
		const fromFile = readExitFile(this.exitFile);
		const exitCode = fromFile ?? result.exitCode;
		const signal = fromFile === undefined ? result.signal : undefined;
		this.closeOutput(now);
		if (this.reasonForKill === 'cancel') return {type: 'cancel', exitCode, signal};
		if (this.reasonForKill === 'timeout') return {type: 'timeout', exitCode, signal};
		return {type: 'exit', exitCode, signal};
	}

	/** Reads the last output into the parser and closes the log: the attempt is over. */
	protected closeOutput(now: number): void {
		this.pump(now, true);
		this.parser.end(now);
		this.reader.close();
	}
}
