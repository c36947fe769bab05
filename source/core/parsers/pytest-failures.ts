/**
 * Failed tests from pytest output: `-v` outcome lines give ids live, the FAILURES / ERRORS
 * sections give reasons and tracebacks, the short test summary gives authoritative ids and
 * reasons. Sample lines:
 *
 *   _________________________ ERROR at setup of test_err __________________________
 *   ______________________________ TestC.test_p[1.5] _______________________________
 *   >   def test_p(self, v): assert 0
 *   E   assert 0
 *   tests/test_cls.py:5: AssertionError
 *   FAILED tests/test_cls.py::TestC::test_p[1.5] - assert 0
 *   ERROR tests/test_a.py::test_err - RuntimeError: fixture boom
 *   SUBFAILED(i=1) tests/test_sub.py::test_sub - assert 1 != 1
 */
import {headlineOf, splitIdAndMessage} from './pytest-nodeid.js';
import type {Failure} from './types.js';

const SUMMARY_ENTRY = /^(FAILED|ERROR|SUBFAILED(\(.*?\))?) (\S.*)$/;
// A long name gets a single `_` on each side; `_ _ _ _` alone separates chained exceptions.
const HEADER = /^_+ (.+?) _+$/;
const CHAIN_SEPARATOR = /^[_ ]+$/;
const HEADLINE_PREFIX = /^(?:ERROR (?:at (?:setup|teardown|call) of |collecting )|\[doctest\] )/;
const MAX_FAILURES = 1000;
const MAX_BLOCK_LINES = 300;

interface Block {
	headline: string;
	outcome: 'failed' | 'error';
	lines: string[];
	done: boolean; // a `Captured stdout` part began: the rest is output, not traceback
}

/** Collects failures and error blocks; `list()` joins them (cached until something changes). */
export class PytestFailures {
	private failures = new Map<string, Failure>();
	// Ids printed on their own (`-v` outcome lines) and FAILURES / ERRORS header names: where
	// a summary line's id ends is checked against them.
	private liveIds = new Set<string>();
	private headlines = new Set<string>();
	private blocks: Block[] = [];
	private block?: Block;
	private version = 0;
	private listedAt = -1;
	private listed: Failure[] = [];

	/** A failed / errored id from a `-v` outcome line: printed alone, so exact. */
	addLive(id: string, outcome: 'failed' | 'error'): void {
		if (this.liveIds.size < MAX_FAILURES) this.liveIds.add(id);
		this.add(id, outcome, '');
	}

	/** Records a failed / errored id; a non-empty reason replaces an earlier one. */
	add(id: string, outcome: 'failed' | 'error', reason: string): void {
		const key = `${outcome} ${id}`;
		const old = this.failures.get(key);
		if (old) {
			if (reason !== '' && reason !== old.reason) {
				old.reason = reason;
				this.version++;
			}
		} else if (this.failures.size < MAX_FAILURES) {
			this.failures.set(key, {id, reason, outcome});
			this.version++;
		}
	}

	/**
	 * A short test summary line, `FAILED tests/x.py::t[a - b] - AssertionError: …` (see
	 * pytest-nodeid for where the id ends); `-vv` continuation lines are not entries.
	 */
	summaryEntry(line: string): void {
		const m = SUMMARY_ENTRY.exec(line);
		if (!m) return;
		const {id, reason} = splitIdAndMessage(m[3], (c) => this.liveIds.has(c) || this.headlines.has(headlineOf(c)));
		this.add(m[2] ? `${id} ${m[2]}` : id, m[1] === 'ERROR' ? 'error' : 'failed', reason.slice(0, 300));
	}

	/** A line inside the FAILURES (`error` false) or ERRORS section. */
	blockLine(line: string, error: boolean): void {
		const h = line.charCodeAt(0) === 95 /* _ */ && !CHAIN_SEPARATOR.test(line) ? HEADER.exec(line) : null;
		if (h) {
			this.close();
			const headline = h[1].replace(HEADLINE_PREFIX, '');
			if (this.headlines.size < MAX_FAILURES) this.headlines.add(headline);
			this.block = {headline, outcome: error ? 'error' : 'failed', lines: [], done: false};
			this.version++;
			return;
		}
		const b = this.block;
		if (!b || b.done || line === '' || /^\[gw\d+\] /.test(line)) return; // xdist: `[gw1] linux -- Python 3.11`
		this.version++;
		if (/^-{3,} (?:Captured|generated)/.test(line)) b.done = true;
		else if (b.lines.length < MAX_BLOCK_LINES) b.lines.push(line.length > 240 ? line.slice(0, 240) : line);
	}

	/** The current block ended (a new section or the final line). */
	close(): void {
		if (this.block && this.blocks.length < MAX_FAILURES) this.blocks.push(this.block);
		this.block = undefined;
	}

	/** All failures, blocks joined to their ids; fresh copies each call. */
	list(): Failure[] {
		if (this.listedAt !== this.version) {
			this.listed = this.join();
			this.listedAt = this.version;
		}
		return this.listed.map((f) => ({...f, ...(f.traceback ? {traceback: [...f.traceback]} : {})}));
	}

	// Headline `TestC.test_m[1.5]` ↔ id `x.py::TestC::test_m[1.5]`; a block with no id yet
	// (default mode before the summary) is listed under its headline.
	private join(): Failure[] {
		const list = [...this.failures.values()].map((f) => ({...f}));
		const byName = new Map<string, {queue: Failure[]; last?: Failure}>();
		for (const f of list) {
			const key = `${f.outcome} ${headlineOf(f.id)}`;
			const same = byName.get(key);
			if (same) same.queue.push(f);
			else byName.set(key, {queue: [f]});
		}
		for (const b of this.block ? [...this.blocks, this.block] : this.blocks) {
			const name = b.headline;
			const {reason, traceback} = digest(b.lines);
			// Same headline in two files: blocks and summary entries come in the same order. A
			// block left over once its entries are used up describes the last one again (a module
			// collected twice, as a test module and for its doctests, fails twice to import).
			const same = byName.get(`${b.outcome} ${name}`);
			let f = same?.queue.shift() ?? same?.last;
			if (same && f) same.last = f;
			if (!f) {
				if (list.length >= MAX_FAILURES) continue;
				f = {id: name, reason: '', outcome: b.outcome};
				list.push(f);
			}
			// The summary cuts long reasons at the terminal width (`...`): the E line has it whole.
			if (f.reason === '' || (f.reason.endsWith('...') && reason.startsWith(f.reason.slice(0, -3)))) f.reason = reason;
			if (traceback.length > 0 && !f.traceback) f.traceback = traceback;
		}
		return list;
	}
}

// The useful part of a traceback block: the `>` source line, the `E` lines and the location
// (styles auto/long/short), or the lines from the last `File "…"` on (native), or the tail.
function digest(lines: string[]): {reason: string; traceback: string[]} {
	const isE = (l: string) => /^E\s/.test(l);
	const firstE = lines.findIndex(isE);
	if (firstE >= 0) {
		const out: string[] = [];
		for (let i = firstE - 1; i >= 0 && i >= firstE - 8; i--) {
			if (lines[i].startsWith('>')) {
				out.push(lines[i]);
				break;
			}
		}
		const eLines = lines.filter(isE);
		out.push(...eLines.slice(0, 8));
		const loc = lastOf(lines, (l) => /^\S+:\d+: /.test(l));
		if (loc >= 0) out.push(lines[loc]);
		return {reason: eLines[0].replace(/^E\s+/, '').slice(0, 300), traceback: out};
	}
	const file = lastOf(lines, (l) => l.startsWith('  File "'));
	const tail = file >= 0 ? lines.slice(file, file + 8) : lines.slice(-8);
	const unindented = tail.filter((l) => !/^\s/.test(l));
	const reason = (file >= 0 ? unindented[0] : unindented[unindented.length - 1]) ?? '';
	return {reason: reason.slice(0, 300), traceback: tail};
}

function lastOf(lines: string[], test: (l: string) => boolean): number {
	for (let i = lines.length - 1; i >= 0; i--) if (test(lines[i])) return i;
	return -1;
}
