import {describe, expect, it} from 'vitest';
import {bar, cleanLogLine, clip, clipStart, displayWidth, etaText, fit, fitHints, percentText, wrapHard} from '../../source/view/format.js';

describe('display width', () => {
	it.each([
		['abc', 3],
		['処理中 12/40', 12],
		['ｱ', 1],
		['Ｇ', 2],
		['e\u0301', 1],
		['████░░', 6],
	])('%s is %i columns', (text, width) => expect(displayWidth(text)).toBe(width));
});

describe('clip and fit', () => {
	it('cuts with an ellipsis and never exceeds the width', () => {
		expect(clip('hello world', 8)).toBe('hello w…');
		expect(clip('short', 8)).toBe('short');
		expect(clip('処理中処理中', 7)).toBe('処理中…');
		expect(displayWidth(clip('処理中処理中', 7))).toBeLessThanOrEqual(7);
		expect(clip('x', 0)).toBe('');
	});

	it('keeps the end of a path', () => {
		expect(clipStart('/home/me/project/tests', 10)).toBe('…ect/tests');
	});

	it('pads to exactly the width, left or right aligned', () => {
		expect(fit('ab', 4)).toBe('ab  ');
		expect(fit('ab', 4, true)).toBe('  ab');
		expect(fit('abcdef', 4)).toBe('abc…');
		expect(displayWidth(fit('処理中', 5))).toBe(5);
	});

	it('wraps hard and clips the last allowed line', () => {
		expect(wrapHard('abcdefgh', 3, 5)).toEqual(['abc', 'def', 'gh']);
		expect(wrapHard('abcdefgh', 3, 2)).toEqual(['abc', 'de…']);
		expect(wrapHard('', 3, 2)).toEqual(['']);
	});
});

describe('bar', () => {
	it.each([
		[0, 8, '░░░░░░░░'],
		[50, 8, '████░░░░'],
		[100, 8, '████████'],
		[45, 10, '████▌░░░░░'],
		[150, 4, '████'],
		[Number.NaN, 4, '░░░░'],
	])('%d%% over %i cells', (pct, width, want) => {
		expect(bar(pct, width)).toBe(want);
		expect(displayWidth(bar(pct, width))).toBe(width);
	});

	it('has the exact width for every percent', () => {
		for (let p = 0; p <= 100; p += 0.7) expect([...bar(p, 9)].length).toBe(9);
	});
});

describe('small formats', () => {
	it('floors percents so 99.9 is not shown as done', () => {
		expect(percentText(99.9)).toBe('99%');
		expect(percentText(100)).toBe('100%');
	});

	it('formats an ETA or nothing', () => {
		expect(etaText(62)).toBe('1m02s');
		expect(etaText(undefined)).toBe('');
		expect(etaText(-1)).toBe('');
	});

	it('keeps the help and quit hints and fits the others in order', () => {
		const hints = ['r retry', 'c cancel', 'p pause', 'l log', '? help', 'q quit'];
		expect(fitHints(hints, 38)).toEqual(['r retry', 'c cancel', 'p pause', '? help', 'q quit']);
		expect(fitHints(hints, 200)).toEqual(hints);
		expect(fitHints(hints, 5)).toEqual(['? help', 'q quit']);
	});
});

describe('cleanLogLine', () => {
	it('keeps what a terminal would show after \\r redraws', () => {
		expect(cleanLogLine('Extract:  20%|██ | 1/5\rExtract:  40%|████ | 2/5')).toBe('Extract:  40%|████ | 2/5');
		expect(cleanLogLine('text\r')).toBe('text');
	});

	it('removes escape sequences and control characters', () => {
		const line = '\u001b[31mred\u001b[0m \u001b]0;title\u0007ok\u0008\u0007';
		expect(cleanLogLine(line)).toBe('red ok');
	});
});
