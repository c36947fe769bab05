import {expect} from 'vitest';
import type {CliResult} from './queue-env.js';

/** Bad input's answer: one clear line on stderr, exit code 2, nothing on stdout. */
export function expectUsage(r: CliResult, pattern: RegExp): void {
	expect(r.code, r.stderr).toBe(2);
	expect(r.stdout).toBe('');
	expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
	expect(r.stderr).toMatch(pattern);
}
