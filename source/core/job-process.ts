import fs from 'node:fs';
import {spawn} from 'node:child_process';
import {findCommand} from './find-command.js';
import {withoutSecrets} from './notify/redact.js';
import {openAppend} from './safe-open.js';
import type {Job} from './types.js';

// Read where the exit record lives, so modules that only read the queue (serve, add) never load this one.
export {readExitFile} from './exit-record.js';

/**
 * The job runs under a tiny sh that outlives the runner: it waits for the command and writes
 * its exit status to a file, so a result is recorded even if the runner is killed with -9.
 * The trap keeps this sh alive through a group SIGTERM (cancel, timeout) long enough to write
 * the status; a trap handler (unlike an ignored signal) is reset in the command it execs.
 * The status file is private (umask 077) and created new (noclobber, after removing whatever sits at
 * its name: a leftover or a planted symlink goes, never gets written through); a failed write is said in the log.
 * Only shell builtins run after the command (`test`, `printf`; `rm` only when something is there):
 * no process is started between the job's exit and the runner seeing it. The status goes straight
 * to its file, not to a temp file renamed after (an `mv`, one process more per job's end): a
 * status cut short (a full disk leaves `1` of `13`) is never read as a result, because a reader
 * accepts only a whole record (`^\d+\n$`, exit-record.ts) and reads only once this sh is gone.
 */
const WRAPPER = `f=$1; shift
trap : HUP INT TERM
"$@"
c=$?
umask 077; set -C
if [ -e "$f" ] || [ -L "$f" ]; then rm -f "$f"; fi
if printf '%s\\n' "$c" > "$f"; then :; else echo "[queue-tui] could not write the exit status to $f" >&2; fi
exit $c`;

/** The wrapper's script, for a benchmark's floor that starts the same sh (bench/runner.js). */
export const WRAPPER_SCRIPT = WRAPPER;

/** The wrapper's $0: with the exit file after it, it names an attempt's process in /proc. */
export const WRAPPER_NAME = 'queue-tui-job';

/** A started attempt. `pid` is also the process group id (the wrapper leads its own session). */
export interface JobProcess {
	pid: number;
	/** Byte offset in the log where this attempt's output starts. */
	logStart: number;
	done: Promise<{exitCode?: number; signal?: string}>;
}

/**
 * The environment a job gets: the runner's less notifier secrets (a job can still be given one
 * with --env) and the runner's own marker, PYTHONUNBUFFERED=1 (unless set), then the job's --env entries.
 */
export function jobEnv(job: Pick<Job, 'env' | 'id'>, base: NodeJS.ProcessEnv = process.env): Record<string, string> {
	const env = withoutSecrets(base);
	delete env.QUEUE_TUI_DETACHED;
	env.PYTHONUNBUFFERED ??= '1';
	env.QUEUE_TUI_JOB_ID = String(job.id);
	return {...env, ...job.env};
}

/**
 * Starts one attempt: output (stdout and stderr interleaved) appended to the job's log file,
 * stdin closed, in a new session and process group. Returns a reason string when it can't start.
 */
export function startJobProcess(job: Job, seq: number, logFile: string, exitFile: string): JobProcess | string {
	if (!fs.existsSync(job.cwd)) return `working directory ${job.cwd} does not exist`;
	const env = jobEnv(job);
	if (!job.shell && !findCommand(job.argv[0], job.cwd, env.PATH)) return `command not found: ${job.argv[0]}`;
	let fd: number;
	try {
		fd = openAppend(logFile);
	} catch (error) {
		const code = (error as NodeJS.ErrnoException).code;
		// ELOOP: a symlink sits where the log goes; writing through it would land outside the home.
		return code === 'ELOOP' ? `${logFile} is a symlink: remove it` : `cannot open ${logFile} (${code ?? String(error)})`;
	}
	try {
		fs.writeSync(fd, `[queue-tui] job ${job.id} attempt ${seq} started ${new Date().toISOString()}\n`);
		const logStart = fs.fstatSync(fd).size;
		// node:child_process, not execa: the runner needs only the exit, and execa's promise machinery
		// around it is runner time spent on every job, between the job's exit and its end recorded.
		const child = spawn('/bin/sh', ['-c', WRAPPER, WRAPPER_NAME, exitFile, ...job.argv], {
			cwd: job.cwd,
			env,
			stdio: ['ignore', fd, fd],
			detached: true,
		});
		if (child.pid === undefined) {
			child.on('error', () => {}); // reported here, as a reason; the event would otherwise throw
			return 'could not start /bin/sh';
		}
		const done = new Promise<{exitCode?: number; signal?: string}>(resolve => {
			child.on('exit', (code, signal) => resolve({exitCode: code ?? undefined, signal: signal ?? undefined}));
			child.on('error', () => resolve({}));
		});
		return {pid: child.pid, logStart, done};
	} finally {
		fs.closeSync(fd);
	}
}
