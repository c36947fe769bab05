import fs from 'node:fs';
import {resolvePaths, type QueuePaths} from '../core/home.js';

/** The fields of Claude Code's hook stdin JSON that queue-tui reads; everything else is ignored. */
export interface HookInput {
	session_id?: string;
	transcript_path?: string;
	cwd?: string;
	hook_event_name?: string;
	stop_hook_active?: boolean;
	background_tasks?: Array<{id?: string; type?: string; status?: string; command?: string; description?: string}>;
	workspace?: {project_dir?: string; current_dir?: string};
	tool_name?: string;
	tool_input?: {run_in_background?: boolean};
	tool_response?: unknown;
}

const SHOWN_JOB = /queue #(\d+) [A-Z]/g;
// A flow's result line, not its progress (`queue flow f3 quality QUAL running step 1/2 unit`).
const SHOWN_FLOW = /queue flow f(\d+)\b[^\n]*? (?:ok:|FAILED|cancelled)/g;

/** Result lines the model has provably read, by job id and flow id (see shownResults). */
export interface Shown {
	jobs: number[];
	flows: number[];
}

/**
 * Result lines the model has provably read: in the output of a foreground Bash call
 * (`queue-tui run`, `wait` or `flow run --wait` within the Bash time limit; PostToolUse sees it), or
 * anywhere in the session's transcript (the last 1 MB; headless `-p` runs no PostToolUse hook).
 * Those count as told.
 */
export function shownResults(input: HookInput): Shown {
	let text = '';
	if (input.tool_name === 'Bash' && !input.tool_input?.run_in_background) {
		const r = input.tool_response as {stdout?: unknown} | undefined;
		if (typeof r?.stdout === 'string') text += r.stdout;
	}
	if (input.transcript_path) text += transcriptTail(input.transcript_path);
	const ids = (re: RegExp) => [...new Set([...text.matchAll(re)].map(m => Number(m[1])))];
	return {jobs: ids(SHOWN_JOB), flows: ids(SHOWN_FLOW)};
}

function transcriptTail(file: string, max = 1 << 20): string {
	try {
		const fd = fs.openSync(file, 'r');
		try {
			const size = fs.fstatSync(fd).size;
			const buf = Buffer.alloc(Math.min(size, max));
			fs.readSync(fd, buf, 0, buf.length, size - buf.length);
			return buf.toString('utf8');
		} finally {
			fs.closeSync(fd);
		}
	} catch {
		return '';
	}
}

/**
 * Reads stdin as text, giving up after `ms` or 4 MiB (a hook or status line run by hand, or
 * given a pipe nobody closes, must not hang).
 */
export async function readStdinText(stream: NodeJS.ReadStream = process.stdin, ms = 1000): Promise<string> {
	if (stream.isTTY) return '';
	return new Promise<string>(resolve => {
		let data = '';
		const done = () => {
			clearTimeout(timer);
			stream.removeAllListeners('data');
			stream.pause();
			resolve(data);
		};
		const timer = setTimeout(done, ms);
		stream.setEncoding('utf8');
		stream.on('data', chunk => {
			data += chunk;
			if (data.length > 4 * 1024 * 1024) done();
		});
		stream.once('end', done);
		stream.once('error', done);
	});
}

/** Reads stdin as JSON (see readStdinText); anything unreadable is an empty object: a hook never fails on its input. */
export async function readHookInput(stream: NodeJS.ReadStream = process.stdin, ms = 1000): Promise<HookInput> {
	const text = await readStdinText(stream, ms);
	try {
		const value = JSON.parse(text) as unknown;
		return value && typeof value === 'object' && !Array.isArray(value) ? (value as HookInput) : {};
	} catch {
		return {};
	}
}

/** The queue of the project a hook or status line speaks for (Claude Code's cwd, else the project dir). */
export function hookPaths(input: HookInput, env: NodeJS.ProcessEnv = process.env): QueuePaths {
	const cwd = input.cwd ?? input.workspace?.project_dir ?? env.CLAUDE_PROJECT_DIR ?? process.cwd();
	return resolvePaths({cwd, env});
}
