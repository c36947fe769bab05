// pytest's own --junitxml as the ground truth for counts and failed / errored tests.
import {expect} from 'vitest';
import type {Progress} from '../../../source/core/parsers/types.js';

export interface Junit {
	tests: number;
	failures: number;
	errors: number;
	skipped: number;
	/** `classname.name` of test cases with <failure> / <error>. */
	failed: Set<string>;
	errored: Set<string>;
	/** `classname.name` of every test case. */
	cases: Set<string>;
	/** Tests that failed and then errored in teardown: junit's `tests` counts them once, not twice. */
	doubleFail: number;
}

const unescape = (s: string) =>
	s.replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&#10;/g, '\n').replace(/&amp;/g, '&');

export function readJunit(xml: string): Junit {
	const attrs = /<testsuite\b([^>]*)>/.exec(xml)![1];
	const num = (name: string) => Number(new RegExp(`\\b${name}="(\\d+)"`).exec(attrs)![1]);
	const failed = new Set<string>();
	const errored = new Set<string>();
	const teardown: string[] = [];
	const cases = new Set<string>();
	for (const m of xml.matchAll(/<testcase\b([^>]*?)(?:\/>|>([\s\S]*?)<\/testcase>)/g)) {
		const nameAttr = /\bname="([^"]*)"/.exec(m[1]);
		if (!nameAttr) continue; // a KeyboardInterrupt leaves an empty <testcase time="…" />
		const classname = unescape(/classname="([^"]*)"/.exec(m[1])?.[1] ?? '');
		const name = unescape(nameAttr[1]);
		const key = classname ? `${classname}.${name}` : name;
		cases.add(key);
		if (m[2]?.includes('<failure')) failed.add(key);
		if (m[2]?.includes('<error')) errored.add(key);
		if (m[2]?.includes('<error message="failed on teardown')) teardown.push(key);
	}
	const doubleFail = teardown.filter((k) => failed.has(k)).length;
	return {tests: num('tests'), failures: num('failures'), errors: num('errors'), skipped: num('skipped'), failed, errored, cases, doubleFail};
}

/** A node id in junit's `classname.name` form (pytest's own mangle_test_address). */
export function junitKey(id: string): string {
	const open = id.indexOf('[');
	const names = (open < 0 ? id : id.slice(0, open)).split('::');
	names[0] = names[0].replace(/\//g, '.').replace(/\.py$/, '');
	if (open >= 0) names[names.length - 1] += id.slice(open);
	return names.join('.');
}

/** Counts and failed / errored tests of a parse agree with the junit file. */
export function checkAgainstJunit(p: Progress, j: Junit, what = ''): void {
	const c = p.counts;
	expect.soft(c.failed, `${what} failed`).toBe(j.failures);
	expect.soft(c.errors, `${what} errors`).toBe(j.errors);
	// junit counts xfail as skipped and (non-strict) xpass as passed.
	expect.soft(c.skipped + c.xfailed, `${what} skipped`).toBe(j.skipped);
	expect.soft(c.passed + c.xpassed, `${what} passed`).toBe(j.tests - j.failures - j.errors - j.skipped + j.doubleFail);
	const failed = p.failures.filter((f) => f.outcome === 'failed').map((f) => junitKey(f.id));
	const errored = p.failures.filter((f) => f.outcome === 'error').map((f) => junitKey(f.id));
	expect.soft(failed.sort(), `${what} failed ids`).toEqual([...j.failed].sort());
	expect.soft(errored.sort(), `${what} errored ids`).toEqual([...j.errored].sort());
}
