// Custom patterns from .queue-tui.json: compile errors and what matches feed.
import {describe, expect, it} from 'vitest';
import {compilePatterns} from '../../../source/core/parsers/custom.js';
import {createParser, detectKind, parseLog} from '../../../source/core/parsers/index.js';

describe('compilePatterns', () => {
	it('compiles valid items', () => {
		const {patterns, errors} = compilePatterns([
			{command: 'extract\\.py', regex: '^\\[(?<done>\\d+)/(?<total>\\d+)\\] (?<item>\\S+)'},
			{command: 'extract\\.py', regex: '^skip (?<failed>\\S+)', flags: 'i'},
			{command: 'train\\.py', kind: 'tqdm'},
		]);
		expect(errors).toEqual([]);
		expect(patterns.map((p) => p.index)).toEqual([0, 1, 2]);
		expect(patterns[1].regex?.flags).toBe('i');
		expect(patterns[2]).toMatchObject({kind: 'tqdm', regex: undefined});
	});

	it('accepts nothing at all', () => {
		expect(compilePatterns(undefined)).toEqual({patterns: [], errors: []});
	});

	const bad: [unknown, RegExp][] = [
		[{}, /^patterns: expected an array, got an object$/],
		[['x'], /^patterns\[0\]: expected an object/],
		[[{regex: '(?<done>\\d+)'}], /^patterns\[0\]\.command: expected a non-empty string/],
		[[{command: 'a', regex: '(?<done>\\d+'}], /^patterns\[0\]\.regex: invalid regular expression: /],
		[[{command: '(', regex: '(?<done>\\d+)'}], /^patterns\[0\]\.command: invalid regular expression/],
		[[{command: 'a', regex: '(\\d+)/(\\d+)'}], /^patterns\[0\]\.regex: needs a named group \(\?<done>…\)/],
		[[{command: 'a', regex: '(?<count>\\d+)'}], /^patterns\[0\]\.regex: needs a named group/],
		[[{command: 'a', regex: 42}], /^patterns\[0\]\.regex: expected a string, got a number$/],
		[[{command: 'a'}], /^patterns\[0\]\.regex: missing/],
		[[{command: 'a', regex: '(?<done>\\d+)', flags: 'g'}], /^patterns\[0\]\.flags: expected a string of "i", "m", "s", "u", got "g"$/],
		[[{command: 'a', kind: 'jest'}], /^patterns\[0\]\.kind: expected "pytest", "tqdm" or "generic", got "jest"$/],
		[[{command: 'a', regex: '(?<done>\\d+)', comand: 'typo'}], /^patterns\[0\]: unknown key "comand"/],
	];
	for (const [raw, message] of bad) {
		it(`reports ${JSON.stringify(raw)}`, () => {
			const {patterns, errors} = compilePatterns(raw);
			expect(patterns).toEqual([]);
			expect(errors).toHaveLength(1);
			expect(errors[0]).toMatch(message);
			expect(errors[0]).not.toContain('\n');
		});
	}

	it('names the index of the bad item and keeps the good ones', () => {
		const {patterns, errors} = compilePatterns([{command: 'a', regex: '(?<done>\\d+)'}, {command: 'b', regex: '['}]);
		expect(patterns.map((p) => p.index)).toEqual([0]);
		expect(errors[0]).toMatch(/^patterns\[1\]\.regex: invalid regular expression/);
	});
});

describe('custom patterns in a parser', () => {
	const {patterns} = compilePatterns([
		{command: 'extract\\.py', regex: '^IMG (?<item>\\S+) #(?<done>\\d+) of (?<total>\\d+)'},
		{command: 'extract\\.py', regex: '^skip (?<failed>\\S+)', flags: 'i'},
		{command: 'extract\\.py', regex: '^bad=(?<failed>\\d+)'},
		{command: 'train\\.py', kind: 'tqdm'},
	]);
	const log = 'IMG a.png #1 of 3\nSKIP b.png\nIMG c.png #3 of 3\n';

	it('apply when the command line matches', () => {
		const p = parseLog(log, 'generic', {patterns, commandLine: 'python extract.py in/ -o out/'});
		expect(p).toMatchObject({done: 3, total: 3, percent: 100, current: 'c.png', failedItems: 1});
		expect(p.failures).toEqual([{id: 'b.png', reason: '', outcome: 'failed'}]);
		expect(parseLog('bad=4\n', 'generic', {patterns, commandLine: 'extract.py'}).failedItems).toBe(4);
	});

	it('do not apply to other commands, or without a command line', () => {
		expect(parseLog(log, 'generic', {patterns, commandLine: 'python other.py'}).done).toBeUndefined();
		expect(parseLog(log, 'generic', {patterns}).done).toBeUndefined();
	});

	it('apply on top of pytest too, and see the unfinished line', () => {
		const parser = createParser('pytest', {patterns, commandLine: 'pytest && python extract.py'});
		parser.feed('collected 5 items\nIMG x.png #2 of 9');
		expect(parser.snapshot()).toMatchObject({kind: 'pytest', done: 2, total: 9, current: 'x.png'});
	});

	it('a pattern with a kind forces it', () => {
		expect(detectKind(['python', 'train.py'], patterns)).toBe('tqdm');
		expect(detectKind(['python', 'train.py'])).toBe('generic');
	});
});

describe('custom pattern kinds and shell commands', () => {
	it('match the quoted command line and the inside of sh -c', () => {
		const {patterns} = compilePatterns([{command: "^python train\\.py 'a b'", kind: 'tqdm'}, {command: '^make data$', kind: 'tqdm'}]);
		expect(detectKind(['python', 'train.py', 'a b'], patterns)).toBe('tqdm');
		expect(detectKind(['sh', '-c', 'make data'], patterns)).toBe('tqdm');
		expect(detectKind(['make', 'other'], patterns)).toBe('generic');
	});
});
