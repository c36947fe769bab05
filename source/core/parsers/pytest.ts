/**
 * pytest output → progress. Sample lines (escapes already stripped by the text stream):
 *
 *   collected 267 items / 3 deselected / 264 selected        total
 *   tests/test_io.py .F.sxX                     [ 12%]       default mode (letters arrive live)
 *   .FEsxX.F..F                                 [100%]       -q
 *   tests/test_io.py::test_rt[1] PASSED         [ 50%]       -v / -vv
 *   [gw0] [ 50%] PASSED tests/test_io.py::test_rt[1]         pytest-xdist -v; `gw0 [11] / gw1 [11]`
 *   ____ TestC.test_m ____ / E   assert 0 / tests/x.py:3: AssertionError     FAILURES section
 *   FAILED tests/x.py::TestC::test_m - assert 0              short test summary (authoritative)
 *   !!!!!!!!!! stopping after 1 failures !!!!!!!!!!          -x / --maxfail
 *   ===== 3 failed, 264 passed, 2 skipped in 12.34s =====    final counts (authoritative)
 */
import {PytestFailures} from './pytest-failures.js';
import {leadingId} from './pytest-nodeid.js';
import type {SegmentRules} from './text-stream.js';
import type {Progress, PytestCounts} from './types.js';

type CountKey = keyof PytestCounts;
const LETTERS: Record<string, CountKey> = {'.': 'passed', F: 'failed', E: 'errors', s: 'skipped', x: 'xfailed', X: 'xpassed'};
// A Map, not an object: a test id ending in ` constructor` must not look like an outcome.
const WORDS = new Map<string, CountKey>(Object.entries({
	PASSED: 'passed', FAILED: 'failed', ERROR: 'errors', SKIPPED: 'skipped', XFAIL: 'xfailed', XPASS: 'xpassed',
}) as [string, CountKey][]);
// `u` and `,` are subtest results and `R` a rerun: they sit in the letter column but are not items.
const LETTER_RUN = /^[.FEsxXuR,]*$/;
const VERBOSE = /^(.+?) (PASSED|FAILED|ERROR|SKIPPED|XFAIL|XPASS)(?: \(.*\))?$/;
const LONE_OUTCOME = /^(PASSED|FAILED|ERROR|SKIPPED|XFAIL|XPASS)(?: \(.*\))?$/;
const XDIST = /^\[gw\d+\] \[\s*(\d+)%\] (PASSED|FAILED|ERROR|SKIPPED|XFAIL|XPASS) (.+?)(?: \(.*\))?$/;
const COLLECTED = /collected (\d+) items?(?: \/ (\d+) errors?)?(?: \/ (\d+) deselected)?(?: \/ \d+ skipped)?(?: \/ (\d+) selected)?/;
const WORKERS = /^(?:gw\d+ \[(\d+)\]|\d+ workers? \[(\d+) items?\])/;
const FINAL = /^((?:\d+ [a-z]+(?: [a-z]+)?(?:, )?)+|no tests ran) in \d+(?:\.\d+)?s(?: \([\d:.]+\))?$/;
const PARTIAL_MARKER = / +\[\s*\d{0,3}%?$/;
const SECTION_TITLES = /^(?:FAILURES|ERRORS|XFAILURES|XPASSES|PASSES|warnings summary|short test summary info|slowest)/;

const zeroCounts = (): PytestCounts => ({passed: 0, failed: 0, errors: 0, skipped: 0, xfailed: 0, xpassed: 0, deselected: 0, warnings: 0});

/** Incremental pytest rules: feed segments, read progress (the partial line counts tentatively). */
export class PytestRules implements SegmentRules {
	private total?: number;
	private done = 0;
	private counts = zeroCounts();
	private final?: PytestCounts;
	private column?: number;
	// -q prints no `collected N items`: the `[ NN%]` markers bound the total (pytest floors
	// done*100/total), and each line narrows the bounds.
	private totalLo = 0;
	private totalHi = Infinity;
	private current?: string;
	private phase?: string;
	private section = '';
	private summaryLine?: string;
	private notes: string[] = [];
	private internal?: string; // INTERNALERROR seen: its exception line, or ''

	private lastId?: string; // -v: a test reported twice (teardown error) is still one item
	private pendingId?: string; // -v -s: output came between the id and its outcome
	private failures = new PytestFailures();

	/** Handles one finished line or `\r` redraw. */
	segment(raw: string, _isLine: boolean): void {
		const line = raw.trimEnd();
		const c = line.charCodeAt(0);
		if (c === 61 /* = */) return this.banner(line);
		if (c === 33 /* ! */ && line.startsWith('!!!')) return this.bang(line);
		// The -q final line has no `=` around it; cheap first-character test before the regex.
		if (((c >= 48 && c <= 57) || c === 110) && FINAL.test(line)) return this.finish(line);
		if (c === 73 /* I */ && line.startsWith('INTERNALERROR>')) return this.internalError(line.slice(14));
		if (this.section === 'failures' || this.section === 'errors') return this.failures.blockLine(line, this.section === 'errors');
		if (this.section === 'short') return this.failures.summaryEntry(line);
		if (this.phase === 'summary' || this.phase === 'done') return;
		if (c === 91 /* [ */ && line.startsWith('[gw')) return this.xdist(line, true);
		if (c === 99 /* c */ && line.startsWith('collect')) return this.collect(line);
		if (c === 69 /* E */ && line.startsWith('ERROR: ')) return this.note(line.slice(0, 200));
		const workers = c < 58 || c === 103 ? WORKERS.exec(line) : null;
		if (workers) return this.setTotal(Number(workers[1] ?? workers[2]));
		if ((c === 114 || c === 119) && /crashed/.test(line)) return this.note('worker crashed');
		if (line.length < 10_000) this.progressLine(line, true); // no progress line is longer; bounds regex work
	}

	/** The current count of finished tests, with the unfinished line counted tentatively. */
	doneSoFar(partial: string): number | undefined {
		return this.core(partial).done;
	}

	/** What is known now; `partial` (the unfinished line) is counted but not committed. */
	progress(partial: string): Progress {
		const p = this.core(partial);
		p.failures = this.failures.list();
		return p;
	}

	private core(partial: string): Progress {
		const saved = {done: this.done, counts: this.counts, current: this.current, phase: this.phase};
		if (partial !== '' && this.section === '' && this.phase !== 'done') {
			// pytest ends a progress line lazily (when the next one starts), so the unfinished
			// line is usually the live one: count it without committing it.
			this.counts = {...this.counts};
			// A `[ 48%]` marker half written is not part of the letters before it.
			const line = partial.trimEnd().replace(PARTIAL_MARKER, '');
			if (line.startsWith('[gw')) this.xdist(line, false);
			else this.progressLine(line, false);
		}
		const f = this.final;
		const counts = f ? {...f} : {...this.counts};
		let done = f ? f.passed + f.failed + f.errors + f.skipped + f.xfailed + f.xpassed : this.done;
		let total = this.total ?? (f ? done : undefined);
		if (total !== undefined) done = Math.min(done, total);
		else if (this.totalHi < Infinity) total = Math.max(done, Math.round((Math.max(this.totalLo, done) + this.totalHi) / 2));
		// Without an announced total (-q), pytest's own column is the better guess than 100%.
		const percent = this.total ? Math.floor((done * 100) / this.total) : (this.column ?? (total ? Math.floor((done * 100) / total) : undefined));
		const p: Progress = {kind: 'pytest', counts, failures: [], bytes: 0};
		if (total !== undefined) p.total = total;
		if (total !== undefined || done > 0) p.done = done;
		if (percent !== undefined) p.percent = percent;
		if (this.current !== undefined) p.current = this.current;
		if (this.phase !== undefined) p.phase = this.phase;
		if (this.summaryLine !== undefined) p.summaryLine = this.summaryLine;
		const notes = this.internal === undefined ? this.notes : [...this.notes, this.internal ? `internal error: ${this.internal}` : 'internal error'];
		if (notes.length > 0) p.note = notes.join('; ');
		({done: this.done, counts: this.counts, current: this.current, phase: this.phase} = saved);
		return p;
	}

	// `===== title =====`: a section starts, or the final counts.
	private banner(line: string): void {
		const title = line.replace(/^=+\s*/, '').replace(/\s*=+$/, '');
		if (title === '') return;
		if (FINAL.test(title)) return this.finish(title);
		this.failures.close();
		if (title === 'test session starts') {
			if (this.phase !== undefined && this.phase !== 'collecting') this.restart();
			this.phase = 'collecting';
			this.section = '';
			return;
		}
		// Before any test ran only pytest's own section titles count (a script may print its
		// own `=== Setup ===` first); after, any banner starts the end-of-run sections.
		const running = this.phase === 'running' || this.phase === 'summary';
		if (!running && !SECTION_TITLES.test(title)) return;
		this.phase = 'summary';
		this.section = title === 'FAILURES' ? 'failures' : title === 'ERRORS' ? 'errors' : title === 'short test summary info' ? 'short' : 'other';
	}

	// A second session in the same log (a script running pytest twice): progress restarts,
	// the failures seen so far are kept.
	private restart(): void {
		this.total = this.final = this.column = this.current = this.summaryLine = this.lastId = undefined;
		this.done = 0;
		this.totalLo = 0;
		this.totalHi = Infinity;
		this.counts = zeroCounts();
	}

	private bang(line: string): void {
		const text = line.replace(/^!+\s*/, '').replace(/\s*!+$/, '');
		const stop = /^stopping after (\d+) failures?/.exec(text);
		if (stop) this.note(`stopped after ${stop[1]} failures`);
		else if (text.startsWith('KeyboardInterrupt')) this.note('interrupted');
		else if (/^Interrupted: \d+ errors? during collection/.test(text)) this.note('collection errors');
		else if (text.startsWith('Interrupted')) this.note('interrupted');
	}

	// `INTERNALERROR> ValueError: hook bad`: the last unindented, non-`Traceback` line is the
	// exception itself.
	private internalError(text: string): void {
		this.internal ??= '';
		const msg = text.trim();
		if (msg !== '' && !/^\s/.test(text.slice(1)) && !msg.startsWith('Traceback')) this.internal = msg.slice(0, 200);
	}

	private note(text: string): void {
		if (!this.notes.includes(text)) this.notes.push(text);
	}

	private collect(line: string): void {
		const m = COLLECTED.exec(line);
		if (!m) {
			if (/^collecting\b/.test(line) && this.phase === undefined) this.phase = 'collecting';
			return;
		}
		if (m[2]) this.note('collection errors');
		const deselected = Number(m[3] ?? 0);
		this.counts.deselected = deselected;
		this.setTotal(m[4] ? Number(m[4]) : Number(m[1]) - deselected);
	}

	private setTotal(n: number): void {
		this.total = n;
		this.phase = 'running';
	}

	private xdist(line: string, commit: boolean): void {
		const m = XDIST.exec(line);
		if (m) {
			if (commit) this.column = Number(m[1]);
			this.outcome(m[3], m[2], commit);
		} else if (commit && line.includes('node down')) this.note('worker crashed');
	}

	// Default / -q letter lines and -v lines; `commit` false for the tentative partial line.
	private progressLine(line: string, commit: boolean): void {
		let body = line;
		const open = body.endsWith('%]') ? body.lastIndexOf('[') : -1;
		let pct = NaN;
		if (open >= 0) {
			pct = Number(body.slice(open + 1, -2));
			if (commit && Number.isFinite(pct)) this.column = pct;
			body = body.slice(0, open).trimEnd();
		}
		if (body.includes('::')) {
			// `id OUTCOME`: the last word, found without a regex (the -v hot path); a reason in
			// parentheses (`SKIPPED (nope)`) takes the regex.
			const sp = body.lastIndexOf(' ');
			if (sp > 0 && WORDS.has(body.slice(sp + 1))) return this.outcome(body.slice(0, sp), body.slice(sp + 1), commit);
			const v = body.endsWith(')') ? VERBOSE.exec(body) : null;
			if (v) return this.outcome(v[1], v[2], commit);
			if (commit) this.pendingId = leadingId(body);
			this.current = body.slice(0, body.indexOf('::'));
			return;
		}
		const lone = LONE_OUTCOME.exec(body);
		if (lone) {
			if (this.pendingId) this.outcome(this.pendingId, lone[1], commit);
			return;
		}
		const space = body.indexOf(' ');
		const file = space < 0 ? '' : body.slice(0, space);
		const letters = space < 0 ? body : body.slice(space + 1);
		if (!LETTER_RUN.test(letters)) return;
		if (file !== '' ? !/[./]/.test(file) : letters === '' || (this.phase !== 'running' && body === line)) return;
		if (file !== '') this.current = file;
		if (this.phase === undefined || this.phase === 'collecting') this.phase = 'running';
		for (let i = 0; i < letters.length; i++) {
			const key = LETTERS[letters[i]];
			if (key) {
				this.counts[key]++;
				this.done++;
			}
		}
		if (commit && this.total === undefined && pct >= 0 && pct <= 100) this.bound(pct);
	}

	// done*100/total floored is pct: total lies in (done*100/(pct+1), done*100/pct]. A teardown
	// error prints a second letter for one test, so bounds that stop overlapping start over.
	private bound(pct: number): void {
		const lo = Math.floor((this.done * 100) / (pct + 1)) + 1;
		const hi = pct > 0 ? Math.floor((this.done * 100) / pct) : Infinity;
		if (Math.max(lo, this.totalLo) > Math.min(hi, this.totalHi)) [this.totalLo, this.totalHi] = [lo, hi];
		else [this.totalLo, this.totalHi] = [Math.max(lo, this.totalLo), Math.min(hi, this.totalHi)];
	}

	private outcome(id: string, word: string, commit: boolean): void {
		this.counts[WORDS.get(word)!]++;
		if (id !== this.lastId) this.done++;
		const sep = id.indexOf('::');
		this.current = sep < 0 ? id : id.slice(0, sep);
		if (this.phase === undefined || this.phase === 'collecting') this.phase = 'running';
		if (!commit) return;
		this.lastId = id;
		this.pendingId = undefined;
		if (word === 'FAILED' || word === 'ERROR') this.failures.addLive(id, word === 'ERROR' ? 'error' : 'failed');
	}

	private finish(title: string): void {
		this.failures.close();
		const counts = zeroCounts();
		for (const m of title.matchAll(/(\d+) ([a-z]+)/g)) {
			const word = m[2];
			const key: CountKey | undefined = word === 'error' ? 'errors' : word === 'warning' ? 'warnings' : word in counts ? (word as CountKey) : undefined;
			if (key) counts[key] = Number(m[1]);
		}
		this.final = counts;
		this.summaryLine = title;
		this.phase = 'done';
		this.section = 'other';
	}
}
