import fs from 'node:fs';
import path from 'node:path';
import {CONFIG_FILE, loadConfig, type Config} from '../../core/config.js';
import {UsageError} from '../../core/errors.js';
import {parseWorkflow, type Workflow} from '../../core/flows/definition.js';
import {flowRef} from '../../core/flows/flow-line.js';
import {flowStore} from '../../core/flows/flow-store.js';
import {enqueueFlow} from '../../core/flows/queue-flow.js';
import {parseSet, resolveFlow, type ResolvedFlow} from '../../core/flows/resolve.js';
import {ensureRunner} from '../../core/queue.js';
import {dropSnapshot} from '../../core/snapshot.js';
import {commandLine} from '../../core/types.js';
import {pathsFrom, print, queueFrom} from '../context.js';
import type {Parsed} from '../flags.js';
import {placeJob, type SnapshotCache} from '../placement-spec.js';
import {flowResult, waitForFlow} from '../flow-wait.js';
import {onWaiterKilled} from '../waiter-killed.js';

/** `queue-tui flow run|show|list`: named workflows from `.queue-tui.json`. */
export async function run(p: Parsed): Promise<number> {
	const [verb, name, ...extra] = p.positionals;
	if (extra.length > 0) throw new UsageError(`flow ${verb}: unexpected '${extra[0]}'`);
	const root = pathsFrom(p).root;
	const config = loadConfig(root);
	if (verb === 'list') return list(p, config, root);
	if (verb !== 'run' && verb !== 'show') throw new UsageError(`flow: give run NAME, show NAME or list, not '${verb ?? ''}'`);
	if (!name) throw new UsageError(`flow ${verb}: give a workflow name (queue-tui flow list names them)`);
	const resolved = resolve(p, config, root, name);
	if (verb === 'show') return show(p, resolved, root);
	if (p.flags.wait && p.flags['no-start']) throw new UsageError('--wait needs a runner: drop --no-start');
	const placed = place(resolved, config);
	const q = queueFrom(p);
	try {
		let id: number;
		try {
			id = enqueueFlow(q, placed);
		} catch (error) {
			// Nothing was queued: the snapshot has nobody to run on it.
			for (const c of placed.commands) if (c.spec.tree) dropSnapshot(c.spec.tree);
			throw error;
		}
		if (p.flags['no-start'] !== true) ensureRunner(q);
		if (!p.flags.wait) {
			print(p.flags.json ? JSON.stringify({flow: flowRef(id), jobs: flowStore.get(q.store, id)!.plan}) : flowRef(id));
			return 0;
		}
		const stopWaiting = onWaiterKilled(`queue flow ${flowRef(id)}`, flowRef(id), 'flow');
		const view = await waitForFlow(q, id);
		stopWaiting();
		const {text, code} = flowResult(q, view, p.flags.json === true);
		print(text);
		// Not marked told, as with `run`: a background shell's output does not reach the model; the
		// hooks see the line where it did (a foreground call's result, the transcript).
		return code;
	} finally {
		q.store.close();
	}
}

function workflow(config: Config, root: string, name: string): Workflow {
	const file = path.join(root, CONFIG_FILE);
	if (!Object.hasOwn(config.workflows, name)) {
		const names = Object.keys(config.workflows);
		throw new UsageError(`no workflow '${name}' in ${file} (${names.length ? `workflows: ${names.join(', ')}` : 'it defines none'})`);
	}
	return parseWorkflow(name, config.workflows[name], file);
}

/** Everything checked before anything is queued: the definition, the variables, the directories. */
function resolve(p: Parsed, config: Config, root: string, name: string): ResolvedFlow {
	const label = p.flags.label as string | undefined;
	if (label !== undefined && (label.trim() === '' || label.length > 100)) throw new UsageError('--label must be 1 to 100 characters');
	const sets = ((p.flags.set as string[] | undefined) ?? []).map(parseSet);
	const r = resolveFlow(workflow(config, root, name), {label, sets, now: Date.now(), root, config, sessionId: process.env.CLAUDE_CODE_SESSION_ID || undefined});
	for (const c of r.commands) {
		if (!fs.existsSync(c.spec.cwd) || !fs.statSync(c.spec.cwd).isDirectory()) throw new UsageError(`workflow '${name}' ${c.role} ${c.name}: cwd ${c.spec.cwd} is not a directory`);
	}
	return r;
}

/**
 * Where each command runs (the config's executor, its `gpus`) and, for a `"snapshot": true`
 * workflow, the one snapshot its commands share; all checked before anything is written.
 */
function place(r: ResolvedFlow, config: Config): ResolvedFlow {
	const cache: SnapshotCache = new Map();
	const commands = [];
	try {
		for (const c of r.commands) {
			const say = (option: string) => `workflow '${r.workflow}' ${c.role} ${c.name}: ${option === 'gpus' ? '"gpus"' : option === 'snapshot' ? '"snapshot": true' : `"${option}"`}`;
			commands.push({...c, spec: placeJob({snapshot: r.snapshot, gpus: c.gpus, say}, config, c.spec, cache)});
		}
	} catch (error) {
		for (const c of commands) if (c.spec.tree) dropSnapshot(c.spec.tree);
		throw error;
	}
	return {...r, commands};
}

function show(p: Parsed, r: ResolvedFlow, root: string): number {
	if (p.flags.json) {
		print(JSON.stringify({workflow: r.workflow, label: r.label ?? null, vars: r.vars, commands: r.commands.map(c => ({
			name: c.name, role: c.role, when: c.when, argv: c.spec.argv, shell: c.spec.shell, cwd: c.spec.cwd, envKeys: Object.keys(c.spec.env),
			kind: c.spec.kind, retries: c.spec.maxRetries, timeoutMs: c.spec.timeoutMs ?? null, gpus: c.gpus ?? 0, snapshot: r.snapshot,
		}))}));
		return 0;
	}
	print(`workflow ${r.workflow}${r.label ? ` label ${r.label}` : ''}`);
	print(`variables: ${Object.entries(r.vars).map(([k, v]) => `${k}=${v}`).join(' ')}`);
	for (const role of ['step', 'check'] as const) {
		const commands = r.commands.filter(c => c.role === role);
		if (commands.length === 0) continue;
		print(role === 'step' ? 'steps (each after the one before, as its condition says):' : 'checks (after every step has ended):');
		commands.forEach((c, i) => {
			const opts = [
				role === 'step' && i > 0 ? c.when : '', c.spec.timeoutMs ? `timeout ${c.spec.timeoutMs / 1000}s` : '', `retries ${c.spec.maxRetries}`,
				c.spec.cwd === root ? '' : `cwd ${c.spec.cwd}`, Object.keys(c.spec.env).length ? `env ${Object.keys(c.spec.env).join(',')}` : '',
				c.gpus ? `gpus ${c.gpus}` : '', r.snapshot ? 'snapshot' : '',
			].filter(Boolean);
			print(`  ${i + 1}. ${c.name}: ${commandLine(c.spec)}  [${opts.join(', ')}]`);
		});
	}
	return 0;
}

function list(p: Parsed, config: Config, root: string): number {
	const rows = Object.keys(config.workflows).map(name => {
		try {
			const w = workflow(config, root, name);
			return {name, steps: w.steps.map(s => s.name), checks: w.checks.map(s => s.name), vars: w.vars, description: w.description ?? null, problem: null};
		} catch (error) {
			return {name, steps: [], checks: [], vars: {}, description: null, problem: (error as Error).message};
		}
	});
	if (p.flags.json) {
		print(JSON.stringify(rows));
		return 0;
	}
	if (rows.length === 0) print(`no workflows in ${path.join(root, CONFIG_FILE)}`);
	for (const r of rows) {
		if (r.problem) {
			print(`${r.name}: BROKEN ${r.problem}`);
			continue;
		}
		const vars = Object.entries(r.vars).map(([k, v]) => (v === null ? `${k} (required)` : `${k}=${v}`));
		print(`${r.name}: ${r.steps.join(' -> ')}${r.checks.length ? `; checks ${r.checks.join(', ')}` : ''}${vars.length ? `; vars ${vars.join(' ')}` : ''}${r.description ? ` - ${r.description}` : ''}`);
	}
	return 0;
}
