// Shared by the parser tests: run a real command, split a log at random places.
import {spawn, spawnSync} from 'node:child_process';
import {createParser} from '../../../source/core/parsers/index.js';
import type {ParserKind, Progress} from '../../../source/core/parsers/types.js';

export interface Run {
	/** stdout and stderr as they arrived, interleaved. */
	output: Buffer;
	code: number | null;
}

/** Runs a command and collects its output bytes (no shell, no terminal: like a queued job). */
export function run(argv: string[], options: {cwd?: string; env?: NodeJS.ProcessEnv} = {}): Promise<Run> {
	return new Promise((resolve, reject) => {
		const child = spawn(argv[0], argv.slice(1), {cwd: options.cwd, env: {...process.env, ...options.env}});
		const chunks: Buffer[] = [];
		child.stdout.on('data', (c: Buffer) => chunks.push(c));
		child.stderr.on('data', (c: Buffer) => chunks.push(c));
		child.on('error', reject);
		child.on('close', (code) => resolve({output: Buffer.concat(chunks), code}));
	});
}

/** True when `/usr/bin/python3 -c code` exits 0. */
export function pythonCan(code: string, python = '/usr/bin/python3'): boolean {
	try {
		return spawnSync(python, ['-c', code], {stdio: 'ignore'}).status === 0;
	} catch {
		return false;
	}
}

/** A small seeded PRNG (mulberry32), so a failing split can be reproduced. */
export function rng(seed: number): () => number {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

/** Cuts bytes at random places: many tiny pieces and a few large ones. */
export function randomSplit(data: Uint8Array, seed: number): Uint8Array[] {
	const next = rng(seed);
	const parts: Uint8Array[] = [];
	let i = 0;
	while (i < data.length) {
		const r = next();
		const size = r < 0.5 ? 1 + Math.floor(next() * 4) : r < 0.9 ? 1 + Math.floor(next() * 64) : 1 + Math.floor(next() * 4096);
		parts.push(data.subarray(i, i + size));
		i += size;
	}
	return parts;
}

/** Feeds chunks one by one (the live path) and returns the final snapshot. */
export function feedAll(chunks: Uint8Array[], kind: ParserKind): Progress {
	const parser = createParser(kind);
	for (const c of chunks) parser.feed(c);
	parser.end();
	return parser.snapshot();
}
