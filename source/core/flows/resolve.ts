import path from 'node:path';
import type {Config} from '../config.js';
import {UsageError} from '../errors.js';
import {detectKind} from '../parsers/detect.js';
import {quoteArg, type JobSpec} from '../types.js';
import {commandTexts, type StepDef, type When, type Workflow} from './definition.js';
import {fillPlaceholders, localDate, placeholderNames} from './placeholders.js';

/** What `flow run` was given besides the workflow's name. */
export interface FlowInput {
	label?: string;
	/** `--set k=v`, in order. */
	sets: Array<[string, string]>;
	now: number;
	/** The project root: relative `cwd`s are taken from here (where `.queue-tui.json` is). */
	root: string;
	config: Pick<Config, 'retries' | 'timeoutMs' | 'backoffMs' | 'patterns'>;
	sessionId?: string;
}

/** One command of a flow, ready to queue. */
export interface PlannedCommand {
	name: string;
	role: 'step' | 'check';
	when: When;
	spec: JobSpec;
	/** GPUs it holds while it runs (placed, with the snapshot, when the flow is queued). */
	gpus?: number;
}

export interface ResolvedFlow {
	workflow: string;
	label?: string;
	/** Every variable's value (defaults included) and `{date}`: kept with the flow. */
	vars: Record<string, string>;
	/** Every command runs on the tree as it was when the flow was queued. */
	snapshot: boolean;
	commands: PlannedCommand[];
}

/** `k=v` from `--set`; a UsageError when malformed. */
export function parseSet(entry: string): [string, string] {
	const m = /^([A-Za-z_][\w-]*)=(.*)$/s.exec(entry);
	if (!m) throw new UsageError(`--set takes NAME=VALUE, not '${entry}'`);
	return [m[1], m[2]];
}

/**
 * Pure: fills the placeholders and builds each command's job. All or nothing: an unknown variable,
 * a required one not given, or `{label}` used without `--label` is a UsageError.
 */
export function resolveFlow(w: Workflow, input: FlowInput): ResolvedFlow {
	const values: Record<string, string> = {date: localDate(input.now)};
	for (const [k, v] of Object.entries(w.vars)) if (v !== null) values[k] = v;
	for (const [k, v] of input.sets) {
		if (!(k in w.vars)) {
			const names = Object.keys(w.vars);
			throw new UsageError(`--set ${k}: workflow '${w.name}' has no variable '${k}' (${names.length ? `its variables: ${names.join(', ')}` : 'it has none'})`);
		}
		values[k] = v;
	}
	const missing = Object.keys(w.vars).find(k => values[k] === undefined);
	if (missing) throw new UsageError(`workflow '${w.name}' needs a value for {${missing}}: --set ${missing}=VALUE`);
	const all = [...w.steps.map(s => ['step', s] as const), ...w.checks.map(s => ['check', s] as const)];
	const usesLabel = all.some(([, s]) => commandTexts(s, '').some(([, t]) => placeholderNames(t).includes('label')));
	if (input.label !== undefined) values.label = input.label;
	else if (usesLabel) throw new UsageError(`workflow '${w.name}' uses {label}: give --label NAME`);
	const vars = Object.fromEntries(Object.entries(values).filter(([k]) => k !== 'label'));
	return {
		workflow: w.name, label: input.label, vars, snapshot: w.snapshot,
		commands: all.map(([role, s]) => ({name: s.name, role, when: role === 'check' ? 'after-any' : s.when, spec: specOf(s, role, values, input), gpus: s.gpus})),
	};
}

function specOf(s: StepDef, role: 'step' | 'check', values: Record<string, string>, input: FlowInput): JobSpec {
	const fill = (t: string) => fillPlaceholders(t, values);
	const argv = s.shell === undefined ? s.run!.map(fill) : ['sh', '-c', fillPlaceholders(s.shell, values, quoteArg)];
	const {config} = input;
	return {
		argv,
		shell: s.shell !== undefined,
		cwd: path.resolve(input.root, s.cwd === undefined ? '.' : fill(s.cwd)),
		env: Object.fromEntries(Object.entries(s.env).map(([k, v]) => [k, fill(v)])),
		label: input.label,
		kind: s.kind ?? detectKind(argv, config.patterns),
		// A check is a verdict, not a job to nurse through flakiness: no retries unless asked.
		maxRetries: s.retries ?? (role === 'check' ? 0 : config.retries ?? 2),
		timeoutMs: s.timeoutMs ?? config.timeoutMs,
		backoffMs: s.backoffMs ?? config.backoffMs ?? 2000,
		sessionId: input.sessionId,
	};
}
