import fs from 'node:fs';
import path from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import {QueueEnv} from '../helpers/queue-env.js';

let env: QueueEnv;
afterEach(async () => env?.cleanup());

function sourceFiles(dir: string): string[] {
	return fs.readdirSync(dir, {withFileTypes: true}).flatMap(e => (e.isDirectory() ? sourceFiles(path.join(dir, e.name)) : [path.join(dir, e.name)]));
}

describe('layering', () => {
	it('core never imports Ink, React or the UI', () => {
		for (const file of sourceFiles('source/core')) {
			const text = fs.readFileSync(file, 'utf8');
			expect(text, file).not.toMatch(/from '(ink|react|ink-spinner|ink-testing-library)'/);
			expect(text, file).not.toMatch(/from '\.\.\/(ui|view|cli)\//);
		}
	});

	it('core never imports the web dashboard', () => {
		for (const file of sourceFiles('source/core')) expect(fs.readFileSync(file, 'utf8'), file).not.toMatch(/from '\.\.\/serve\//);
	});

	it('the fast paths (add, status, list, wait, run) run from the bundle: no ES module of ours, no Ink, React or dashboard', async () => {
		env = new QueueEnv();
		const record = path.resolve('tests/helpers/record-imports.mjs');
		const runs: string[][] = [['add', '--', 'true'], ['status'], ['list'], ['wait', '1'], ['run', '--', 'true']];
		for (const args of runs) {
			const file = path.join(env.dir, `imports-${args[0]}.txt`);
			const r = await env.cli(args, {env: {QTUI_IMPORTS: file, NODE_OPTIONS: `--import=${record}`}});
			expect(r.code, r.stderr).toBe(0);
			const loaded = fs.readFileSync(file, 'utf8').split('\n');
			expect(loaded.some(s => s.endsWith('dist/queue-tui-main.cjs')), args[0]).toBe(true);
			expect(loaded.filter(s => s.includes('better_sqlite3.node')), args[0]).toHaveLength(1); // the recording sees the database opened
			expect(loaded.filter(s => /\/source\/|^(ink|react|ink-spinner|execa)$|node_modules\/(ink|react|execa)\/|^playwright/.test(s)), args[0]).toEqual([]);
		}
	});

	it('the bundle holds no Ink, React, execa, UI or dashboard code', () => {
		const meta = JSON.parse(fs.readFileSync('dist/queue-tui-main.meta.json', 'utf8')) as {inputs: Record<string, unknown>};
		const inputs = Object.keys(meta.inputs);
		expect(inputs.some(i => i.endsWith('dist/source/cli/commands/add.js'))).toBe(true);
		expect(inputs.filter(i => /node_modules\/(ink|react|ink-spinner|execa|yoga-layout)\/|dist\/source\/(ui|view|serve)\/|headless\.js/.test(i))).toEqual([]);
	});

	it('the runner\'s own entry (dist/cli.js, ES modules) loads no Ink or React for `add`', async () => {
		env = new QueueEnv();
		const record = path.resolve('tests/helpers/record-imports.mjs');
		const file = path.join(env.dir, 'imports-esm.txt');
		const r = await env.cli(['add', '--no-start', '--', 'true'], {entry: 'dist/cli.js', env: {QTUI_IMPORTS: file, NODE_OPTIONS: `--import=${record}`}});
		expect(r.code, r.stderr).toBe(0);
		const specs = fs.readFileSync(file, 'utf8').split('\n');
		expect(specs.some(s => s.includes('queue-open.js'))).toBe(true);
		expect(specs.filter(s => /^(ink|react|ink-spinner|execa)$|\/ui\/|\/serve\/|^playwright/.test(s))).toEqual([]);
	});
});
