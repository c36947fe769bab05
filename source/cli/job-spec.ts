import fs from 'node:fs';
import path from 'node:path';
import type {Config} from '../core/config.js';
import {parseIds, type DepCond} from '../core/deps.js';
import {parseDuration} from '../core/duration.js';
import {UsageError} from '../core/errors.js';
import {detectKind} from '../core/parsers/detect.js';
import type {ParserKind} from '../core/parsers/types.js';
import type {JobSpec} from '../core/types.js';
import {intFlag} from './flag-values.js';
import type {Parsed} from './flags.js';
import {placeSpec} from './placement-spec.js';

const KINDS: ParserKind[] = ['pytest', 'tqdm', 'generic'];

/** `--after`, `--after-any`, `--if-failed` as dependencies; a malformed id is a UsageError. */
export function depsFrom(p: Parsed): Array<{depId: number; cond: DepCond}> {
	const conds: Array<[string, DepCond]> = [['after', 'success'], ['after-any', 'any'], ['if-failed', 'failure']];
	const deps = new Map<number, DepCond>();
	for (const [flag, cond] of conds) {
		const words = (p.flags[flag] as string[] | undefined) ?? [];
		const ids = parseIds(words);
		if (!ids || (words.length > 0 && ids.length === 0)) throw new UsageError(`--${flag} takes job ids (3, #3 or 3,4), not '${words.join(' ')}'`);
		for (const id of ids) {
			if (deps.has(id) && deps.get(id) !== cond) throw new UsageError(`job #${id} is named by two different conditions`);
			deps.set(id, cond);
		}
	}
	return [...deps].map(([depId, cond]) => ({depId, cond}));
}

/** Builds and checks a job from `add`/`run` arguments. Everything is checked before anything is written. */
export function jobSpecFrom(p: Parsed, config: Config, env: NodeJS.ProcessEnv = process.env): JobSpec {
	const shell = p.flags.shell as string | undefined;
	const words = p.command.length > 0 ? p.command : p.positionals;
	if (shell !== undefined && words.length > 0) throw new UsageError('give either --shell \'CMD\' or a command after --, not both');
	if (shell !== undefined && shell.trim() === '') throw new UsageError('--shell needs a command');
	if (shell === undefined && (words.length === 0 || words[0] === '')) throw new UsageError('no command given: queue-tui add -- CMD [ARGS…]');
	const argv = shell === undefined ? words : ['sh', '-c', shell];

	const cwd = path.resolve(String(p.flags.cwd ?? process.cwd()));
	if (!fs.existsSync(cwd) || !fs.statSync(cwd).isDirectory()) throw new UsageError(`--cwd ${cwd} is not a directory`);

	const jobEnv: Record<string, string> = {};
	for (const entry of (p.flags.env as string[] | undefined) ?? []) {
		const m = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/s.exec(entry);
		if (!m) throw new UsageError(`--env takes NAME=VALUE, not '${entry}'`);
		jobEnv[m[1]] = m[2];
	}

	const duration = (name: string): number | undefined => {
		const raw = p.flags[name] as string | undefined;
		if (raw === undefined) return undefined;
		const ms = parseDuration(raw);
		if (ms === undefined) throw new UsageError(`--${name}: not a duration: '${raw}' (try 90s, 30m, 1h30m)`);
		return ms;
	};
	const timeoutMs = duration('timeout') ?? config.timeoutMs;
	if (timeoutMs === 0) throw new UsageError('--timeout must be more than 0');

	const kindFlag = p.flags.kind as string | undefined;
	if (kindFlag !== undefined && !KINDS.includes(kindFlag as ParserKind)) {
		throw new UsageError(`--kind must be one of ${KINDS.join(', ')}, not '${kindFlag}'`);
	}
	const label = p.flags.label as string | undefined;
	if (label !== undefined && (label.trim() === '' || label.length > 100)) throw new UsageError('--label must be 1 to 100 characters');
	const name = p.flags.name as string | undefined;
	if (name !== undefined && (name.trim() === '' || name.length > 100)) throw new UsageError('--name must be 1 to 100 characters');

	return placeSpec(p, config, {
		argv,
		shell: shell !== undefined,
		cwd,
		env: jobEnv,
		label,
		name,
		kind: (kindFlag as ParserKind | undefined) ?? detectKind(argv, config.patterns),
		maxRetries: intFlag(p, 'retries', 0, 100) ?? config.retries ?? 2,
		timeoutMs,
		backoffMs: duration('backoff') ?? config.backoffMs ?? 2000,
		sessionId: env.CLAUDE_CODE_SESSION_ID || undefined,
		notify: p.flags.notify === true,
	});
}
