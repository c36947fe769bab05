import {describe, expect, it} from 'vitest';
import {bar, cleanLogLine, etaText, fitHints, percentText} from '../../source/view/format.js';
import {textWidth} from '../../source/core/text-width.js';

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
		expect(textWidth(bar(pct, width))).toBe(width);
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
