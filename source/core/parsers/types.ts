/** The kinds of progress parser queue-tui knows. `generic` is the fallback for any command. */
export type ParserKind = 'pytest' | 'tqdm' | 'generic';

/** One failed or errored test (pytest) or one failed item (batch scripts). */
export interface Failure {
	/** pytest node id (`tests/test_io.py::test_rt[1]`) or a batch item (`img_012.png`). */
	id: string;
	/** One line: `AssertionError: assert 1 == 2`, `ERROR at setup`, … (may be empty). */
	reason: string;
	/** The first lines of the traceback, when the log had them. */
	traceback?: string[];
	/** `failed` or `error` for pytest; `failed` for batch items. */
	outcome?: 'failed' | 'error';
}

/** Counts by outcome, as pytest names them. */
export interface PytestCounts {
	passed: number;
	failed: number;
	errors: number;
	skipped: number;
	xfailed: number;
	xpassed: number;
	deselected: number;
	warnings: number;
}

/**
 * What a parser knows about a job from its output so far. Every field is optional
 * except `kind`, `counts` and `failures`, because most commands print only some of it.
 */
export interface Progress {
	kind: ParserKind;
	/** Items finished (tests run, images processed). */
	done?: number;
	/** Items expected (`collected N items`, tqdm's total, the M of `N/M`). */
	total?: number;
	/** 0–100, from the output itself (pytest's `[ NN%]`, tqdm) or done/total. */
	percent?: number;
	counts: PytestCounts;
	failures: Failure[];
	/** The current test file or batch item. */
	current?: string;
	/** collecting | running | summary | done */
	phase?: string;
	/** Items per second, from the observed rate. */
	rate?: number;
	/** Seconds left, from the observed rate (or the tool's own ETA). */
	etaSeconds?: number;
	/** Batch scripts: items that ended well / badly, from final summaries like `成功: 37, 失敗: 3`. */
	succeeded?: number;
	failedItems?: number;
	/** A one-line verdict the output itself gave: `3 failed, 264 passed in 12.34s`, `no tests ran`, … */
	summaryLine?: string;
	/** Something unusual the output said: `interrupted`, `internal error`, `collection errors`, `stopped after N failures`. */
	note?: string;
	/** Epoch ms of the last output seen. */
	lastOutputAt?: number;
	/** Bytes of output consumed. */
	bytes: number;
}

/** An incremental parser: chunks in (split anywhere), a snapshot out. */
export interface ProgressParser {
	feed(chunk: Uint8Array | string, nowMs?: number): void;
	/** `bytes` of output went by unread (a flood's middle): counted, and the stream resyncs at the next line or redraw. */
	skip(bytes: number, nowMs?: number): void;
	/** Flushes a trailing partial line (at the end of a log). */
	end(nowMs?: number): void;
	snapshot(): Progress;
}
