import {describe, expect, it} from 'vitest';
import {parseWorkflow, previousMain} from '../../../source/core/flows/definition.js';
import {fillPlaceholders, placeholderNames} from '../../../source/core/flows/placeholders.js';
import {resolveFlow} from '../../../source/core/flows/resolve.js';
import {quoteArg} from '../../../source/core/types.js';
import {BAD_WORKFLOWS} from './bad-workflows.js';

const QUALITY = {
	vars: {input: 'in/', model: null},
	steps: [
		{name: 'unit', run: ['python3', '-m', 'pytest', 'tests/unit', '-q']},
		{name: 'extract', run: ['python3', 'extract.py', '{input}', '-o', 'workspace/{label}/', '--model', '{model}'], timeout: '2h'},
		{name: 'diag', shell: 'echo {label} > diag.txt', when: 'if-failed'},
		{name: 'report', run: ['python3', 'report.py', '{label}', '{date}'], when: 'after-any'},
	],
	checks: [{name: 'outputs', shell: 'test $(ls workspace/{label}/*.png | wc -l) -ge 1'}],
};

const input = (sets: Array<[string, string]>, label?: string) => ({label, sets, now: new Date(2026, 10, 28, 9).getTime(), root: '/proj', config: {patterns: []}});

describe('workflow definitions', () => {
	it('parses steps, checks, conditions and defaults', () => {
		const w = parseWorkflow('quality', QUALITY, '.queue-tui.json');
		expect(w.steps.map(s => s.when)).toEqual(['after', 'after', 'if-failed', 'after-any']);
		expect(w.steps[1].timeoutMs).toBe(7_200_000);
		expect(w.checks[0].shell).toContain('{label}');
		// A diagnostics step is a side branch: the step after it follows the main line.
		expect([0, 1, 2, 3].map(i => previousMain(w.steps, i))).toEqual([undefined, 0, 1, 1]);
	});

	it('a workflow may run on the tree as it was queued ("snapshot": true) and give a step GPUs', () => {
		const w = parseWorkflow('gpu', {snapshot: true, steps: [{name: 'prep', run: ['x']}, {name: 'train', run: ['y'], gpus: 2}]}, '.queue-tui.json');
		expect(w.snapshot).toBe(true);
		const r = resolveFlow(w, input([]));
		expect(r.snapshot).toBe(true);
		expect(r.commands.map(c => c.gpus)).toEqual([undefined, 2]);
		expect(parseWorkflow('q', QUALITY, '.queue-tui.json').snapshot).toBe(false);
	});

	it.each(BAD_WORKFLOWS)('refuses %j', (raw, message) => {
		expect(() => parseWorkflow('q', raw, '.queue-tui.json')).toThrow(message);
	});

	it('placeholders: {{ }} are braces, ${…} belongs to the shell, shell values are quoted', () => {
		expect(placeholderNames('a {x} {{y}} ${HOME} {z-1}')).toEqual(['x', 'z-1']);
		expect(fillPlaceholders('{{x}} {x} ${HOME}', {x: 'v'})).toBe('{x} v ${HOME}');
		expect(fillPlaceholders('ls ws/{x}/*.png', {x: "it's 日本"}, quoteArg)).toBe(`ls ws/'it'\\''s 日本'/*.png`);
	});

	it('resolves values: defaults, --set, {label}, {date}; all or nothing', () => {
		const w = parseWorkflow('quality', QUALITY, 'f');
		const r = resolveFlow(w, input([['model', 'v2'], ['input', '/data/kiri dir/']], 'QUAL 044'));
		expect(r.vars).toEqual({date: '2026-11-28', input: '/data/kiri dir/', model: 'v2'});
		expect(r.commands[1].spec.argv).toEqual(['python3', 'extract.py', '/data/kiri dir/', '-o', 'workspace/QUAL 044/', '--model', 'v2']);
		expect(r.commands[2].spec.argv).toEqual(['sh', '-c', "echo 'QUAL 044' > diag.txt"]);
		expect(r.commands[3].spec.argv.slice(2)).toEqual(['QUAL 044', '2026-11-28']);
		expect(r.commands[0].spec).toMatchObject({kind: 'pytest', maxRetries: 2, cwd: '/proj', label: 'QUAL 044'});
		expect(r.commands[4]).toMatchObject({role: 'check', when: 'after-any', spec: {maxRetries: 0}});
		expect(() => resolveFlow(w, input([['model', 'v2']]))).toThrow(/uses \{label\}: give --label/);
		expect(() => resolveFlow(w, input([], 'L'))).toThrow(/needs a value for \{model\}: --set model=VALUE/);
		expect(() => resolveFlow(w, input([['model', 'x'], ['modle', 'y']], 'L'))).toThrow(/--set modle: workflow 'quality' has no variable 'modle' \(its variables: input, model\)/);
	});
});
