import fs from 'node:fs';
import path from 'node:path';
import {bool, ConfigProblem, duration, either, int, list, object, oneOf, text, url, type Rule} from './config-check.js';
import {UsageError} from './errors.js';
import type {NotifyConfig} from './notify/types.js';
import {compilePatterns, type CompiledPattern} from './parsers/custom.js';

/** `.queue-tui.json` at the project root: per-project settings, all optional. */
export interface Config {
	parallel?: number;
	retries?: number;
	backoffMs?: number;
	timeoutMs?: number;
	/** A running job with no output for this long is flagged "stalled". Default 10 min. */
	stalledAfterMs: number;
	patterns: CompiledPattern[];
	notify: NotifyConfig;
	/** GPU ids jobs with `--gpus N` share (else found with `nvidia-smi -L`). */
	gpus?: string[];
	/** Where jobs run unless `add --executor` says otherwise. */
	executor?: 'local' | 'slurm';
	/** The Slurm partition unless `add --partition` says otherwise. */
	partition?: string;
	/** `history.keep`: the runner removes finished jobs beyond the newest N (rows, logs, reports). */
	historyKeep?: number;
	/** `workflows.NAME`, as written: each is checked in full when `flow` uses it (source/core/flows/definition.ts). */
	workflows: Record<string, unknown>;
}

export const CONFIG_FILE = '.queue-tui.json';

const patterns: Rule<CompiledPattern[]> = value => {
	const {patterns: compiled, errors} = compilePatterns(value);
	if (errors.length > 0) throw new ConfigProblem(errors[0]);
	return compiled;
};

/** ntfy's priorities: 1-5 or their names (https://docs.ntfy.sh/publish/#message-priority). */
const ntfyPriority: Rule<string> = either(
	(v, key) => String(int(1, 5)(v, key)),
	oneOf(['1', '2', '3', '4', '5', 'min', 'low', 'default', 'high', 'max']),
);

/** Every key, type and enum of the file: one rule, used by every command that reads it. */
const FILE = object<Record<string, unknown>>({
	parallel: int(1, 64),
	retries: int(0, 100),
	backoff: duration,
	timeout: duration,
	stalledAfter: duration,
	patterns,
	gpus: list(either((v, key) => String(int(0, 1023)(v, key)), text({nonEmpty: true}))),
	executor: oneOf(['local', 'slurm']),
	partition: text({nonEmpty: true}),
	history: object({keep: int(1, 100_000_000)}),
	serve: object({publicUrl: url}),
	notify: object({
		on: list(oneOf(['failure', 'success', 'long'])),
		longAfter: duration,
		pushover: object({
			token: text({nonEmpty: true}),
			user: text({nonEmpty: true}),
			url,
			priority: int(-2, 1),
			sound: text({nonEmpty: true}),
			device: text({nonEmpty: true}),
		}),
		ntfy: object({'url!': url, token: text({nonEmpty: true}), priority: ntfyPriority}),
		command: text(),
		tmux: bool,
	}),
	// Checked one by one by `flow`, so a broken workflow never stops the queue running jobs.
	workflows: (v, key) => {
		if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new ConfigProblem(`"${key}" must be an object of workflow name: {steps, checks, vars}`);
		return v;
	},
});

/** `serve.publicUrl`, which the notifiers use to link to a job's dashboard page. */
function publicUrlOf(c: Record<string, unknown>): {publicUrl?: string} {
	const publicUrl = (c.serve as {publicUrl?: string} | undefined)?.publicUrl;
	return publicUrl === undefined ? {} : {publicUrl};
}

/** The file's checked content, or undefined when there is none. Throws a UsageError naming the file and the key. */
function readConfig(file: string): Record<string, unknown> {
	let raw: unknown;
	try {
		raw = JSON.parse(fs.readFileSync(file, 'utf8'));
	} catch (error) {
		const e = error as NodeJS.ErrnoException;
		if (e.code === 'ENOENT') return {};
		throw new UsageError(`${file}: ${e.code ? `cannot be read (${e.code})` : `not valid JSON (${e.message.split('\n')[0]})`}`);
	}
	try {
		return FILE(raw, '');
	} catch (error) {
		if (error instanceof ConfigProblem) throw new UsageError(`${file}: ${error.message}`);
		throw error;
	}
}

/**
 * Reads and checks the config. Every problem is one clear line naming the file and the key;
 * every command that reads it (add, run, start, the runner, the TUI, notify) refuses a broken
 * config rather than guess.
 */
export function loadConfig(root: string): Config {
	const c = readConfig(path.join(root, CONFIG_FILE));
	const {longAfter, ...notify} = (c.notify ?? {}) as NotifyConfig & {longAfter?: number};
	return {
		parallel: c.parallel as number | undefined,
		retries: c.retries as number | undefined,
		backoffMs: c.backoff as number | undefined,
		timeoutMs: c.timeout as number | undefined,
		stalledAfterMs: (c.stalledAfter as number | undefined) ?? 10 * 60_000,
		patterns: (c.patterns as CompiledPattern[] | undefined) ?? [],
		notify: {...notify, ...(longAfter === undefined ? {} : {longAfterMs: longAfter}), ...publicUrlOf(c)},
		gpus: c.gpus as string[] | undefined,
		executor: c.executor as Config['executor'],
		partition: c.partition as string | undefined,
		historyKeep: (c.history as {keep?: number} | undefined)?.keep,
		workflows: (c.workflows as Record<string, unknown> | undefined) ?? {},
	};
}
