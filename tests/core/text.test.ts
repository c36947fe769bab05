// The one place that says what is printable: escapes, controls, one-line and ASCII forms.
import {describe, expect, it} from 'vitest';
import {ascii, cut, oneLine, sanitize, stripEscapes, unfinishedEscapeStart} from '../../source/core/text.js';

describe('sanitize', () => {
	it('removes escapes, controls and bidi overrides; newlines become spaces', () => {
		expect(sanitize('\x1b[31mred\x1b[0m\ttab\r\nnext\u202eevil\x07')).toBe('red tab nextevil');
		expect(sanitize('a\r\nb\nc', {keepNewlines: true})).toBe('a\nb\nc');
		expect(sanitize('\x1b]0;pwned\x07ok')).toBe('ok');
	});

	it('removes DCS strings whole (sixel, DECRQSS), not just their introducer', () => {
		expect(sanitize('before\x1bPq#0;2;0;0;0#0~~@@vv\x1b\\after')).toBe('beforeafter');
		expect(sanitize('x\x1bP$qm\x1b\\y')).toBe('xy');
		expect(sanitize('x\x1b_Gf=100;AAAA\x1b\\y')).toBe('xy');
	});

	it('removes C1 forms of CSI and OSC, and any lone ESC', () => {
		expect(sanitize('\x9b31mC1')).toBe('C1');
		expect(sanitize('\x9d0;title\x07t')).toBe('t');
		expect(sanitize('a\x1b')).toBe('a');
	});

	it('stripEscapes keeps layout characters', () => {
		expect(stripEscapes('\x1b[1ma\tb\r\n')).toBe('a\tb\r\n');
	});
});

describe('unfinishedEscapeStart', () => {
	it.each([
		['text\x1b[3', 4],
		['text\x1b]0;tit', 4],
		['text\x1b]0;title\x1b', 4],
		['text\x1bPq#0;2', 4],
		['text\x1bPq#0;2\x1b', 4],
		['text\x1b', 4],
		['text\x1b[31m', -1],
		['text\x1b]0;t\x07', -1],
		['plain', -1],
	])('%j holds from %i', (text, at) => expect(unfinishedEscapeStart(text, 4096)).toBe(at));

	it('gives up beyond the limit', () => {
		expect(unfinishedEscapeStart('\x1b]' + 'x'.repeat(100), 50)).toBe(-1);
	});
});

describe('one-line forms', () => {
	it('oneLine sanitizes, trims and cuts by characters', () => {
		expect(oneLine('  a\x1b[31mb\x1b[0m\x1b]0;title\x07c\x00d\r\ne\tf  ')).toBe('abcd e f');
		expect(oneLine('abcdef', 4)).toBe('abc…');
	});

	it('cut never splits a surrogate pair', () => {
		expect(cut('ab😀cd', 4)).toBe('ab😀…');
		expect(cut('abc', 3)).toBe('abc');
	});

	it('ascii gives one ? per character, escapes removed', () => {
		expect(ascii('#3 処理 ✓ 🚀\x1b[1mok')).toBe('#3 ?? ? ?ok');
	});
});
