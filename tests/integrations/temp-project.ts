/** Temp project directories for the installer tests, removed after each test. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterEach} from 'vitest';

const dirs: string[] = [];
afterEach(() => {
	for (const d of dirs.splice(0)) fs.rmSync(d, {recursive: true, force: true});
});

/** A fresh project root; `settings` (if given) is written to `.claude/<name>`. */
export function project(settings?: string, name = 'settings.local.json'): {root: string; file: string} {
	const root = fs.mkdtempSync(path.join(os.tmpdir(), 'qt-init-'));
	dirs.push(root);
	const file = path.join(root, '.claude', name);
	if (settings !== undefined) {
		fs.mkdirSync(path.dirname(file), {recursive: true});
		fs.writeFileSync(file, settings);
	}
	return {root, file};
}

/** Every path under `dir`, relative, sorted: for "nothing changed" and "no temp file left" checks. */
export function tree(dir: string): string[] {
	return (fs.readdirSync(dir, {recursive: true}) as string[]).sort();
}

/** Backups of `file` in its directory. */
export const backups = (file: string): string[] =>
	fs.existsSync(path.dirname(file)) ? fs.readdirSync(path.dirname(file)).filter(n => n.startsWith(path.basename(file) + '.bak-')) : [];
