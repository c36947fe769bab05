#!/usr/bin/env node
/**
 * The `queue-tui` command. It runs dist/queue-tui-main.cjs (the CLI bundled into one CommonJS file,
 * see scripts/bundle-cli.js) with V8's compiled code kept between runs, so a short command like
 * `add`, `status` or a hook does not parse and compile its code afresh each time.
 *
 * Node 22.1+ keeps that code itself (`module.enableCompileCache`). On Node 20 the bundle is run as a
 * `vm.Script` given the code V8 produced on an earlier run, kept in the user's own cache directory
 * (never a shared one: the file is code this process will run). Any problem with the cache (none
 * yet, rejected by a different Node, unreadable, unwritable) only costs the compile it would save.
 */
import fs = require('node:fs');
import nodeModule = require('node:module');
import path = require('node:path');
import vm = require('node:vm');

const MAIN = path.join(__dirname, 'queue-tui-main.cjs');

function cacheDir(): string {
	const base = process.env.XDG_CACHE_HOME && path.isAbsolute(process.env.XDG_CACHE_HOME) ? process.env.XDG_CACHE_HOME : path.join(process.env.HOME || (require('node:os') as typeof import('node:os')).homedir(), '.cache');
	return path.join(base, 'queue-tui');
}

/** The cache file for this bundle, this Node and this machine's V8 flags: any change is a new name. */
function cacheFile(stat: fs.Stats): string {
	const key = [process.version, process.arch, MAIN, stat.size, stat.mtimeMs, process.execArgv.join(' ')].join('\0');
	let h = 0x811c9dc5; // FNV-1a: enough to tell versions apart (V8 checks the source itself)
	for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193) >>> 0;
	return path.join(cacheDir(), `main-${h.toString(16)}.v8`);
}

/** The cached code, only from a file this user owns that nobody else can write. */
function readCache(file: string): Buffer | undefined {
	let fd: number | undefined;
	try {
		fd = fs.openSync(file, fs.constants.O_RDONLY | fs.constants.O_NOFOLLOW);
		const st = fs.fstatSync(fd);
		if (!st.isFile() || (typeof process.getuid === 'function' && st.uid !== process.getuid()) || (st.mode & 0o022) !== 0) return undefined;
		return fs.readFileSync(fd);
	} catch {
		return undefined;
	} finally {
		if (fd !== undefined) fs.closeSync(fd);
	}
}

function writeCache(file: string, data: Buffer): void {
	const dir = path.dirname(file);
	const tmp = `${file}.${process.pid}.tmp`;
	try {
		fs.mkdirSync(dir, {recursive: true, mode: 0o700});
		fs.writeFileSync(tmp, data, {mode: 0o600, flag: 'wx'});
		fs.renameSync(tmp, file);
	} catch {
		// A read-only or full home: the next run compiles again, nothing else changes.
		try {
			fs.rmSync(tmp, {force: true});
		} catch {}
		return;
	}
	// A new cache is written when queue-tui or Node changed: those of versions unused for a month go,
	// and temp files a killed command left.
	try {
		for (const name of fs.readdirSync(dir)) {
			const other = path.join(dir, name);
			if (other !== file && /^main-\w+\.v8(\.\d+\.tmp)?$/.test(name) && Date.now() - fs.statSync(other).mtimeMs > (name.endsWith('.tmp') ? 86_400_000 : 30 * 86_400_000)) fs.rmSync(other, {force: true});
		}
	} catch {}
}

function runCached(): void {
	let file: string | undefined;
	try {
		file = cacheFile(fs.statSync(MAIN));
	} catch {
		// No home directory to keep a cache in: run without one.
	}
	const cachedData = file === undefined ? undefined : readCache(file);
	const script = new vm.Script(nodeModule.wrap(fs.readFileSync(MAIN, 'utf8')), {filename: MAIN, cachedData});
	// Code from a vm.Script cannot call import() on Node 20 (and with a code cache, not even with
	// vm's experimental loader option): the bundle reaches the ES-module commands (the TUI, the
	// runner, the dashboard) through this file's own import().
	(globalThis as Record<symbol, unknown>)[Symbol.for('queue-tui.import')] = (url: string) => import(url);
	if (file !== undefined && (cachedData === undefined || script.cachedDataRejected)) {
		// Taken at exit, the code includes the functions this run compiled, not only the top level.
		const to = file;
		process.once('exit', () => writeCache(to, script.createCachedData()));
	}
	// A real module object, in require's cache like any required file.
	const Mod = nodeModule as unknown as {new (id: string, parent: NodeModule): NodeModule; _cache: Record<string, NodeModule>};
	const mod = new Mod(MAIN, module);
	mod.filename = MAIN;
	mod.paths = module.paths;
	Mod._cache[MAIN] = mod;
	const run = script.runInThisContext() as (e: object, r: NodeJS.Require, m: object, f: string, d: string) => void;
	run.call(mod.exports, mod.exports, nodeModule.createRequire(MAIN), mod, MAIN, __dirname);
	mod.loaded = true;
}

const withCompileCache = nodeModule as {enableCompileCache?: () => unknown};
if (withCompileCache.enableCompileCache || process.env.QUEUE_TUI_NO_CODE_CACHE) {
	withCompileCache.enableCompileCache?.();
	require(MAIN);
} else {
	runCached();
}
