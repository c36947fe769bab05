import fs from 'node:fs';
import path from 'node:path';
import {crypto} from './node-lazy.js';
import {git, gitTop, nearestGitTop, realDir} from './snapshot.js';
import type {TreeState} from './types.js';

/**
 * HEAD, dirtiness and a fingerprint of the changes (status entries plus each changed path's size
 * and mtime), without writing anything to the repository. Undefined outside git.
 *
 * Every `add` in a repository records this, so it costs one `git status` (porcelain v2 names HEAD
 * in its `# branch.oid` header) and no `rev-parse`: the top level is the nearest directory holding
 * a `.git` entry, as git finds it, unless GIT_DIR or GIT_WORK_TREE say otherwise (then git is asked).
 */
export function recordTree(cwd: string): TreeState | undefined {
	const top = process.env.GIT_DIR === undefined && process.env.GIT_WORK_TREE === undefined ? nearestGitTop(cwd) : gitTop(cwd);
	if (!top) return undefined;
	let out: string;
	try {
		out = git(top, ['status', '--porcelain=v2', '-z', '--branch', '--untracked-files=normal', '--ignore-submodules=dirty']);
	} catch {
		return undefined; // not a repository after all (a stray `.git`, another user's, across a mount)
	}
	const {commit, entries} = parseStatusV2(out);
	const hash = crypto().createHash('sha1').update(`${commit}\0${entries.map(e => e.line).join('\0')}`);
	for (const {file} of entries) {
		try {
			const st = fs.lstatSync(path.join(top, file));
			hash.update(`${st.size}:${st.mtimeMs}`);
		} catch {
			hash.update('gone');
		}
	}
	return {commit, dirty: entries.length > 0, fingerprint: hash.digest('hex').slice(0, 16), top, rel: path.relative(top, realDir(cwd))};
}

/** `git status --porcelain=v2 -z --branch`: HEAD (null before the first commit) and the changed paths. */
export function parseStatusV2(out: string): {commit: string | null; entries: {line: string; file: string}[]} {
	let commit: string | null = null;
	const entries: {line: string; file: string}[] = [];
	const records = out.split('\0');
	for (let i = 0; i < records.length; i++) {
		const line = records[i];
		if (line.startsWith('# branch.oid ')) {
			const oid = line.slice('# branch.oid '.length);
			commit = /^[0-9a-f]{7,}$/.test(oid) ? oid : null;
			continue;
		}
		// The fields before the path: 8 for a change, 9 for a rename or copy (its old path is the
		// next record), 10 for a conflict, 1 for untracked or ignored.
		const before = {'1': 8, '2': 9, u: 10, '?': 1, '!': 1}[line[0] as '1' | '2' | 'u' | '?' | '!'];
		if (before === undefined || line[1] !== ' ') continue;
		entries.push({line, file: afterFields(line, before)});
		if (line[0] === '2') i++;
	}
	return {commit, entries};
}

/** The text after the first `n` space-separated fields (a path may hold spaces itself). */
function afterFields(line: string, n: number): string {
	let at = 0;
	for (let k = 0; k < n; k++) at = line.indexOf(' ', at) + 1;
	return line.slice(at);
}
