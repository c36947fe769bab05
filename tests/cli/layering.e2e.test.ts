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

	it('the fast paths (add, status, list, wait, run) load no Ink, React or the web dashboard', async () => {
		env = new QueueEnv();
		const record = path.resolve('tests/helpers/record-imports.mjs');
		const runs: string[][] = [['add', '--', 'true'], ['status'], ['list'], ['wait', '1'], ['run', '--', 'true']];
		for (const args of runs) {
			const file = path.join(env.dir, `imports-${args[0]}.txt`);
			const r = await env.cli(args, {env: {QTUI_IMPORTS: file, NODE_OPTIONS: `--import=${record}`}});
			expect(r.code, r.stderr).toBe(0);
			const specs = fs.readFileSync(file, 'utf8').split('\n');
			expect(specs.some(s => s.includes('queue-open.js')), args[0]).toBe(true);
			expect(specs.filter(s => /^(ink|react|ink-spinner)$|\/ui\/|\/serve\/|^playwright/.test(s)), args[0]).toEqual([]);
			// execa (~120 modules) is the runner's: a command that only reads or queues never loads it.
			if (args[0] !== 'run') expect(specs.filter(s => /^execa$/.test(s)), args[0]).toEqual([]);
		}
	});
});
