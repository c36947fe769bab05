import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterAll, describe, expect, it} from 'vitest';
import {MAX_LINE_BYTES, MAX_SCAN_BYTES, tailLines} from '../../source/core/log-tail.js';
import {END_BYTES, FREE_BYTES, MAX_LAG_BYTES, OutputBudget, SHARE} from '../../source/core/output-budget.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'qtui-tail-'));
afterAll(() => fs.rmSync(dir, {recursive: true, force: true}));
let n = 0;
function tail(data: string | Buffer, count = 10): string[] {
	const file = path.join(dir, `${n++}.log`);
	fs.writeFileSync(file, data);
	return tailLines(file, count);
}

describe('tailLines: the last lines as a terminal shows them, read from the end', () => {
	it('a redrawn line shows its last state, and counts as one line', () => {
		let bar = '';
		for (let i = 1; i <= 500; i++) bar += `\rExtract: ${i}/500`;
		expect(tail(`start\n${bar}\ndone\n`, 3)).toEqual(['start', 'Extract: 500/500', 'done']);
		expect(tail(`start\n${bar}\ndone\n`, 2)).toEqual(['Extract: 500/500', 'done']);
		// tqdm.write(): the bar is cleared, then a line printed over it.
		expect(tail('\r 33%|###  | 1/3\r              \rFAILED img_001.png\n')).toEqual(['FAILED img_001.png']);
		// An unfinished bar (no line end yet) is the last line.
		expect(tail('a\n\rstep 1\rstep 2')).toEqual(['a', 'step 2']);
	});

	it('lines, CRLF, empty lines, no trailing newline, empty file', () => {
		expect(tail('one\r\ntwo\r\n')).toEqual(['one', 'two']);
		expect(tail('a\nb')).toEqual(['a', 'b']);
		expect(tail('\nabc\n')).toEqual(['', 'abc']);
		expect(tail('a\n\n\nb\n')).toEqual(['a', '', '', 'b']);
		expect(tail('')).toEqual([]);
		expect(tail('1\n2\n3\n4\n5\n', 2)).toEqual(['4', '5']);
		expect(tailLines(path.join(dir, 'missing.log'), 5)).toEqual([]);
	});

	it('never follows a symlink', () => {
		const target = path.join(dir, 'secret.txt');
		fs.writeFileSync(target, 'secret\n');
		fs.symlinkSync(target, path.join(dir, 'link.log'));
		expect(tailLines(path.join(dir, 'link.log'), 5)).toEqual([]);
	});

	it('a long line keeps its end after a marker, with no character cut in two', () => {
		const [line] = tail('é'.repeat(5000) + '\n');
		expect(line).toMatch(/^\[queue-tui: \d+ bytes of this line cut\] é+$/);
		expect(Buffer.byteLength(line.slice(line.indexOf('] ') + 2))).toBeLessThanOrEqual(MAX_LINE_BYTES);
		expect(line).not.toContain('\ufffd');
	});

	it('reads no more than its scan limit: a line with no start in sight shows its end', () => {
		const size = MAX_SCAN_BYTES + 3 * 1024 * 1024;
		const lines = tail(Buffer.concat([Buffer.from('first\n'), Buffer.alloc(size, 'x'), Buffer.from('\nlast\n')]), 20);
		expect(lines).toHaveLength(2);
		expect(lines[0]).toMatch(/^\[queue-tui: more than [\d.]+ MB of this line cut\] x+$/);
		expect(lines[1]).toBe('last');
		// Redraws with no line end at all: the last redraw, found at once.
		let bar = '';
		for (let i = 0; i < 400_000; i++) bar += `\rstep ${i}/400000 ${'#'.repeat(40)}`;
		expect(bar.length).toBeGreaterThan(MAX_SCAN_BYTES);
		expect(tail(bar, 20)).toEqual([`step 399999/400000 ${'#'.repeat(40)}`]);
	});
});

describe('OutputBudget: what the runner parses of a job\'s output', () => {
	it('parses a normal job\'s output whole', () => {
		const b = new OutputBudget();
		expect(b.plan(100_000, false)).toEqual({skip: 0, keep: 100_000});
		b.count(100_000, 0);
		expect(b.plan(1_000_000, true)).toEqual({skip: 0, keep: 1_000_000});
	});

	it('skips the oldest of a flood, keeps the view current, and parses only a share beyond the free start', () => {
		const b = new OutputBudget();
		expect(b.plan(50e6, false)).toEqual({skip: 50e6 - MAX_LAG_BYTES, keep: MAX_LAG_BYTES});
		b.count(FREE_BYTES, 50e6 - FREE_BYTES);
		// The free start is used up: of the next 100 MB only its share (the newest) is parsed.
		const {skip, keep} = b.plan(100e6, false);
		expect(keep).toBe(Math.floor(FREE_BYTES + SHARE * 150e6 - FREE_BYTES));
		expect(skip + keep).toBe(100e6);
		// At the end the newest output (the summary) is read, bounded.
		expect(b.plan(50e6, true)).toEqual({skip: 50e6 - END_BYTES, keep: END_BYTES});
	});
});
