/**
 * Which parser a command gets, from its argv alone; kept apart from the parsers so `add` loads only this.
 *
 *   detectKind(['python3', '-m', 'pytest', '-x'])            → 'pytest'
 *   detectKind(['sh', '-c', 'cd api && uv run pytest -q'])    → 'pytest'
 *   detectKind(['python', 'extract.py', '--batch'])           → 'generic'
 */
import {patternsFor, type CompiledPattern} from './custom.js';
import type {ParserKind} from './types.js';

const SHELLS = /^(?:ba|z|da|k|fi)?sh$/;
const PYTHON = /^(?:python(?:\d+(?:\.\d+)?)?|pypy3?|py)$/;
const PYTEST = /^(?:pytest|py\.test)(?:-?3(?:\.\d+)?)?$/;
// Wrappers that run the rest of the line as a command, with the options that take a value.
const WRAPPERS: Record<string, string[]> = {
	env: ['-u', '--unset', '-C', '--chdir', '-S'], time: ['-f', '-o'], nice: ['-n'], nohup: [], exec: [], command: [],
	timeout: ['-s', '--signal', '-k', '--kill-after'], stdbuf: ['-i', '-o', '-e'], 'xvfb-run': ['-n', '-s', '-e', '-f', '-p'],
	uvx: ['--with', '--python', '-p', '--from'], sudo: ['-u', '-g'],
};
const RUNNERS = new Set(['uv', 'poetry', 'pdm', 'pipenv', 'hatch', 'rye', 'conda', 'mamba', 'micromamba', 'pixi', 'pipx']);
const RUNNER_VALUE_OPTIONS = new Set(['--with', '--python', '-p', '--extra', '--group', '--directory', '--project', '--env-file', '--package', '--index', '-w', '--with-requirements', '-n', '--name', '--prefix', '-e', '--environment']);

const basename = (word: string) => word.slice(word.lastIndexOf('/') + 1);

/**
 * Picks the parser kind for a command: `pytest` for pytest however it is started (directly,
 * `python -m pytest`, a venv path, `uv run` / `poetry run`, inside `sh -c '…'`), otherwise
 * `generic`. `tqdm` is never guessed; a custom pattern with a `kind` can force any kind.
 */
export function detectKind(argv: string[], patterns?: CompiledPattern[]): ParserKind {
	// Patterns see the command line as the job's views print it (quoted argv), or the inner
	// string of `sh -c '…'`; either matching is enough.
	const lines = [argv.map(quoteArg).join(' '), ...(shellStringOf(argv) ?? [])];
	for (const line of lines) for (const p of patternsFor(patterns, line)) if (p.kind) return p.kind;
	return commandsOf(argv).some(isPytest) ? 'pytest' : 'generic';
}

const quoteArg = (arg: string) => (/^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replaceAll("'", `'\\''`)}'`);

// The command string of `sh -c 'cmd'` (or a lone argv element holding a whole command).
function shellStringOf(argv: string[]): [string] | undefined {
	if (argv.length === 1 && /\s/.test(argv[0])) return [argv[0]];
	const shell = argv.length >= 3 && SHELLS.test(basename(argv[0]));
	const c = shell ? argv.findIndex((a, i) => i > 0 && /^-[a-z]*c[a-z]*$/.test(a)) : -1;
	return c > 0 && c + 1 < argv.length ? [argv[c + 1]] : undefined;
}

// Simple commands in an argv: the argv itself, or the pieces of a shell string.
function commandsOf(argv: string[]): string[][] {
	const inner = shellStringOf(argv);
	return inner ? splitShell(inner[0]) : [argv];
}

// Enough of shell syntax to find commands: quotes, and `&& || ; | ( ) newline` between commands.
function splitShell(text: string): string[][] {
	const commands: string[][] = [[]];
	for (const m of text.matchAll(/'([^']*)'|"((?:[^"\\]|\\.)*)"|(&&|\|\||[;|()\n])|((?:[^\s'"&|;()\\]|\\.)+)/g)) {
		if (m[3] !== undefined) commands.push([]);
		else commands[commands.length - 1].push(m[1] ?? m[2] ?? m[4]);
	}
	return commands.filter((c) => c.length > 0);
}

function isPytest(words: string[]): boolean {
	let i = 0;
	while (i < words.length) {
		const w = words[i];
		const head = basename(w);
		if (/^[A-Za-z_]\w*=/.test(w)) i++;
		else if (head in WRAPPERS) {
			const valued = WRAPPERS[head];
			i++;
			while (i < words.length && (words[i].startsWith('-') || /^[A-Za-z_]\w*=/.test(words[i]) || (head === 'timeout' && /^\d/.test(words[i])))) {
				i += valued.includes(words[i]) ? 2 : 1;
			}
		} else if (RUNNERS.has(head) && /^(?:run|exec)$/.test(words[i + 1] ?? '')) {
			i += 2;
			while (i < words.length && words[i].startsWith('-')) i += RUNNER_VALUE_OPTIONS.has(words[i]) ? 2 : 1;
		} else break;
	}
	const head = basename(words[i] ?? '');
	if (PYTEST.test(head)) return true;
	if (!PYTHON.test(head) && !(head === 'coverage' && words[i + 1] === 'run')) return false;
	// python [-u -B -X dev -W error …] -m pytest
	for (let j = i + 1; j < words.length; j++) {
		const w = words[j];
		if (w === '-m') return PYTEST.test(words[j + 1] ?? '');
		if (w.startsWith('-m')) return PYTEST.test(w.slice(2));
		if (!w.startsWith('-') && !(j === i + 1 && w === 'run')) return false;
		if (/^(?:-[XWc]|--rcfile|--source)$/.test(w)) j++;
	}
	return false;
}

