import path from 'node:path';
import {cut} from './text.js';
import type {Job} from './types.js';

// A label may come along (callers pass whole jobs); the name never uses it.
type Named = Pick<Job, 'name' | 'kind' | 'argv' | 'shell' | 'label'>;

const RUNNERS = new Set(['python', 'python3', 'node', 'bash', 'sh', 'uv', 'poetry', 'npx', 'pipenv', 'ruby', 'perl', 'env']);
// A runner given its program inline (`python3 -c '…'`, `node -e '…'`): the code is no name.
const INLINE = new Set(['-c', '-e', '--eval']);

/**
 * What a person would call the job, as one-line views show it: the `--name` it was given, else
 * `pytest` and its target (`pytest tests/unit` → `pytest unit`), the script it runs (`python3 x/extract.py …` →
 * `extract`), or the runner and its inline flag (`python3 -c`). Never its label (see jobTitle).
 */
export function jobName(job: Named, max = 18): string {
	if (job.name) return cut(job.name, max);
	const viaShell = job.shell || (/^(ba|da|z)?sh$/.test(path.basename(job.argv[0] ?? '')) && job.argv[1] === '-c');
	const words = viaShell ? (job.argv[2] ?? '').trim().split(/\s+/) : job.argv;
	if (job.kind === 'pytest') return cut(pytestName(words), max);
	let word = words[0] ?? '?';
	for (let i = 0; i < words.length; i++) {
		const w = words[i];
		const base = path.basename(w);
		if (INLINE.has(w) && i > 0) return cut(`${path.basename(words[i - 1])} ${w}`, max);
		if (w.startsWith('-') || RUNNERS.has(base) || /^python\d/.test(base) || /=/.test(w)) continue;
		word = w;
		break;
	}
	return cut(path.basename(word).replace(/\.(py|sh|js|mjs|ts|rb|pl)$/, ''), max);
}

/** `pytest` and the first path it was given (`tests/test_io.py::test_x` → `pytest test_io`). */
function pytestName(words: string[]): string {
	const at = words.findIndex(w => /(^|\/)(py\.?test|pytest)$/.test(w));
	for (let i = at + 1; at >= 0 && i < words.length; i++) {
		const w = words[i];
		if (w.startsWith('-') || /=/.test(w)) continue;
		// A flag's value (`-k expr`, `-n 4`) is not a target; a target names a file or directory.
		if (!/[/.]/.test(w) && !/^tests?$/.test(w)) continue;
		const target = path.basename(w.split('::')[0].replace(/\/+$/, '')).replace(/\.py$/, '');
		// `tests` is where every suite lives: only a narrower target says something.
		return /^tests?$/.test(target) || target === '.' ? 'pytest' : `pytest ${target}`;
	}
	return 'pytest';
}

/** The name and, beside it, the label (`pytest unit [QUAL-044]`): two jobs of one task stay apart. */
export function jobTitle(job: Named, max = 18): string {
	const name = jobName(job, max);
	return job.label ? `${name} [${cut(job.label, max)}]` : name;
}
