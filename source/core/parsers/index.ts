/**
 * The parsers' front door: pick a kind for a command, build an incremental parser, or parse a
 * saved log through exactly the same path (so `queue-tui parse` replays what the live view saw).
 *
 *   detectKind(['python3', '-m', 'pytest', '-x'])            → 'pytest'
 *   detectKind(['sh', '-c', 'cd api && uv run pytest -q'])    → 'pytest'
 *   detectKind(['python', 'extract.py', '--batch'])           → 'generic'
 */
import {Buffer} from 'node:buffer';
import {BatchRules, zeroCounts} from './batch.js';
import {CustomRules, patternsFor, type CompiledPattern} from './custom.js';
import {RateEstimator, etaSeconds} from './eta.js';
import {PytestRules} from './pytest.js';
import {TextStream, type SegmentRules} from './text-stream.js';
import type {ParserKind, Progress, ProgressParser} from './types.js';

export type {CompiledPattern} from './custom.js';
export {detectKind} from './detect.js';
export {compilePatterns, patternsFor} from './custom.js';
export {isStalled, RateEstimator, etaSeconds} from './eta.js';
export {TextStream} from './text-stream.js';
export type {Failure, ParserKind, Progress, ProgressParser, PytestCounts} from './types.js';

/** Options shared by {@link createParser} and {@link parseLog}. */
export interface ParserOptions {
	/** Compiled `.queue-tui.json` patterns; those whose `command` matches `commandLine` apply. */
	patterns?: CompiledPattern[];
	/** The job's command line, as the patterns' `command` regexes see it. */
	commandLine?: string;
}

/** A Progress with nothing known yet. */
export function emptyProgress(kind: ParserKind): Progress {
	return {kind, counts: zeroCounts(), failures: [], bytes: 0};
}

/** Chunks → text stream → rules (+ custom patterns) → snapshot with rate and ETA. */
class StreamParser implements ProgressParser {
	private bytes = 0;
	private lastOutputAt?: number;
	private readonly rate = new RateEstimator();
	private readonly stream: TextStream;

	constructor(
		private readonly rules: SegmentRules,
		private readonly custom?: CustomRules,
	) {
		this.stream = new TextStream(
			custom
				? (text, isLine) => {
						rules.segment(text, isLine);
						custom.segment(text);
					}
				: (text, isLine) => rules.segment(text, isLine),
		);
	}

	feed(chunk: Uint8Array | string, nowMs?: number): void {
		const n = typeof chunk === 'string' ? Buffer.byteLength(chunk) : chunk.byteLength;
		if (n === 0) return;
		this.bytes += n;
		this.stream.push(chunk);
		if (nowMs !== undefined) this.lastOutputAt = nowMs;
		this.sample(nowMs);
	}

	skip(bytes: number, nowMs?: number): void {
		if (bytes <= 0) return;
		this.bytes += bytes;
		this.stream.skip();
		if (nowMs !== undefined) this.lastOutputAt = nowMs;
	}

	end(nowMs?: number): void {
		this.stream.end();
		this.sample(nowMs);
	}

	snapshot(): Progress {
		const partial = this.stream.partial;
		const p = this.rules.progress(partial);
		if (this.custom) this.custom.overlay(p, partial);
		p.bytes = this.bytes;
		if (this.lastOutputAt !== undefined) p.lastOutputAt = this.lastOutputAt;
		if (p.phase === 'done') {
			delete p.etaSeconds;
			return p;
		}
		// The tool's own figures (tqdm's) are kept; otherwise ours from the observed samples.
		const rate = this.rate.rate();
		if (p.rate === undefined && rate !== undefined) p.rate = Math.round(rate * 1000) / 1000;
		if (p.etaSeconds === undefined) {
			const eta = this.rate.eta(p.done, p.total);
			if (eta !== undefined) p.etaSeconds = eta;
		}
		return p;
	}

	private sample(nowMs: number | undefined): void {
		if (nowMs === undefined) return;
		const partial = this.stream.partial;
		const done = this.custom?.doneSoFar(partial) ?? this.rules.doneSoFar(partial);
		if (done !== undefined) this.rate.add(nowMs, done);
	}
}

/**
 * An incremental parser for a kind: pytest rules for `pytest`, batch rules (tqdm, counters,
 * percentages, summaries) for `tqdm` and `generic`; custom patterns whose `command` matches
 * `commandLine` apply on top of any kind.
 */
export function createParser(kind: ParserKind, opts: ParserOptions = {}): ProgressParser {
	const rules = kind === 'pytest' ? new PytestRules() : new BatchRules(kind);
	const custom = new CustomRules(patternsFor(opts.patterns, opts.commandLine));
	return new StreamParser(rules, custom.active ? custom : undefined);
}

/** Parses a whole saved log, through the same incremental path as a live job. */
export function parseLog(data: Uint8Array | string, kind: ParserKind, opts: ParserOptions = {}): Progress {
	const parser = createParser(kind, opts);
	if (typeof data === 'string') parser.feed(data);
	// Byte slices keep peak memory flat on a large log; results do not depend on them.
	else for (let i = 0; i < data.length; i += 1 << 20) parser.feed(data.subarray(i, i + (1 << 20)));
	parser.end();
	return parser.snapshot();
}
