/**
 * A workflow as written in `.queue-tui.json` under `workflows.NAME`, checked strictly. Pure: the
 * caller reads the file. Every problem is one line naming the key (`workflows.quality.steps[1].when`).
 */
import {bool, ConfigProblem, duration, int, list, object, oneOf, text, type Rule} from '../config-check.js';
import {UsageError} from '../errors.js';
import type {ParserKind} from '../parsers/types.js';
import {placeholderNames} from './placeholders.js';

/** A step's condition on the step before it (diagnostics steps, `if-failed`, are side branches: see previousMain). */
export type When = 'after' | 'after-any' | 'if-failed';

/** One command of a workflow: a step, or a check run once every step has ended. */
export interface StepDef {
	name: string;
	/** argv, or undefined when the step is a `shell` line. */
	run?: string[];
	shell?: string;
	timeoutMs?: number;
	retries?: number;
	backoffMs?: number;
	kind?: ParserKind;
	env: Record<string, string>;
	cwd?: string;
	/** GPUs the command holds while it runs (`add --gpus`). */
	gpus?: number;
	when: When;
}

export interface Workflow {
	name: string;
	description?: string;
	/** Variable → default value; null: the caller must give it with `--set`. */
	vars: Record<string, string | null>;
	/** Every command runs on the tree as it was at `flow run` (`add --snapshot`): one snapshot for all. */
	snapshot: boolean;
	steps: StepDef[];
	checks: StepDef[];
}

/** Placeholders every workflow has; variables may not take these names. */
export const BUILTIN_VARS = ['label', 'date'] as const;

const NAME = /^[A-Za-z0-9_][\w.-]{0,39}$/;
const VAR = /^[A-Za-z_][\w-]{0,39}$/;

const named = (re: RegExp, what: string): Rule<string> => (v, key) => {
	if (typeof v !== 'string' || !re.test(v)) throw new ConfigProblem(`"${key}" must be ${what}, not ${JSON.stringify(v) ?? String(v)}`);
	return v;
};

const env: Rule<Record<string, string>> = (v, key) => {
	if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new ConfigProblem(`"${key}" must be an object of NAME: "value"`);
	for (const [k, value] of Object.entries(v)) {
		if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(k)) throw new ConfigProblem(`"${key}.${k}" is not an environment variable name`);
		text()(value, `${key}.${k}`);
	}
	return v as Record<string, string>;
};

const vars: Rule<Record<string, string | null>> = (v, key) => {
	if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new ConfigProblem(`"${key}" must be an object of name: "default" (or null: required)`);
	for (const [k, value] of Object.entries(v)) {
		named(VAR, 'a variable name (letters, digits, _ and -)')(k, `${key}.${k}`);
		if ((BUILTIN_VARS as readonly string[]).includes(k)) throw new ConfigProblem(`"${key}.${k}": {${k}} is built in; pick another name`);
		if (value !== null) text()(value, `${key}.${k}`);
	}
	return v as Record<string, string | null>;
};

const commandFields = {
	'name!': named(NAME, 'a name of letters, digits, _, . and - (up to 40)'),
	run: list(text()),
	shell: text({nonEmpty: true}),
	timeout: duration,
	retries: int(0, 100),
	backoff: duration,
	kind: oneOf(['pytest', 'tqdm', 'generic'] as const),
	env,
	cwd: text({nonEmpty: true}),
	gpus: int(0, 64),
};

const stepRule = object<Record<string, unknown>>({...commandFields, when: oneOf(['after', 'after-any', 'if-failed'] as const)});
const checkRule = object<Record<string, unknown>>(commandFields);
const workflowRule = object<Record<string, unknown>>({description: text(), vars, snapshot: bool, 'steps!': list(stepRule), checks: list(checkRule)});

function toStep(raw: Record<string, unknown>, key: string): StepDef {
	const run = raw.run as string[] | undefined;
	if ((run === undefined) === (raw.shell === undefined)) throw new ConfigProblem(`"${key}" needs exactly one of "run" (an argv array) or "shell" (a command line)`);
	if (run && (run.length === 0 || run[0] === '')) throw new ConfigProblem(`"${key}.run" must name a command`);
	return {
		name: raw.name as string, run, shell: raw.shell as string | undefined, timeoutMs: raw.timeout as number | undefined,
		retries: raw.retries as number | undefined, backoffMs: raw.backoff as number | undefined, kind: raw.kind as ParserKind | undefined,
		env: (raw.env as Record<string, string> | undefined) ?? {}, cwd: raw.cwd as string | undefined, gpus: raw.gpus as number | undefined, when: (raw.when as When | undefined) ?? 'after',
	};
}

/** Every text of a command that placeholders may appear in, with its key for messages. */
export function commandTexts(step: StepDef, key: string): Array<[string, string]> {
	const out: Array<[string, string]> = [];
	step.run?.forEach((word, i) => out.push([`${key}.run[${i}]`, word]));
	if (step.shell !== undefined) out.push([`${key}.shell`, step.shell]);
	if (step.cwd !== undefined) out.push([`${key}.cwd`, step.cwd]);
	for (const [k, value] of Object.entries(step.env)) out.push([`${key}.env.${k}`, value]);
	return out;
}

/** Checks the raw `workflows.NAME` value; throws a UsageError naming the file and the key. */
export function parseWorkflow(name: string, raw: unknown, file: string): Workflow {
	const key = `workflows.${name}`;
	try {
		named(NAME, 'a workflow name of letters, digits, _, . and - (up to 40)')(name, key);
		const w = workflowRule(raw, key);
		const steps = (w.steps as Array<Record<string, unknown>>).map((s, i) => toStep(s, `${key}.steps[${i}]`));
		const checks = ((w.checks as Array<Record<string, unknown>> | undefined) ?? []).map((s, i) => toStep(s, `${key}.checks[${i}]`));
		if (steps.length === 0) throw new ConfigProblem(`"${key}.steps" must hold at least one step`);
		if (steps[0].when !== 'after') throw new ConfigProblem(`"${key}.steps[0].when": the first step has no step before it to follow`);
		const seen = new Set<string>();
		for (const s of [...steps, ...checks]) {
			if (seen.has(s.name)) throw new ConfigProblem(`"${key}": two steps or checks are named "${s.name}"`);
			seen.add(s.name);
		}
		const declared = (w.vars as Record<string, string | null> | undefined) ?? {};
		const known = new Set([...BUILTIN_VARS, ...Object.keys(declared)]);
		const all = [...steps.map((s, i) => [s, `${key}.steps[${i}]`] as const), ...checks.map((s, i) => [s, `${key}.checks[${i}]`] as const)];
		for (const [s, at] of all) {
			for (const [where, value] of commandTexts(s, at)) {
				const unknown = placeholderNames(value).find(n => !known.has(n));
				if (unknown) throw new ConfigProblem(`"${where}" uses {${unknown}}, which is not a variable of the workflow (known: ${[...known].join(', ')})`);
			}
		}
		return {name, description: w.description as string | undefined, vars: declared, snapshot: w.snapshot === true, steps, checks};
	} catch (error) {
		if (error instanceof ConfigProblem) throw new UsageError(`${file}: ${error.message}`);
		throw error;
	}
}

/**
 * The step a step's condition refers to: the nearest earlier step that is not an `if-failed`
 * diagnostics step (so a diagnostics step never stands between two steps of the main line).
 * undefined for the first step.
 */
export function previousMain(steps: readonly Pick<StepDef, 'when'>[], index: number): number | undefined {
	for (let i = index - 1; i >= 0; i--) if (steps[i].when !== 'if-failed') return i;
	return undefined;
}
