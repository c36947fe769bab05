// Batch rules: table tests (with the false positives), real tqdm output, a Japanese batch script.
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {applyProgressLine, applySummaryLine, parseFailedItem, type BatchState} from '../../../source/core/parsers/batch.js';
import {createParser, parseLog} from '../../../source/core/parsers/index.js';
import {feedAll, pythonCan, randomSplit, run, type Run} from './helpers.js';

const progress = (line: string): BatchState | undefined => {
	const st: BatchState = {};
	return applyProgressLine(st, line) ? st : undefined;
};

describe('batch progress lines', () => {
	const cases: [string, Partial<BatchState>][] = [
		['Extract:  45%|████▌     | 45/100 [00:12<00:15,  3.61it/s]', {done: 45, total: 100, percent: 45, current: 'Extract', etaSeconds: 15, rate: 3.61}],
		[' 45%|####5     | 45/100 [01:40<02:02,  2.22s/it]', {done: 45, total: 100, percent: 45, etaSeconds: 122}],
		['45it [00:03, 14.2it/s]', {done: 45, rate: 14.2, total: undefined}],
		['Extract: 45img [00:03, 14.2img/s]', {done: 45, current: 'Extract'}],
		['  0%|          | 0/3 [00:00<?, ?it/s]', {done: 0, total: 3, percent: 0, etaSeconds: undefined, rate: undefined}],
		['100%|██████████| 1.20k/1.20k [00:01<00:00, 1.1kit/s]', {done: 1200, total: 1200, rate: 1100}],
		['train: 45%|███ | 45/100 [00:12<00:15, 3.61it/s, loss=0.213]', {done: 45, total: 100, current: 'train'}],
		['[12/40] resizing img_012.png', {done: 12, total: 40, current: 'resizing img_012.png'}],
		['2024-01-02 10:00:00 INFO [12/40] img_012.png', {done: 12, total: 40, current: 'img_012.png'}],
		['12/40', {done: 12, total: 40}],
		['12 / 40', {done: 12, total: 40}],
		['処理中 12/40: img_012.png', {done: 12, total: 40, current: 'img_012.png'}],
		['処理中 12/40：ｉｍｇ＿０１２.png', {done: 12, total: 40, current: 'ｉｍｇ＿０１２.png'}],
		['Epoch 3/10', {done: 3, total: 10}],
		['Progress: 12/40', {done: 12, total: 40}],
		['12/40 img_012.png', {done: 12, total: 40, current: 'img_012.png'}],
		['Processed 12/40.', {done: 12, total: 40}],
		['40/40', {done: 40, total: 40}],
		['37%', {percent: 37}],
		['Progress: 37.5%', {percent: 37.5}],
		['37% done', {percent: 37}],
		['処理中 37%', {percent: 37}],
		['Processing img_012.png', {current: 'img_012.png'}],
	];
	for (const [line, want] of cases) {
		it(`reads ${JSON.stringify(line)}`, () => {
			const st = progress(line);
			expect(st).toBeDefined();
			for (const [k, v] of Object.entries(want)) expect(st![k as keyof BatchState], k).toBe(v);
		});
	}

	// Lines that look like counters but are not.
	const falsePositives = [
		'2024/01/02', // a date
		'Date: 2024/01/02 12:00',
		'12/31/2024',
		'data/v1.2/3/4', // a path
		'saved to out/12/40/img.png',
		'see https://example.org/12/40',
		'1/0', // done > total
		'5/3',
		'0/0',
		'Python 3.11/3.12', // versions
		'v1.2/3',
		'ratio 1/2.5', // a fraction
		'Downloaded 1,234/5,000 files',
		'img_012.png 12/40', // a counter in the middle of a line, after digits
		'150%',
		'Extract:  45%|████▌     | 45/1', // a bar cut mid-write is no bar
		'',
		'   ',
	];
	for (const line of falsePositives) {
		it(`ignores ${JSON.stringify(line)}`, () => expect(progress(line)).toBeUndefined());
	}
});

describe('batch summaries and failed items', () => {
	const summaries: [string, number | undefined, number | undefined][] = [
		['成功: 37, 失敗: 3', 37, 3],
		['succeeded: 37, failed: 3', 37, 3],
		['Done: 37 ok, 3 failed', 37, 3],
		['37 succeeded, 3 failed', 37, 3],
		['成功 37件 / 失敗 3件', 37, 3],
		['Summary: 40 ok', 40, undefined],
		['完了 成功: 40', 40, undefined],
	];
	for (const [line, ok, bad] of summaries) {
		it(`summary ${JSON.stringify(line)}`, () => {
			const st: BatchState = {};
			expect(applySummaryLine(st, line)).toBe(true);
			expect(st).toMatchObject({succeeded: ok, failedItems: bad, phase: 'done', done: (ok ?? 0) + (bad ?? 0)});
		});
	}
	for (const line of ['ERROR: 404 Not Found', '3 errors, 2 warnings', 'Retry failed: 3 attempts', 'failed: 3', 'ok']) {
		it(`not a summary: ${JSON.stringify(line)}`, () => expect(applySummaryLine({}, line)).toBe(false));
	}

	const items: [string, string | undefined, string?][] = [
		['失敗: img_003.png', 'img_003.png'],
		['失敗: img_003.png (顔が見つかりません)', 'img_003.png', '顔が見つかりません'],
		['FAILED img_003.png', 'img_003.png'],
		['Error processing img_003.png: bad header', 'img_003.png', 'bad header'],
		['Failed to process data/x/img_9.jpg - corrupt', 'data/x/img_9.jpg', 'corrupt'],
		['エラー: a.png', 'a.png'],
		['ERROR: timeout', undefined],
		['Error: something went wrong', undefined],
		['ERRORS', undefined],
		['Failed: 3', undefined],
		['Processing img_003.png', undefined],
	];
	for (const [line, id, reason] of items) {
		it(`failed item ${JSON.stringify(line)}`, () => {
			const f = parseFailedItem(line);
			expect(f?.id).toBe(id);
			if (reason) expect(f?.reason).toBe(reason);
		});
	}
});

const TQDM_SCRIPT = String.raw`
import sys
from tqdm import tqdm
for i in tqdm(range(5), file=sys.stderr, mininterval=0, desc="Extract"): pass
for i in tqdm(range(4), file=sys.stderr, mininterval=0, unit="img", ascii=True): pass
t = tqdm(file=sys.stderr, mininterval=0)
for i in range(7): t.update(1)
t.close()
# A slow loop (s/it) drawn by tqdm's own formatter, without sleeping.
for n in range(4):
    sys.stderr.write("\r" + tqdm.format_meter(n, 4, elapsed=n * 2.5, prefix="Slow"))
    sys.stderr.flush()
sys.stderr.write("\n")
bar = tqdm(total=6, file=sys.stderr, mininterval=0, desc="処理")
for i in range(1, 7):
    if i == 3: bar.write(f"FAILED img_{i:03d}.png", file=sys.stderr)
    bar.update(1)
bar.close()
print("succeeded: 5, failed: 1", file=sys.stderr)
`;

const JP_SCRIPT = `
import sys
fails = {3, 17, 29}
for i in range(1, 41):
    print(f"処理中 {i}/40: img_{i:03d}.png", flush=True)
    if i in fails:
        print(f"失敗: img_{i:03d}.png (顔が見つかりません)", flush=True)
print("成功: 37, 失敗: 3")
`;

let dir: string;
let tqdmRun: Run | undefined;
let jpRun: Run;
const hasTqdm = pythonCan('import tqdm');

beforeAll(async () => {
	dir = mkdtempSync(join(tmpdir(), 'qt-batch-'));
	writeFileSync(join(dir, 'bars.py'), TQDM_SCRIPT);
	writeFileSync(join(dir, 'jp.py'), JP_SCRIPT);
	const env = {PYTHONIOENCODING: 'utf-8'};
	[tqdmRun, jpRun] = await Promise.all([
		hasTqdm ? run(['/usr/bin/python3', 'bars.py'], {cwd: dir, env}) : Promise.resolve(undefined),
		run(['python3', 'jp.py'], {cwd: dir, env}),
	]);
});

afterAll(() => rmSync(dir, {recursive: true, force: true}));

describe('real tqdm output (Debian python3-tqdm)', () => {
	it.skipIf(!hasTqdm)('final snapshot: last bar, the failed item, the summary', () => {
		const log = tqdmRun!.output;
		expect(log.includes(0x0d)).toBe(true); // redraws use \r
		for (const kind of ['tqdm', 'generic'] as const) {
			const p = parseLog(log, kind);
			expect(p).toMatchObject({kind, done: 6, total: 6, succeeded: 5, failedItems: 1, phase: 'done', summaryLine: 'succeeded: 5, failed: 1'});
			expect(p.failures).toEqual([{id: 'img_003.png', reason: '', outcome: 'failed'}]);
		}
	});

	it.skipIf(!hasTqdm)('each redraw is seen live, before any newline', () => {
		const text = tqdmRun!.output.toString('utf8');
		const parser = createParser('tqdm');
		const third = text.indexOf('| 3/5 [');
		parser.feed(text.slice(0, text.indexOf('\r', third))); // the 3/5 redraw, its line still open
		expect(parser.snapshot()).toMatchObject({done: 3, total: 5, percent: 60, current: 'Extract', phase: 'running'});
		const noTotal = text.indexOf('5it [');
		parser.feed(text.slice(text.indexOf('\r', third), text.indexOf('\r', noTotal)));
		expect(parser.snapshot()).toMatchObject({done: 5});
		expect(parser.snapshot().total).toBeUndefined();
		const slow = text.indexOf('Slow: ', text.indexOf('| 2/4 [', noTotal) - 40);
		parser.feed(text.slice(text.indexOf('\r', noTotal), text.indexOf('\r', slow + 1)));
		const s = parser.snapshot();
		expect(s).toMatchObject({done: 2, total: 4, current: 'Slow'});
		expect(s.rate).toBeCloseTo(0.4, 3); // 2.50s/it
	});

	it.skipIf(!hasTqdm)('random chunk splits give the same snapshot', () => {
		const whole = parseLog(tqdmRun!.output, 'tqdm');
		for (let seed = 1; seed <= 25; seed++) expect(feedAll(randomSplit(tqdmRun!.output, seed), 'tqdm'), `seed ${seed}`).toEqual(whole);
	});

	it.skipIf(hasTqdm)('skipped: tqdm is not importable by /usr/bin/python3', () => {});
});

describe('a Japanese batch script', () => {
	it('counter, current item, failed items and the summary', () => {
		const p = parseLog(jpRun.output, 'generic');
		expect(p).toMatchObject({done: 40, total: 40, percent: 100, current: 'img_040.png', succeeded: 37, failedItems: 3, phase: 'done'});
		expect(p.summaryLine).toBe('成功: 37, 失敗: 3');
		expect(p.failures.map((f) => f.id)).toEqual(['img_003.png', 'img_017.png', 'img_029.png']);
		expect(p.failures[0].reason).toBe('顔が見つかりません');
	});

	it('live: rate and ETA from timed chunks', () => {
		const lines = jpRun.output.toString('utf8').split(/(?<=\n)/);
		const parser = createParser('generic');
		let t = 1_000_000;
		const upTo = lines.findIndex((l) => l.includes(' 30/40'));
		for (const line of lines.slice(0, upTo + 1)) parser.feed(line, (t += 500)); // 2 lines a second, failure lines included
		const s = parser.snapshot();
		expect(s).toMatchObject({done: 30, total: 40, current: 'img_030.png', lastOutputAt: t, phase: 'running'});
		expect(s.rate).toBeGreaterThan(1.5);
		expect(s.rate).toBeLessThan(2.5);
		expect(s.etaSeconds).toBeGreaterThan(3);
		expect(s.etaSeconds).toBeLessThan(8);
	});

	it('random chunk splits (inside the wide characters) give the same snapshot', () => {
		const whole = parseLog(jpRun.output, 'generic');
		for (let seed = 1; seed <= 25; seed++) expect(feedAll(randomSplit(jpRun.output, seed), 'generic')).toEqual(whole);
	});
});
