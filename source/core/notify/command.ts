import {spawn} from 'node:child_process';
import {existsSync} from 'node:fs';
import {oneLine} from '../text.js';
import {withoutSecrets} from './redact.js';
import type {NotifyEvent, NotifyResult} from './types.js';

/** A notify command that has not finished by then is killed: it must not hold up the runner. */
export const COMMAND_TIMEOUT_MS = 30_000;
/** Grace between SIGTERM and SIGKILL. */
const KILL_GRACE_MS = 2_000;
/** Output beyond this is dropped: only the first line is kept, for the result. */
const MAX_OUTPUT = 4_096;

/** The job facts as environment variables for the notify command (NUL bytes removed: env cannot hold them). */
export function commandEnv(event: NotifyEvent): Record<string, string> {
	const clean = (value: unknown): string => (value === undefined || value === null ? '' : String(value).replace(/\0/g, ''));
	return {
		QUEUE_TUI_JOB_ID: clean(event.jobId),
		QUEUE_TUI_STATE: event.state,
		QUEUE_TUI_EXIT_CODE: clean(event.exitCode),
		QUEUE_TUI_SIGNAL: clean(event.signal),
		QUEUE_TUI_LABEL: clean(event.label),
		QUEUE_TUI_KIND: clean(event.kind),
		QUEUE_TUI_COMMAND: clean(event.command),
		QUEUE_TUI_LINE: clean(event.line),
		QUEUE_TUI_DURATION_MS: clean(event.durationMs),
		QUEUE_TUI_ATTEMPTS: clean(event.attempts),
		QUEUE_TUI_REPORT: clean(event.reportPath),
		QUEUE_TUI_CWD: clean(event.cwd),
		QUEUE_TUI_FLOW_ID: clean(event.flow?.id),
		// The whole flow as JSON (steps, checks, what failed and its last line): empty for a lone job.
		QUEUE_TUI_FLOW: event.flow ? clean(JSON.stringify(event.flow)) : '',
	};
}

/**
 * Runs the user's notify command with `sh -c` in the job's directory, job facts in its
 * environment, stdin closed, and a 30 s limit. Never throws. The job's text reaches the
 * command only as environment values, never spliced into the command line. The command comes
 * from a project file anyone with commit access can change: it gets the runner's environment
 * less the notifier credentials (`secrets` and the variables that usually hold them).
 */
export function runCommandNotifier(
	event: NotifyEvent,
	command: string,
	baseEnv: NodeJS.ProcessEnv,
	timeoutMs = COMMAND_TIMEOUT_MS,
	secrets: readonly string[] = [],
): Promise<NotifyResult> {
	return new Promise(resolve => {
		const base = {notifier: 'command' as const, attempts: 1};
		// A job's directory may be gone by now; the command should still run.
		const cwd = existsSync(event.cwd) ? event.cwd : undefined;
		let output = '';
		let timedOut = false;
		const child = spawn('sh', ['-c', command], {
			cwd,
			env: {...withoutSecrets(baseEnv, secrets), ...commandEnv(event)},
			stdio: ['ignore', 'pipe', 'pipe'],
			detached: false,
		});
		const keep = (chunk: Buffer) => {
			if (output.length < MAX_OUTPUT) output += chunk.toString('utf8');
		};
		child.stdout.on('data', keep);
		child.stderr.on('data', keep);
		const timer = setTimeout(() => {
			timedOut = true;
			child.kill('SIGTERM');
			setTimeout(() => child.kill('SIGKILL'), KILL_GRACE_MS).unref();
		}, timeoutMs);
		// Output may still be in the pipes at 'exit', so wait for 'close'; but a background
		// grandchild can keep the pipes open long after sh ended, so not for more than a moment.
		let finished = false;
		let lingering: NodeJS.Timeout | undefined;
		const finish = (code: number | null, signal: NodeJS.Signals | null) => {
			if (finished) return;
			finished = true;
			clearTimeout(timer);
			clearTimeout(lingering);
			child.stdout.destroy();
			child.stderr.destroy();
			const first = oneLine(output.split('\n').find(line => line.trim()) ?? '', 200);
			const end = timedOut ? `killed after ${timeoutMs / 1000}s` : signal ? `killed by ${signal}` : `exit ${code}`;
			resolve({...base, ok: code === 0 && !timedOut, status: code ?? undefined, detail: first ? `${end}: ${first}` : end});
		};
		child.on('close', finish);
		child.on('exit', (code, signal) => {
			lingering = setTimeout(() => finish(code, signal), 300);
		});
		child.on('error', error => {
			if (finished) return;
			finished = true;
			clearTimeout(timer);
			resolve({...base, ok: false, detail: `could not start sh: ${error.message}`});
		});
	});
}
