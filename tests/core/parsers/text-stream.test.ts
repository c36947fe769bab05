// The chunk normaliser: lines, redraws, escapes and UTF-8 split anywhere.
import {describe, expect, it} from 'vitest';
import {TextStream} from '../../../source/core/parsers/text-stream.js';
import {randomSplit, rng} from './helpers.js';

type Seg = [string, boolean];

function collect(chunks: (Uint8Array | string)[]): {segs: Seg[]; partials: string[]} {
	const segs: Seg[] = [];
	const partials: string[] = [];
	const s = new TextStream((text, isLine) => segs.push([text, isLine]));
	for (const c of chunks) {
		s.push(c);
		partials.push(s.partial);
	}
	s.end();
	return {segs, partials};
}

const enc = (text: string) => new TextEncoder().encode(text);

describe('TextStream', () => {
	it('emits lines, redraws and CRLF; a redraw another one overwrote is summarised away', () => {
		const {segs} = collect(['one\ntwo\r\n\rbar 1\rbar 2\rbar 3\n', 'tail']);
		expect(segs).toEqual([
			['one', true],
			['two', true],
			['bar 2', false],
			['bar 3', true],
			['tail', true],
		]);
	});

	it('minutes of redraws in a chunk cost one segment: what a terminal still shows', () => {
		let text = '';
		for (let i = 1; i <= 100_000; i++) text += `\rExtract: ${i}/100000`;
		const {segs, partials} = collect([text, '\rExtract: done\n']);
		expect(segs).toEqual([['Extract: 100000/100000', false], ['Extract: done', true]]);
		expect(partials[0]).toBe('Extract: 100000/100000');
	});

	it('after skipped output, resyncs at the next line end or redraw', () => {
		const segs: Seg[] = [];
		const s = new TextStream((text, isLine) => segs.push([text, isLine]));
		s.push('first line\nhalf a li');
		s.skip();
		s.push('ne cut in the middle\nnext\n');
		s.skip();
		s.push('tail of a bar\rbar 9/10');
		s.end();
		expect(segs).toEqual([['first line', true], ['next', true], ['bar 9/10', true]]);
	});

	it('a `\\r` at a chunk end waits to see whether `\\n` follows', () => {
		expect(collect(['a\r', '\nb\r', 'c\n']).segs).toEqual([
			['a', true],
			['b', false],
			['c', true],
		]);
	});

	it('tqdm.write() clearing the bar: the text after the last \\r is the line', () => {
		expect(collect(['\r 33%|###  | 1/3\r              \rFAILED img_001.png\n']).segs).toEqual([
			[' 33%|###  | 1/3', false],
			['FAILED img_001.png', true],
		]);
	});

	it('exposes the unfinished redraw as partial', () => {
		const {partials} = collect(['\r 10%|#', '   | 1/10', '\r 20%|##  | 2/10']);
		expect(partials).toEqual([' 10%|#', ' 10%|#   | 1/10', ' 20%|##  | 2/10']);
	});

	it('strips CSI, OSC and short escapes, also when split', () => {
		const raw = '\x1b[31mred\x1b[0m \x1b]0;title\x07\x1b]8;;http://x\x1b\\link\x1b]8;;\x1b\\ \x1b(Bplain\x1b[2K\x1b[1A\n';
		const whole = collect([raw]).segs;
		expect(whole).toEqual([['red link plain', true]]);
		for (let cut = 1; cut < raw.length; cut++) expect(collect([raw.slice(0, cut), raw.slice(cut)]).segs, `cut ${cut}`).toEqual(whole);
	});

	it('strips DCS, SOS, PM and APC strings (sixel, tmux passthrough), also when split', () => {
		const raw = 'a\x1bPq#0;2;0;0;0#1;2;100;100;0\x1b\\b\x1b_Gf=24;AAAA\x1b\\c\x1b^pm\x1b\\d\x1bXsos\x1b\\e\n';
		const whole = collect([raw]).segs;
		expect(whole).toEqual([['abcde', true]]);
		for (let cut = 1; cut < raw.length; cut++) expect(collect([raw.slice(0, cut), raw.slice(cut)]).segs, `cut ${cut}`).toEqual(whole);
	});

	it('decodes UTF-8 split inside a character', () => {
		const bytes = enc('処理中 12/40: img_012.png ████\n');
		const whole = collect([bytes]).segs;
		expect(whole).toEqual([['処理中 12/40: img_012.png ████', true]]);
		for (let cut = 1; cut < bytes.length; cut++) expect(collect([bytes.subarray(0, cut), bytes.subarray(cut)]).segs).toEqual(whole);
	});

	it('drops control characters but keeps tabs', () => {
		expect(collect(['a\x07b\x00c\td\x08\n']).segs).toEqual([['abc\td', true]]);
	});

	it('random splits of a mixed stream give identical segments', () => {
		const next = rng(42);
		const pieces = ['\x1b[32m.\x1b[0m', '\x1b[31mF\x1b[0m', '\r', '\n', '\r\n', '処理', '████', ' 45%|', '\x1b]0;t\x07', 'abc', '\x1b[1A', '\t'];
		let text = '';
		for (let i = 0; i < 3000; i++) text += pieces[Math.floor(next() * pieces.length)];
		const bytes = enc(text);
		const whole = collect([bytes]).segs;
		for (let seed = 1; seed <= 30; seed++) expect(collect(randomSplit(bytes, seed)).segs, `seed ${seed}`).toEqual(whole);
		for (const seg of whole) expect(seg[0]).not.toMatch(/[\x1b\r\n]/);
	});

	it('cuts a line without end into bounded pieces, at the same places however it arrives', () => {
		const big = 'x'.repeat((1 << 20) * 2 + 5) + '\n';
		const whole = collect([big]).segs.map(([t, l]) => [t.length, l]);
		expect(whole).toEqual([
			[1 << 20, true],
			[1 << 20, true],
			[5, true],
		]);
		const split = collect([big.slice(0, 700_000), big.slice(700_000, 1_500_000), big.slice(1_500_000)]).segs.map(([t, l]) => [t.length, l]);
		expect(split).toEqual(whole);
	});
});
