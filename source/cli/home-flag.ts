import fs from 'node:fs';
import path from 'node:path';
import {UsageError} from '../core/errors.js';

/**
 * `--home` names a directory (made if missing): one pointing at a file, or under one, is a
 * mistake said in those words before any command runs, rather than as an errno later.
 */
export function checkHomeFlag(home: string): void {
	let dir = path.resolve(home);
	while (!fs.existsSync(dir) && path.dirname(dir) !== dir) dir = path.dirname(dir);
	if (fs.statSync(dir).isDirectory()) return;
	throw new UsageError(dir === path.resolve(home) ? `--home ${home} is a file, not a directory` : `--home ${home} is under ${dir}, which is a file`);
}
