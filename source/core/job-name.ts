import path from 'node:path';
import type {Job} from './types.js';

const RUNNERS = new Set(['python', 'python3', 'node', 'bash', 'sh', 'uv', 'poetry', 'npx', 'pipenv', 'ruby', 'perl', 'env']);

/**
 * A short name for a job in one-line views: its label, `pytest`, or the script it runs
 * (`python3 x/extract_character.py …` → `extract_character`).
 */
export function jobName(job: Pick<Job, 'label' | 'kind' | 'argv' | 'shell'>, max = 18): string {
	if (job.label) return clip(job.label, max);
	if (job.kind === 'pytest') return 'pytest';
	const viaShell = job.shell || (/^(ba|da|z)?sh$/.test(path.basename(job.argv[0] ?? '')) && job.argv[1] === '-c');
	const words = viaShell ? (job.argv[2] ?? '').trim().split(/\s+/) : job.argv;
	let word = words[0] ?? '?';
	for (const w of words) {
		const base = path.basename(w);
		if (w.startsWith('-') || RUNNERS.has(base) || /^python\d/.test(base) || /=/.test(w)) continue;
		word = w;
		break;
	}
	return clip(path.basename(word).replace(/\.(py|sh|js|mjs|ts|rb|pl)$/, ''), max);
}

function clip(text: string, max: number): string {
	return text.length > max ? text.slice(0, max - 1) + '~' : text;
}
