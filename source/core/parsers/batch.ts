/**
 * Batch scripts (generic commands and tqdm) → progress. Sample lines:
 *
 *   Extract:  45%|████▌     | 45/100 [00:12<00:15,  3.61it/s]     tqdm (redrawn after `\r`)
 *    45%|####5     | 45/100 [01:40<02:02,  2.22s/it]             tqdm, slow loop (s/it)
 *   45it [00:03, 14.2it/s]                                         tqdm without a total
 *   [12/40] resizing img_012.png                                   bracketed counter (anywhere)
 *   12/40  ·  Epoch 3/10  ·  処理中 12/40: img_012.png             counter at the start or after a label
 *   Progress: 37%                                                  percentage
 *   成功: 37, 失敗: 3  ·  succeeded: 37, failed: 3  ·  Done: 37 ok, 3 failed     final summary
 *   失敗: img_003.png  ·  FAILED img_003.png  ·  Error processing img_003.png: bad header
 *
 * Not progress: `2024/01/02` (a date: the counter is followed by `/`), `data/v1.2/3/4` (a
 * path: labels hold no digits or slashes), `1/0` (done > total), `Python 3.11/3.12`.
 */
import {BarSet} from './bars.js';
import type {SegmentRules} from './text-stream.js';
import type {Failure, ParserKind, Progress} from './types.js';

/** The batch fields a line can set (shared with custom patterns). */
export interface BatchState {
	done?: number;
	total?: number;
	percent?: number;
	current?: string;
	rate?: number;
	etaSeconds?: number;
	succeeded?: number;
	failedItems?: number;
	phase?: string;
	summaryLine?: string;
}

const NUM = String.raw`(\d+(?:\.\d+)?[kMGT]?)`;
// The bar itself is left out when the terminal's width is unknown (a pty of 0 columns).
const TQDM_BAR = new RegExp(String.raw`^(?:(.*?):\s*)?(\d{1,3})%(?:\|[^|]*\||\s)\s*${NUM}\/${NUM}\s*\[([^\]]*)\]`);
const TQDM_OPEN = new RegExp(String.raw`^(?:(.*?):\s*)?${NUM}([^\s\d\[\]]*) \[(\d+:\d\d(?::\d\d)?(?:, [^\]]*)?)\]$`);
// rich: a description, the bar (heavy and light box lines), then columns: `45%`, `12/40`, `0:00:03`.
const RICH_BAR = /^(?:(.*?)\s+)?([━╸╺╾╼]+)\s+(.*)$/;
const BRACKET = /\[\s*(\d+)\s*\/\s*(\d+)\s*\]\s*[:：]?\s*(.*)$/;
// An optional label (a letter first; no digits, slashes, colons or `%`), then `done/total`
// not followed by more digits, a decimal or another slash, then end, `: item` or ` rest`.
const COUNTER = /^(?:(\p{L}[^\d/:：%[\]=]{0,39}?)\s*[:：]?\s*)?(\d+)\s*\/\s*(\d+)(?![\d,]|\.\d|\s*\/)(?:\s*[:：]\s*(.*)|\s+(.*)|\.)?$/u;
const PERCENT = /^(?:(\p{L}[^\d%:：]{0,39}?)\s*[:：]?\s*)?(\d{1,3}(?:\.\d+)?)\s?%(?:\s+\p{L}[\p{L} ]{0,20})?$/u;
const SUCCESS = /(?:成功\s*[:：=]?|\b(?:succeeded|successful|success|ok|passed)\s*[:：=])\s*(\d+)|(\d+)\s*(?:件\s*)?(?:成功|(?:succeeded|successful|ok|passed)\b)/i;
const FAILURE = /(?:(?:失敗|エラー)\s*[:：=]?|\b(?:failed|failures?|errors?|ng)\s*[:：=])\s*(\d+)|(\d+)\s*(?:件\s*)?(?:失敗|エラー|(?:failed|failures?|errors?)\b)/i;
const TOTAL = /(?:合計|全体|total)\s*[:：=]?\s*(\d+)/i;
const SUMMARY_WORD = /^(?:summary|done|finished|complete|completed|total|results?|完了|結果|合計|集計)\b|^(?:完了|結果|合計|集計)/i;
const SUMMARY_HINT = /成功|失敗|エラー|succe|fail|error|ok|passed/i;
const FAILED_ITEM =
	/^(?:\[[^\]]{0,40}\]\s*)?(?:失敗|エラー|FAILED|FAIL|ERROR|Failed to process|Failed|Error processing|Error while processing|Error)(?:\s*[:：]\s*|\s+)((?:[^\s:：()]|::)+)(.*)$/;
const ITEM_LIKE = /\.[A-Za-z0-9]{1,8}$|\//;
const CURRENT = /^(?:Processing|処理中)\s*[:：]?\s+(\S.*)$/;
const MAX_FAILURES = 1000;

const SCALE: Record<string, number> = {k: 1e3, M: 1e6, G: 1e9, T: 1e12};

/** Parses `45`, `1.2k`, `3M` (tqdm's unit_scale). */
function num(text: string): number {
	const last = text.charCodeAt(text.length - 1);
	if (last >= 48 && last <= 57) return Number(text);
	return Math.round(Number(text.slice(0, -1)) * (SCALE[text[text.length - 1]] ?? NaN));
}

/** Seconds from `01:02` / `1:02:03`; undefined for `?`. Hand-rolled: this runs per redraw. */
function seconds(text: string): number | undefined {
	let total = 0;
	let part = 0;
	let digits = 0;
	for (let i = 0; i < text.length; i++) {
		const c = text.charCodeAt(i);
		if (c >= 48 && c <= 57) {
			part = part * 10 + c - 48;
			digits++;
		} else if (c === 58 /* : */ && digits > 0) {
			total = (total + part) * 60;
			part = digits = 0;
		} else return undefined;
	}
	return digits > 0 ? total + part : undefined;
}

// `[00:12<00:15,  3.61it/s, loss=0.2]` → elapsed<eta, rate (it/s or s/it), postfix.
function tqdmTail(st: BatchState, inside: string): void {
	const comma = inside.indexOf(',');
	const lt = inside.indexOf('<');
	st.etaSeconds = lt >= 0 && (comma < 0 || lt < comma) ? seconds(inside.slice(lt + 1, comma < 0 ? undefined : comma)) : undefined;
	st.rate = undefined;
	if (comma < 0) return;
	const next = inside.indexOf(',', comma + 1);
	const rate = inside.slice(comma + 1, next < 0 ? undefined : next).trim(); // `3.61it/s`, `2.22s/it`, `?it/s`
	const value = parseFloat(rate);
	if (!(value >= 0)) return;
	const slash = rate.indexOf('/');
	let unitAt = rate.search(/[^\d.]/);
	const prefix = rate[unitAt]; // unit_scale prefixes the unit: `1.1kit/s`
	const scale = prefix === 'k' || prefix === 'M' || prefix === 'G' ? SCALE[rate[unitAt++]] : 1;
	const perItem = slash === unitAt + 1 && rate[unitAt] === 's'; // `s/it`: seconds per item
	st.rate = perItem ? (value > 0 ? 1 / (value * scale) : undefined) : value * scale;
}

function setCount(st: BatchState, done: number, total: number | undefined): boolean {
	if (!Number.isFinite(done) || done < 0) return false;
	if (total !== undefined && (!Number.isFinite(total) || total <= 0 || total > 1e12 || done > total)) return false;
	st.done = done;
	st.total = total;
	st.percent = undefined;
	st.rate = st.etaSeconds = undefined;
	st.phase = 'running';
	return true;
}

/**
 * A tqdm bar with a total, or a rich bar (`images ━━━━━╸━━━━ 45% 0:00:03`, with `12/40` when
 * it has a count column): the fields it sets, or undefined.
 */
export function barLine(t: string): BatchState | undefined {
	const st: BatchState = {};
	if (t.includes('%|') || (t.includes('% ') && t.endsWith(']'))) {
		const m = TQDM_BAR.exec(t);
		if (m && setCount(st, num(m[3]), num(m[4]))) {
			st.percent = Number(m[2]);
			st.current = m[1]?.trim() || undefined; // a bar's desc names what it counts
			tqdmTail(st, m[5]);
			return st;
		}
	}
	const r = t.includes('━') ? RICH_BAR.exec(t) : null;
	if (!r) return undefined;
	const count = /(?:^|\s)(\d+)\/(\d+)(?:\s|$)/.exec(r[3]);
	const pct = /(?:^|\s)(\d{1,3}(?:\.\d+)?)%(?:\s|$)/.exec(r[3]);
	if (!count && !pct) return undefined;
	if (count && !setCount(st, Number(count[1]), Number(count[2]))) return undefined;
	if (pct) st.percent = Number(pct[1]);
	st.phase = 'running';
	st.current = r[1]?.trim() || undefined;
	const times = r[3].match(/\b\d+:\d\d:\d\d\b/g);
	if (times?.length === 1) st.etaSeconds = seconds(times[0]); // the default columns: time remaining only
	return st;
}

/**
 * Applies the progress rules (not failures) to one segment; returns true when one matched.
 * Exported for the table tests.
 */
export function applyProgressLine(st: BatchState, text: string): boolean {
	const t = text.trim();
	const c = t.charCodeAt(0);
	if (t.length === 0 || t.length > 2000) return false;
	const bar = barLine(t);
	if (bar) {
		Object.assign(st, bar);
		return true;
	}
	if (t.endsWith(']')) {
		const m = TQDM_OPEN.exec(t);
		if (m && setCount(st, num(m[2]), undefined)) {
			st.current = m[1]?.trim() || undefined; // a bar's desc names what it counts
			tqdmTail(st, m[4]);
			return true;
		}
	}
	if (t.includes('/')) {
		if (t.includes('[')) {
			const m = BRACKET.exec(t);
			if (m && setCount(st, Number(m[1]), Number(m[2]))) {
				if (m[3]) st.current = m[3].slice(0, 200);
				return true;
			}
		}
		const m = c < 128 && !(c >= 48 && c <= 57) && !/[A-Za-z]/.test(t[0]) ? null : COUNTER.exec(t);
		if (m && setCount(st, Number(m[2]), Number(m[3]))) {
			const item = m[4] ?? (m[5] && /[._/\d]/.test(m[5]) ? m[5] : undefined);
			if (item) st.current = item.trim().slice(0, 200);
			return true;
		}
	}
	if (t.includes('%')) {
		const m = PERCENT.exec(t);
		const pct = m ? Number(m[2]) : NaN;
		if (pct >= 0 && pct <= 100) {
			st.percent = pct;
			st.phase = 'running';
			return true;
		}
	}
	const cur = c === 80 || c === 0x51e6 ? CURRENT.exec(t) : null;
	if (cur) st.current = cur[1].slice(0, 200);
	return cur !== null;
}

/** `成功: 37, 失敗: 3` and friends: needs both counts, or one after a summary word. */
export function applySummaryLine(st: BatchState, text: string): boolean {
	const t = text.trim();
	if (t.length > 500 || !SUMMARY_HINT.test(t)) return false;
	const s = SUCCESS.exec(t);
	const f = FAILURE.exec(t);
	if (!(s && f) && !((s || f) && SUMMARY_WORD.test(t))) return false;
	const ok = s ? Number(s[1] ?? s[2]) : undefined;
	const bad = f ? Number(f[1] ?? f[2]) : undefined;
	st.succeeded = ok ?? st.succeeded;
	st.failedItems = bad ?? st.failedItems;
	const finished = (ok ?? 0) + (bad ?? 0);
	const total = TOTAL.exec(t);
	if (total) st.total = Number(total[1]);
	if (st.done === undefined || st.done < finished) st.done = finished;
	st.total ??= st.done;
	st.percent = undefined;
	st.rate = st.etaSeconds = undefined;
	st.phase = 'done';
	st.summaryLine = t.slice(0, 200);
	return true;
}

/** `FAILED img_003.png`, `失敗: img_003.png (reason)`: a failure, when the item looks like one. */
export function parseFailedItem(text: string): Failure | undefined {
	const c = text.charCodeAt(0);
	if (c !== 70 && c !== 69 && c !== 91 && c !== 0x5931 && c !== 0x30a8) return undefined; // F E [ 失 エ
	const m = FAILED_ITEM.exec(text.trim());
	if (!m || !ITEM_LIKE.test(m[1])) return undefined;
	const reason = m[2].trim().replace(/^[-–—:：(]\s*/, '').replace(/\)$/, '');
	return {id: m[1], reason: reason.slice(0, 300), outcome: 'failed'};
}

/** Incremental batch rules for `tqdm` and `generic` jobs. */
export class BatchRules implements SegmentRules {
	private st: BatchState = {};
	private failures = new Map<string, Failure>();
	private bars = new BarSet();

	constructor(private readonly kind: ParserKind = 'generic') {}

	/** Handles one finished line or `\r` redraw (a redraw is as good as a line here). */
	segment(text: string, _isLine: boolean): void {
		const bar = barLine(text.trim());
		if (bar) {
			this.st = {...this.st, ...clearCount(), ...this.bars.draw(bar, true)};
			return;
		}
		if (applyProgressLine(this.st, text)) return;
		const failure = parseFailedItem(text);
		if (failure) {
			if (!this.failures.has(failure.id) && this.failures.size < MAX_FAILURES) this.failures.set(failure.id, failure);
			return;
		}
		applySummaryLine(this.st, text);
	}

	/** Done so far, the unfinished line (a tqdm bar waiting for its next redraw) included. */
	doneSoFar(partial: string): number | undefined {
		return this.preview(partial).done;
	}

	/** What is known now; the partial line is applied to a copy, never committed. */
	progress(partial: string): Progress {
		const st = this.preview(partial);
		const p: Progress = {kind: this.kind, counts: zeroCounts(), failures: [...this.failures.values()].map((f) => ({...f})), bytes: 0};
		return Object.assign(p, withoutUndefined(st), percentOf(st), failedCount(st, this.failures.size));
	}

	private preview(partial: string): BatchState {
		if (partial.trim() === '') return this.st;
		const bar = barLine(partial.trim());
		if (bar) return {...this.st, ...clearCount(), ...this.bars.draw(bar, false)};
		const copy = {...this.st};
		applyProgressLine(copy, partial);
		return copy;
	}
}

const clearCount = (): BatchState => ({done: undefined, total: undefined, percent: undefined, current: undefined, rate: undefined, etaSeconds: undefined});

function percentOf(st: BatchState): {percent?: number} {
	if (st.percent !== undefined) return {percent: st.percent};
	if (st.done !== undefined && st.total) return {percent: Math.min(100, Math.floor((st.done * 100) / st.total))};
	return {};
}

function failedCount(st: BatchState, listed: number): {failedItems?: number} {
	return st.failedItems === undefined && listed > 0 ? {failedItems: listed} : {};
}

/** Copies only the defined fields (a Progress never carries `key: undefined`). */
export function withoutUndefined<T extends object>(obj: T): Partial<T> {
	const out: Partial<T> = {};
	for (const key of Object.keys(obj) as (keyof T)[]) if (obj[key] !== undefined) out[key] = obj[key];
	return out;
}

/** All-zero pytest counts (batch jobs have none). */
export const zeroCounts = () => ({passed: 0, failed: 0, errors: 0, skipped: 0, xfailed: 0, xpassed: 0, deselected: 0, warnings: 0});
