import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {exitRecord, readExitFile} from '../../source/core/exit-record.js';

describe('exit records', () => {
	let dir: string;
	let exit: string;
	beforeEach(() => {
		dir = fs.mkdtempSync(path.join(os.tmpdir(), 'qtui-exit-'));
		exit = path.join(dir, '1.1');
	});
	afterEach(() => fs.rmSync(dir, {recursive: true, force: true}));

	it('a whole status is the exit code', () => {
		fs.writeFileSync(exit, '13\n');
		expect(readExitFile(exit)).toBe(13);
		expect(exitRecord(exit)).toEqual({exitCode: 13});
	});

	it('a status cut short or empty (a full disk) is never read as a result, but shows the job ended', () => {
		for (const cut of ['', '1', '13']) {
			fs.writeFileSync(exit, cut);
			expect(readExitFile(exit)).toBeUndefined();
			expect(exitRecord(exit)).toBe('lost');
		}
	});

	it('an earlier wrapper\'s temp file counts when whole, and as an end when not', () => {
		fs.writeFileSync(`${exit}.tmp`, '0\n');
		expect(exitRecord(exit)).toEqual({exitCode: 0});
		fs.writeFileSync(`${exit}.tmp`, '');
		expect(exitRecord(exit)).toBe('lost');
	});

	it('no file: no sign of an end', () => {
		expect(readExitFile(exit)).toBeUndefined();
		expect(exitRecord(exit)).toBeUndefined();
	});
});
