import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import {resolvePaths} from '../../source/core/home.js';
import {endedJobKey, FinalMemo} from '../../source/serve/final-memo.js';
import {ChangeFeed} from '../../source/serve/changes.js';
import type {Job} from '../../source/core/types.js';

let dir: string | undefined;
let feed: ChangeFeed | undefined;
afterEach(() => {
	feed?.close();
	if (dir) fs.rmSync(dir, {recursive: true, force: true});
});

/** Resolves with the first change set holding `what`, or rejects after a generous deadline. */
function heard(f: ChangeFeed, what: string, deadlineMs = 20_000): Promise<Set<string>> {
	return new Promise((resolve, reject) => {
		const timer = setTimeout(() => reject(new Error(`never heard ${what}`)), deadlineMs);
		const off = f.on(set => {
			if (!set.has(what)) return;
			clearTimeout(timer);
			off();
			resolve(set);
		});
	});
}

describe('the change feed', () => {
	it('hears a followed log grow, and only logs that are followed', async () => {
		dir = fs.mkdtempSync(path.join(os.tmpdir(), 'qtui-feed-'));
		const paths = resolvePaths({cwd: dir, home: path.join(dir, '.queue')});
		fs.mkdirSync(paths.logs, {recursive: true});
		fs.writeFileSync(path.join(paths.logs, '1.log'), 'one\n');
		fs.writeFileSync(path.join(paths.logs, '2.log'), 'two\n');
		feed = new ChangeFeed(paths, () => 'same', 20);
		const seen: string[] = [];
		feed.on(set => seen.push(...set));
		feed.followLogs([1]);
		const growth = heard(feed, 'log:1');
		fs.appendFileSync(path.join(paths.logs, '2.log'), 'more\n');
		fs.appendFileSync(path.join(paths.logs, '1.log'), 'more\n');
		await growth;
		expect(seen).not.toContain('log:2');
		// A log that does not exist yet is heard once the job starts writing it.
		feed.followLogs([3]);
		const created = heard(feed, 'log:3');
		fs.writeFileSync(path.join(paths.logs, '3.log'), 'three\n');
		await created;
	});

	it('hears nothing of the database while its version stays the same', async () => {
		dir = fs.mkdtempSync(path.join(os.tmpdir(), 'qtui-feed-'));
		const paths = resolvePaths({cwd: dir, home: path.join(dir, '.queue')});
		fs.mkdirSync(paths.logs, {recursive: true});
		let version = 'v1';
		feed = new ChangeFeed(paths, () => version, 20);
		const seen: string[] = [];
		feed.on(set => seen.push(...set));
		feed.mark('db');
		version = 'v2';
		const moved = heard(feed, 'db');
		feed.mark('db');
		await moved;
		// The first mark (still v1 when it was flushed, or coalesced with the second) was heard at most once.
		expect(seen.filter(w => w === 'db')).toHaveLength(1);
	});
});

describe('the memo of ended jobs', () => {
	const job = (over: Partial<Job>): Job => ({id: 7, state: 'failed', attempt: 1, finishedAt: 1000, ...over}) as Job;

	it('makes an ended job\'s text once, again when it ran again, and every time for a live job', () => {
		const memo = new FinalMemo(2);
		let made = 0;
		const make = () => `text ${++made}`;
		const get = (j: Job, kind: string) => memo.get(endedJobKey(j, kind), make);
		expect(get(job({}), 'line')).toBe('text 1');
		expect(get(job({}), 'line')).toBe('text 1');
		expect(get(job({attempt: 2, finishedAt: 2000}), 'line')).toBe('text 2');
		expect(get(job({state: 'running', finishedAt: undefined}), 'line')).toBe('text 3');
		expect(get(job({state: 'running', finishedAt: undefined}), 'line')).toBe('text 4');
		// Bounded: a third ended entry pushes out the oldest.
		get(job({id: 8}), 'line');
		expect(get(job({}), 'line')).toBe('text 6');
	});
});
