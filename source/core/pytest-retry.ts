/**
 * pytest retries: re-run only what failed, and tell flaky tests from failing ones afterwards.
 *
 *   retryArgv(['pytest', 'tests/'], false, last)                  → ['pytest', '--lf', 'tests/']
 *   retryArgv(['sh', '-c', 'cd api && pytest -q | tee o'], true, last)
 *                                                                 → ['sh', '-c', 'cd api && pytest --lf -q | tee o']
 *   retryArgv(['pytest', '-p', 'no:cacheprovider', 'tests/'], …)  → ['pytest', 'tests/a.py::t', '-p', 'no:cacheprovider']
 *
 * A full re-run is always correct, only slower; so whenever the command or the last run is
 * not fully understood, the answer is `undefined` (run the original command again).
 */
import {commandWords, type Word} from './report-shell.js';
import type {Progress} from './parsers/types.js';
import type {Store} from './store.js';
import type {Job} from './types.js';

export {mergeAttempts, type MergedOutcome} from './report-merge.js';

const PYTEST = /^(?:pytest|py\.test)(?:-?3(?:\.\d+)?)?$/;
const PYTHON = /^(?:python(?:\d+(?:\.\d+)?)?|pypy3?|py|coverage)$/;
// Words that may come before pytest in a command (`timeout 600 uv run python -m pytest`),
// shell keywords included (`if …; then pytest; fi`: the edit stays inside the `then` part).
const LAUNCHERS = new Set(['env', 'exec', 'command', 'nohup', 'time', 'nice', 'timeout', 'stdbuf', 'xvfb-run', 'sudo', 'uv', 'uvx',
	'poetry', 'pdm', 'pipenv', 'hatch', 'rye', 'conda', 'mamba', 'micromamba', 'pixi', 'pipx', 'run', '!', '{', '}', 'then', 'do', 'else']);
// pytest (and common plugin) options followed by a separate value, and those with an optional one.
const LONG_VALUE = new Set(('maxfail rootdir basetemp confcutdir deselect ignore ignore-glob junitxml junit-xml junit-prefix durations ' +
	'durations-min tb capture color code-highlight log-level log-format log-date-format log-file log-file-level log-file-format ' +
	'log-file-date-format log-cli-level log-cli-format log-cli-date-format log-disable import-mode override-ini dist maxprocesses ' +
	'numprocesses tx rsyncdir timeout timeout-method lfnf last-failed-no-failures cov-report cov-config cov-fail-under doctest-glob ' +
	'doctest-report report-log html css reruns reruns-delay only-rerun randomly-seed hypothesis-seed hypothesis-profile config-file ' +
	'pythonwarnings pdbcls').split(' ').map((o) => `--${o}`));
const LONG_OPTIONAL = new Set(['--cov', '--debug', '--cache-show']);
const LONG_FLAG = new Set(('verbose quiet exitfirst lf last-failed ff failed-first nf new-first sw stepwise stepwise-skip ' +
	'strict-markers strict-config strict showlocals no-header no-summary disable-warnings disable-pytest-warnings pdb trace ' +
	'collect-only co setup-only setup-show setup-plan runxfail full-trace doctest-modules continue-on-collection-errors no-cov ' +
	'cov-append benchmark-skip benchmark-disable looponfail forked force-short-summary no-showlocals cache-clear').split(' ').map((o) => `--${o}`));
const SHORT_VALUE = 'kmpcoWrn';
const SHORT_FLAG = 'vqsxlhdfV';

/**
 * The argv for the next attempt of a pytest job: only the tests that failed in `last`.
 * `argv` is the job's own command (not a previous retry's), `shell` whether it is `sh -c CMD`.
 * Appends `--lf` (pytest's last-failed cache) right after the pytest word, or, when the command
 * disables or clears the cache, replaces its test paths with the failed node ids. Returns
 * undefined when a full re-run is right: nothing failed, the run did not finish cleanly
 * (collection/internal/usage error, interruption, `-x` stop, crash, timeout), or the command
 * is not understood well enough to edit safely.
 */
export function retryArgv(argv: string[], shell: boolean, last: Progress | undefined): string[] | undefined {
	if (!rerunnable(last)) return undefined;
	const c = shell ? 1 : scriptFlag(argv);
	if (c >= 0) {
		const script = argv[c + 1];
		if (script === undefined) return undefined;
		const words = commandWords(script);
		const edit = words && planEdit(words, last, true);
		if (!edit) return undefined;
		let text = script;
		// Right to left, so earlier offsets stay valid.
		for (const w of [...edit.remove].reverse()) text = text.slice(0, w.before) + text.slice(w.end);
		text = text.slice(0, edit.at.end) + edit.insert.map((a) => ' ' + shellQuote(a)).join('') + text.slice(edit.at.end);
		return argv.map((a, i) => (i === c + 1 ? text : a));
	}
	const words: Word[][] = [argv.map((text, i) => ({text, before: i, start: i, end: i + 1, expands: false}))];
	const edit = planEdit(words, last, false);
	if (!edit) return undefined;
	const removed = new Set(edit.remove.map((w) => w.start));
	const out: string[] = [];
	argv.forEach((a, i) => {
		if (!removed.has(i)) out.push(a);
		if (i === edit.at.start) out.push(...edit.insert);
	});
	return out;
}

/** A run worth a failures-only retry: it finished with test failures and nothing unusual. */
function rerunnable(p: Progress | undefined): p is Progress {
	// Any note (collection errors, internal error, interrupted, stopped after N, usage `ERROR:`,
	// worker crashed) means tests were never run or never judged: only a full run is honest.
	return !!p && p.kind === 'pytest' && (p.summaryLine !== undefined || finishedQuietly(p)) && !p.note && p.counts.failed + p.counts.errors > 0;
}

/**
 * A `-qq` run prints no final counts line, but still its `[100%]` marker and (by pytest's default
 * `-rfE`, 7 and 9 alike) a short summary with each failed id: it finished when both were seen
 * (FAILURES headers alone give names, not ids; a summary cut short gives fewer ids than failures).
 */
function finishedQuietly(p: Progress): boolean {
	return p.phase === 'summary' && p.percent === 100 && p.total !== undefined && p.done === p.total && failedIds(p) !== undefined;
}

/** `bash -lc 'pytest …'` given as a plain argv: the index of the `-c` flag, or -1. */
function scriptFlag(argv: string[]): number {
	if (argv.length < 3 || !/^(?:ba|z|da|k)?sh$/.test(basename(argv[0]))) return -1;
	return argv.findIndex((a, i) => i > 0 && /^-[a-z]*c[a-z]*$/.test(a));
}

interface Edit {
	/** The pytest word: the new arguments go right after it (before any `--`, pipe or comment). */
	at: Word;
	insert: string[];
	remove: Word[];
}

function planEdit(commands: Word[][], last: Progress, inShell: boolean): Edit | undefined {
	const found = commands.map((words) => ({words, at: pytestWord(words.map((w) => w.text))})).filter((c) => c.at >= 0);
	// Two pytest sessions in one command: which one a retry should narrow is anyone's guess.
	if (found.length !== 1) return undefined;
	const {words, at} = found[0];
	const args = words.slice(at + 1);
	const texts = args.map((w) => w.text);
	const noCache = texts.includes('--cache-clear') || texts.some((t, i) => (t === '-p' ? texts[i + 1] : t.startsWith('-p') ? t.slice(2) : '') === 'no:cacheprovider');
	const hasLf = texts.some((t) => t === '--lf' || t === '--last-failed');
	if (!noCache) return hasLf ? {at: words[at], insert: [], remove: []} : {at: words[at], insert: ['--lf'], remove: []};
	if (hasLf) return undefined;
	const ids = failedIds(last);
	const paths = ids && positionals(args, inShell);
	return paths ? {at: words[at], insert: ids, remove: paths} : undefined;
}

/** Index of the word that starts pytest in one simple command, or -1. */
function pytestWord(words: string[]): number {
	for (let i = 0; i < words.length; i++) {
		const w = words[i];
		const prev = words[i - 1] ?? '';
		// An option's value (`uv run --with pytest …`) is not the command.
		const isValue = prev.startsWith('-') && prev !== '-m' && prev !== '--' && !prev.includes('=');
		if (w === '-mpytest' || (!isValue && (PYTEST.test(basename(w)) || (prev === '-m' && w === 'pytest')))) return i;
		const prefix = isValue || w.startsWith('-') || /^[A-Za-z_]\w*=/.test(w) || /^\d+[smhd]?$/.test(w) || LAUNCHERS.has(basename(w)) || PYTHON.test(basename(w));
		if (!prefix) return -1;
	}
	return -1;
}

/** The failed node ids, when they are complete and safe to pass as arguments. */
function failedIds(p: Progress): string[] | undefined {
	if (p.failures.length < p.counts.failed + p.counts.errors) return undefined;
	const ids = [...new Set(p.failures.map((f) => f.id))];
	// Output is untrusted: an "id" starting with `-` would be read as an option.
	return ids.every((id) => id.includes('::') && !/^-|[\x00-\x1f\x7f]/.test(id)) ? ids : undefined;
}

/** pytest's positional arguments (test paths) among `args`, or undefined when unsure. */
function positionals(args: Word[], inShell: boolean): Word[] | undefined {
	const out: Word[] = [];
	for (let i = 0; i < args.length; i++) {
		const {text} = args[i];
		if (inShell && args[i].expands && !text.includes('=')) return undefined; // `$ARGS` could be anything
		if (text === '--') return [...out, ...args.slice(i + 1)];
		if (text.startsWith('--')) {
			if (text.includes('=') || LONG_FLAG.has(text)) continue;
			if (LONG_VALUE.has(text)) i++;
			else if (LONG_OPTIONAL.has(text)) i += args[i + 1]?.text.startsWith('-') === false ? 1 : 0;
			else return undefined;
		} else if (text.startsWith('-') && text.length > 1) {
			for (let j = 1; j < text.length; j++) {
				if (SHORT_VALUE.includes(text[j])) {
					if (j === text.length - 1) i++;
					break;
				}
				if (!SHORT_FLAG.includes(text[j])) return undefined;
			}
		} else out.push(args[i]);
	}
	return out;
}

function shellQuote(arg: string): string {
	return /^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replaceAll("'", `'\\''`)}'`;
}

function basename(word: string): string {
	return word.slice(word.lastIndexOf('/') + 1);
}

/** The argv of a job's next attempt: a pytest retry re-runs only the tests that failed in the last counted attempt; anything else runs as queued. */
export function attemptArgv(store: Store, job: Job): string[] {
	if (job.kind !== 'pytest' || job.attempt <= 1) return job.argv;
	const last = store.attempts(job.id).filter(a => a.counts && a.finishedAt).at(-1);
	if (!last || (last.state !== 'failed' && last.state !== 'timed_out')) return job.argv;
	return retryArgv(job.argv, job.shell, last.progress) ?? job.argv;
}
