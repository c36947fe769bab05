/**
 * A pytest job's outcome across its attempts, honestly: what still fails, what was flaky
 * (failed, then passed on a retry), and what failed once and was never run again.
 *
 *   attempt 1: 3 failed, 264 passed        attempt 2 (--lf): 1 failed, 2 passed
 *   → {failed: [c], flaky: [a, b], text: '3 failed → 1 failed, 2 flaky'}
 */
import type {Progress} from './parsers/types.js';

/** The merged outcome; every id is a pytest node id as the output printed it. */
export interface MergedOutcome {
	/** Failed or errored in the last attempt: the only ones that count as failing. */
	failed: string[];
	/** Failed in an earlier attempt and passed in a later one. */
	flaky: string[];
	/** Failed in an earlier attempt and not judged since (the later runs stopped short). */
	notRerun: string[];
	/** Failed + errors in the first attempt that had any (0 when none ever failed). */
	firstFailedCount: number;
	/** Failed + errors in the last attempt. */
	lastFailedCount: number;
	/** `3 failed → 1 failed, 2 flaky`, or `2 failed` for a single attempt ('' without pytest output). */
	text: string;
	/** The same with `->`, for ASCII-only lines. */
	ascii: string;
}

/**
 * Merges a pytest job's attempts (oldest first). Interrupted runs (crash, reboot) are left
 * out, as they do not count. A test missing from a later attempt's failures counts as passed
 * only if that later attempt finished cleanly (final summary line, no note such as
 * `collection errors` or `stopped after N failures`) and passed at least that many tests:
 * a `--lf` retry runs exactly the earlier failures, so "not failing there" means "passed".
 */
export function mergeAttempts(attempts: Array<{progress?: Progress; state: string}>): MergedOutcome {
	const runs = attempts.filter((a) => a.state !== 'interrupted' && a.progress?.kind === 'pytest').map((a) => a.progress as Progress);
	if (runs.length === 0) return {failed: [], flaky: [], notRerun: [], firstFailedCount: 0, lastFailedCount: 0, text: '', ascii: ''};
	const ids = runs.map(failedIds);
	const last = runs.length - 1;
	const failed = ids[last];
	// Each id's last failing attempt; ids still failing at the end are settled already.
	const lastFail = new Map<string, number>();
	ids.forEach((list, k) => list.forEach((id) => lastFail.set(id, k)));
	const byProof = new Map<number, string[]>();
	const notRerun: string[] = [];
	for (const [id, k] of lastFail) {
		if (k === last) continue;
		const proof = runs.findIndex((p, j) => j > k && clean(p));
		if (proof < 0) notRerun.push(id);
		else byProof.set(proof, [...(byProof.get(proof) ?? []), id]);
	}
	const flaky: string[] = [];
	for (const [proof, list] of byProof) {
		// A clean run that passed fewer tests than it supposedly proved (`--lf` found no cache
		// and `--lfnf=none` ran nothing, say) proves nothing.
		if (runs[proof].counts.passed >= list.length) flaky.push(...list);
		else notRerun.push(...list);
	}
	const first = runs.find((p) => badCount(p) > 0);
	const firstFailedCount = first ? badCount(first) : 0;
	const lastFailedCount = badCount(runs[last]);
	let text = `${lastFailedCount} failed`;
	if (runs.length > 1 && (firstFailedCount > 0 || flaky.length > 0 || notRerun.length > 0)) {
		text = `${firstFailedCount} failed → ${lastFailedCount} failed, ${flaky.length} flaky`;
		if (notRerun.length > 0) text += `, ${notRerun.length} not re-run`;
	}
	return {failed, flaky, notRerun, firstFailedCount, lastFailedCount, text, ascii: text.replace('→', '->')};
}

/** A run whose absence of a failure means the test passed. */
function clean(p: Progress): boolean {
	return p.summaryLine !== undefined && !p.note;
}

function failedIds(p: Progress): string[] {
	return [...new Set(p.failures.map((f) => f.id))];
}

// pytest's own counts, unless the parsed ids say more (a run cut short has no final counts).
function badCount(p: Progress): number {
	return Math.max(p.counts.failed + p.counts.errors, failedIds(p).length);
}
