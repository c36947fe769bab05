import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import {logPath, reportPath} from '../../source/core/home.js';
import {cleanHistory, selectForClean} from '../../source/core/history.js';
import {enqueue, openQueue, type Queue} from '../../source/core/queue.js';
import type {JobSpec, JobState} from '../../source/core/types.js';

const DAY = 86_400_000;
const NOW = Date.UTC(2026, 10, 28, 12);
const opened: Queue[] = [];

function queue(): Queue {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'qtui-history-'));
	const q = {...openQueue({cwd: dir, home: path.join(dir, '.queue')}), now: () => NOW};
	opened.push(q);
	return q;
}

const spec = (label?: string): JobSpec => ({argv: ['true'], shell: false, cwd: '/', env: {}, kind: 'generic', maxRetries: 0, backoffMs: 0, label});

/** A job that ended `daysAgo` days ago, with a log and a report on disk like a real one. */
function finished(q: Queue, daysAgo: number, state: JobState = 'succeeded', label?: string): number {
	const id = enqueue(q, spec(label));
	q.store.update(id, {state, finished_at: NOW - daysAgo * DAY});
	fs.writeFileSync(logPath(q.paths, id), 'output\n');
	fs.writeFileSync(reportPath(q.paths, id), '# report\n');
	return id;
}

const ids = (q: Queue) => q.store.jobs().map(j => j.id);

afterEach(() => {
	for (const q of opened.splice(0)) {
		q.store.close();
		fs.rmSync(path.dirname(q.paths.home), {recursive: true, force: true});
	}
});

describe('clean', () => {
	it('removes finished jobs older than the limit with their logs and reports, and nothing else', () => {
		const q = queue();
		const old = finished(q, 40, 'failed');
		const recent = finished(q, 2);
		const waiting = enqueue(q, spec());
		expect(cleanHistory(q, {olderThanMs: 30 * DAY})).toBe(1);
		expect(ids(q)).toEqual([recent, waiting]);
		expect(fs.existsSync(logPath(q.paths, old))).toBe(false);
		expect(fs.existsSync(reportPath(q.paths, old))).toBe(false);
		expect(fs.existsSync(logPath(q.paths, recent))).toBe(true);
	});

	it('never removes a job that has not ended, whatever the filter', () => {
		const q = queue();
		const states: JobState[] = ['queued', 'running', 'interrupted'];
		const kept = states.map(state => {
			const id = enqueue(q, spec());
			q.store.update(id, {state, finished_at: NOW - 100 * DAY});
			return id;
		});
		expect(cleanHistory(q, {olderThanMs: 0, keep: 0})).toBe(0);
		expect(ids(q)).toEqual(kept);
	});

	it('keeps the newest N finished jobs, among those of one label when one is given', () => {
		const q = queue();
		const a = [5, 4, 3, 2, 1].map(d => finished(q, d, 'succeeded', 'QUAL-044'));
		const other = finished(q, 9, 'succeeded', 'QUAL-045');
		expect(selectForClean(q, {keep: 2, label: 'QUAL-044'})).toEqual(a.slice(0, 3));
		expect(cleanHistory(q, {keep: 2, label: 'QUAL-044'})).toBe(3);
		expect(ids(q)).toEqual([a[3], a[4], other]);
	});

	it('keeps a finished job that a queued one still depends on', () => {
		const q = queue();
		const dep = finished(q, 50);
		const waiting = enqueue(q, spec(), [{depId: dep, cond: 'success'}]);
		expect(cleanHistory(q, {olderThanMs: DAY})).toBe(0);
		q.store.update(waiting, {state: 'succeeded', finished_at: NOW});
		expect(cleanHistory(q, {olderThanMs: DAY})).toBe(1);
		expect(ids(q)).toEqual([waiting]);
	});

	it('removes attempts and notices with the job (no orphan rows)', () => {
		const q = queue();
		const id = finished(q, 10);
		q.store.insertAttempt(id, 1, NOW - 10 * DAY);
		q.store.markTold('session-1', [id], NOW);
		cleanHistory(q, {keep: 0});
		const count = (table: string) => q.store.db.prepare(`SELECT COUNT(*) FROM ${table}`).pluck().get();
		expect([count('jobs'), count('attempts'), count('notices')]).toEqual([0, 0, 0]);
	});

	it('works through a large history in batches', () => {
		const q = queue();
		q.store.tx(() => {
			for (let i = 0; i < 1200; i++) {
				const id = q.store.insertJob(spec(), 'succeeded', NOW);
				q.store.update(id, {finished_at: NOW - (i + 1) * 1000});
			}
		});
		expect(cleanHistory(q, {keep: 100})).toBe(1100);
		expect(q.store.jobs().length).toBe(100);
	});
});

describe('listing a long history', () => {
	it('`last` returns the newest N jobs in queue order, filtered in SQL', () => {
		const q = queue();
		const all = Array.from({length: 120}, (_, i) => finished(q, 1, 'succeeded', i % 2 ? 'odd' : undefined));
		expect(q.store.jobs({last: 50}).map(j => j.id)).toEqual(all.slice(-50));
		expect(q.store.jobs({last: 5, label: 'odd'}).map(j => j.id)).toEqual(all.filter((_, i) => i % 2).slice(-5));
		expect(q.store.jobs({last: 500}).length).toBe(120);
	});
});

describe('what a live view holds', () => {
	it('every unfinished job and the newest finished ones, in queue order, with every label', async () => {
		const {queueWindow} = await import('../../source/core/queue-window.js');
		const q = queue();
		const old = Array.from({length: 30}, (_, i) => finished(q, 30 - i, 'succeeded', i === 0 ? 'A-1' : undefined));
		const waiting = enqueue(q, spec('B-2'));
		const recent = finished(q, 0.5, 'failed');
		const w = queueWindow(q.store, {finished: 5});
		expect(w.jobs.map(j => j.id)).toEqual([...old.slice(-4), waiting, recent]);
		expect(w.labels).toEqual(['A-1', 'B-2']);
		expect(queueWindow(q.store, {finished: 5, label: 'A-1'}).jobs.map(j => j.id)).toEqual([old[0]]);
	});
});
