import fs from 'node:fs';
import nodeModule from 'node:module';
import path from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import {QueueEnv} from '../helpers/queue-env.js';

let env: QueueEnv;
afterEach(async () => env?.cleanup());

// Node 22.1+ keeps compiled code itself (module.enableCompileCache) and the command uses that instead.
const ownCache = !(nodeModule as {enableCompileCache?: unknown}).enableCompileCache;

/** The `queue-tui` command with its code cache in a private directory. */
async function status(cacheHome: string) {
	const r = await env.cli(['status'], {env: {XDG_CACHE_HOME: cacheHome}});
	expect([r.code, r.stderr]).toEqual([0, '']);
	expect(r.stdout).toMatch(/^queue /);
	return r;
}

function cacheFiles(cacheHome: string): string[] {
	const dir = path.join(cacheHome, 'queue-tui');
	return fs.existsSync(dir) ? fs.readdirSync(dir).map(f => path.join(dir, f)) : [];
}

describe.runIf(ownCache)('the command keeps V8\'s compiled code between runs (Node 20)', () => {
	it('writes it once, private, and uses it after: the same output either way', async () => {
		env = new QueueEnv();
		const cacheHome = path.join(env.dir, 'cache');
		const first = await status(cacheHome);
		const [file] = cacheFiles(cacheHome);
		expect(cacheFiles(cacheHome)).toHaveLength(1);
		expect(path.basename(file)).toMatch(/^main-\w+\.v8$/);
		expect(fs.statSync(file).mode & 0o777).toBe(0o600);
		expect(fs.statSync(path.dirname(file)).mode & 0o777).toBe(0o700);
		const before = fs.statSync(file);
		const second = await status(cacheHome);
		expect(second.stdout.replace(/\d\d:\d\d:\d\d/, '')).toBe(first.stdout.replace(/\d\d:\d\d:\d\d/, ''));
		// Accepted by V8: not written again.
		const after = fs.statSync(file);
		expect([after.ino, after.mtimeMs]).toEqual([before.ino, before.mtimeMs]);
	});

	it('a damaged cache, or one others could write, is not used and is replaced', async () => {
		env = new QueueEnv();
		const cacheHome = path.join(env.dir, 'cache');
		await status(cacheHome);
		const [file] = cacheFiles(cacheHome);
		fs.writeFileSync(file, Buffer.alloc(4096, 7));
		await status(cacheHome);
		expect(fs.readFileSync(file).equals(Buffer.alloc(4096, 7))).toBe(false);
		fs.chmodSync(file, 0o666);
		const open = fs.statSync(file).ino;
		await status(cacheHome);
		expect(fs.statSync(file).mode & 0o777).toBe(0o600);
		expect(fs.statSync(file).ino).not.toBe(open); // a new file, renamed over the one not trusted
	});

	it('a cache directory it cannot write costs nothing but the compile; QUEUE_TUI_NO_CODE_CACHE=1 writes none', async () => {
		env = new QueueEnv();
		const blocked = path.join(env.dir, 'blocked');
		fs.writeFileSync(blocked, 'a file where the directory would go');
		await status(blocked);
		const cacheHome = path.join(env.dir, 'cache');
		const r = await env.cli(['list'], {env: {XDG_CACHE_HOME: cacheHome, QUEUE_TUI_NO_CODE_CACHE: '1'}});
		expect([r.code, r.stderr]).toEqual([0, '']);
		expect(cacheFiles(cacheHome)).toEqual([]);
	});

	it('commands outside the bundle (ES modules) still load from a cached run, with exit codes intact', async () => {
		env = new QueueEnv();
		const cacheHome = path.join(env.dir, 'cache');
		await status(cacheHome);
		const bad = await env.cli(['init', 'vscode'], {env: {XDG_CACHE_HOME: cacheHome}});
		expect([bad.code, bad.stderr]).toEqual([2, "queue-tui: queue-tui init: say what to set up: 'queue-tui init claude'\n"]);
		const parse = await env.cli(['parse', '--kind', 'nonsense'], {env: {XDG_CACHE_HOME: cacheHome}});
		expect(parse.code).toBe(2);
		expect(parse.stderr.split('\n').filter(Boolean)).toHaveLength(1);
	});
});
