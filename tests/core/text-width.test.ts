// Column widths by the rules Ink uses (string-width): emoji and East Asian wide characters take two.
import {describe, expect, it} from 'vitest';
import {clip, clipStart, fit, textWidth, wrapHard} from '../../source/core/text-width.js';

describe('display width', () => {
	it.each([
		['abc', 3],
		['処理中 12/40', 12],
		['ｱ', 1],
		['Ｇ', 2],
		['e\u0301', 1],
		['████░░', 6],
		['🚀', 2],
		['✅', 2],
		['☕', 2],
		['⚠️', 2],
		['👩‍💻', 2],
		['#3 🚀 deploy ✅', 15],
	])('%s is %i columns', (text, width) => expect(textWidth(text)).toBe(width));
});

describe('clip and fit', () => {
	it('cuts with an ellipsis and never exceeds the width', () => {
		expect(clip('hello world', 8)).toBe('hello w…');
		expect(clip('short', 8)).toBe('short');
		expect(clip('処理中処理中', 7)).toBe('処理中…');
		expect(textWidth(clip('処理中処理中', 7))).toBeLessThanOrEqual(7);
		expect(clip('x', 0)).toBe('');
		// A wide character that would straddle the edge is left out, not half-shown.
		expect(clip('ab処理中', 4)).toBe('ab…');
		expect(clip('⚠️ warn ☕ coffee 🚀 go', 12)).toBe('⚠️ warn ☕ …');
		for (let w = 1; w < 24; w++) expect(textWidth(clip('⚠️ warn ☕ coffee 🚀 go 処理', w)), `width ${w}`).toBeLessThanOrEqual(w);
	});

	it('keeps the end of a path', () => {
		expect(clipStart('/home/me/project/tests', 10)).toBe('…ect/tests');
		expect(clipStart('/a/b/処理中', 5)).toBe('…理中');
	});

	it('pads to exactly the width, left or right aligned', () => {
		expect(fit('ab', 4)).toBe('ab  ');
		expect(fit('ab', 4, true)).toBe('  ab');
		expect(fit('abcdef', 4)).toBe('abc…');
		expect(textWidth(fit('処理中', 5))).toBe(5);
	});

	it('wraps hard and clips the last allowed line', () => {
		expect(wrapHard('abcdefgh', 3, 5)).toEqual(['abc', 'def', 'gh']);
		expect(wrapHard('abcdefgh', 3, 2)).toEqual(['abc', 'de…']);
		expect(wrapHard('', 3, 2)).toEqual(['']);
	});
});


describe('wrapWords', () => {
	it('breaks at spaces, indents what follows, and hard-wraps only a word wider than a line', async () => {
		const {wrapWords} = await import('../../source/core/text-width.js');
		expect(wrapWords('retry a failed, cancelled or timed-out job', 20, 2)).toEqual(['retry a failed,', '  cancelled or', '  timed-out job']);
		expect(wrapWords('short', 20)).toEqual(['short']);
		expect(wrapWords('abcdefghij', 4)).toEqual(['abcd', 'efgh', 'ij']);
		for (const line of wrapWords('🚀 rocket ✅ done ☕ coffee', 8)) expect(textWidth(line)).toBeLessThanOrEqual(8);
	});
});
