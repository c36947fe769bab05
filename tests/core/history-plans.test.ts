// The reads on the CLI's and hooks' hot paths, each checked with EXPLAIN QUERY PLAN against a real
// database: none may walk the whole jobs table or sort the history, or its cost grows with every
// job ever run. The SQL is captured from the Store's own calls, so a rewritten query is checked too.
import {describe, expect, it} from 'vitest';
import {finishedBetween, nthFinished} from '../../source/core/history-pages.js';
import type {Store} from '../../source/core/store.js';
import {eventsAfter} from '../../source/core/store-events.js';
import {labelsIn} from '../../source/core/store-history.js';
import {spec, tempQueues} from '../helpers/temp-queue.js';

const newQueue = tempQueues('qt-plans-');

/** The SQL a Store method prepares while it runs, with the plan SQLite chose for each. */
function plansOf(store: Store, fn: () => unknown): Array<{sql: string; plan: string[]}> {
	const prepared: string[] = [];
	const prepare = store.db.prepare.bind(store.db);
	(store.db as {prepare: unknown}).prepare = (sql: string) => {
		prepared.push(sql);
		return prepare(sql);
	};
	try {
		fn();
	} finally {
		(store.db as {prepare: unknown}).prepare = prepare;
	}
	return prepared.map(sql => ({sql, plan: (store.db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...paramsFor(sql)) as Array<{detail: string}>).map(r => r.detail)}));
}

/** Placeholder values for EXPLAIN (the plan does not depend on them). */
const paramsFor = (sql: string) => Array.from(sql.matchAll(/\?/g), () => 'x');

/**
 * A plan that reads every job: a SCAN of jobs, unless it walks an index in the order asked and stops
 * at a LIMIT (the newest 50 in queue order: 50 rows read, whatever the history).
 */
const growsWithHistory = (sql: string, plan: string[]) =>
	plan.some(d => /^SCAN (jobs|j)\b/.test(d) && !(/USING (COVERING )?INDEX/.test(d) && /\bLIMIT\b/.test(sql)));

describe('hot-path reads against a history', () => {
	const q = () => {
		const queue = newQueue();
		const {store} = queue;
		store.tx(() => {
			for (let i = 0; i < 300; i++) {
				const id = store.insertJob(spec({label: i % 2 ? 'QUAL-1' : undefined, sessionId: i % 3 ? 's1' : undefined}), 'succeeded', 1000 + i);
				store.update(id, {finished_at: 2000 + i, exit_code: 0});
			}
			store.insertJob(spec(), 'queued', 5000);
		});
		return queue;
	};

	it('the status line, list, the hooks and wait each search an index, never scan the jobs', () => {
		const {store} = q();
		const reads: Array<[string, () => unknown]> = [
			['status: waiting count', () => store.countStates(['queued', 'interrupted'])],
			['status --label: waiting count', () => store.countStates(['queued', 'interrupted'], 'QUAL-1')],
			['status: running jobs', () => store.jobs({states: ['running']})],
			['status: recent results', () => store.recentFinished(20)],
			['list: the last 50', () => store.jobs({last: 50})],
			['list --label: the last 50', () => store.jobs({label: 'QUAL-1', last: 50})],
			['hook: untold results', () => store.untold('s1', 2100)],
			['hook session-start: unfinished counts', () => store.countStates(['running', 'queued', 'interrupted'])],
			['wait: one job', () => store.job(7)],
		];
		for (const [name, read] of reads) {
			const plans = plansOf(store, read);
			expect(plans.length, name).toBeGreaterThan(0);
			for (const {sql, plan} of plans) expect(growsWithHistory(sql, plan), `${name}: ${sql}\n${plan.join('\n')}`).toBe(false);
		}
	});

	it("the TUI's reads at start and while paging search an index, never scan the jobs", () => {
		const {store} = q();
		const key = {position: 100, id: 100};
		const reads: Array<[string, () => unknown]> = [
			['unfinished jobs', () => store.jobs({states: ['queued', 'running', 'interrupted']})],
			['unfinished jobs of a label', () => store.jobs({states: ['queued', 'running', 'interrupted'], label: 'QUAL-1'})],
			['where the last 200 finished start', () => nthFinished(store, {n: 200, down: true})],
			['where the last 200 of a label start', () => nthFinished(store, {label: 'QUAL-1', n: 200, down: true})],
			['the page before a key', () => nthFinished(store, {n: 200, down: true, before: key})],
			['the page after a key, of a label', () => nthFinished(store, {label: 'QUAL-1', n: 201, down: false, from: key})],
			['the first page', () => nthFinished(store, {n: 201, down: false})],
			['the finished jobs of a stretch', () => finishedBetween(store, {from: key, to: {position: 150, id: 150}})],
			['the finished jobs of a label from a key on', () => finishedBetween(store, {label: 'QUAL-1', from: key})],
			['every label', () => labelsIn(store)],
			['jobs per state', () => store.countByState()],
			['jobs per state of a label', () => store.countByState('QUAL-1')],
			['jobs per label and state (the dashboard)', () => store.labelStateCounts()],
			['the event log', () => eventsAfter(store, 0)],
		];
		for (const [name, read] of reads) {
			const plans = plansOf(store, read);
			expect(plans.length, name).toBeGreaterThan(0);
			for (const {sql, plan} of plans) {
				expect(growsWithHistory(sql, plan), `${name}: ${sql}\n${plan.join('\n')}`).toBe(false);
				// Sorting the jobs not over yet, or the counts (a row per label and state), costs what they hold, not the history.
				if (!name.startsWith('unfinished') && !sql.includes('FROM state_counts')) expect(plan.some(d => d.includes('TEMP B-TREE')), `${name} sorts: ${sql}\n${plan.join('\n')}`).toBe(false);
			}
		}
		expect(labelsIn(store)).toEqual(['QUAL-1']);
	});

	it('the untold results of a session: its own, and unowned ones since it started, each once', () => {
		const {store} = q();
		const untold = store.untold('s1', 2290);
		// Own jobs (i % 3 != 0) from the oldest, and unowned (i % 3 == 0) finished at 2290 or later.
		expect(untold.map(j => j.id)).toEqual([2, 3, 5, 6, 8, 9, 11, 12, 14, 15, 17, 18, 20, 21, 23, 24, 26, 27, 29, 30]);
		store.markTold('s1', untold.map(j => j.id), 1);
		expect(store.untold('s1', 2290)[0].id).toBe(32);
	});

	it('countStates counts only the states asked, per label when given', () => {
		const {store} = q();
		expect(store.countStates(['queued', 'interrupted'])).toEqual({queued: 1});
		expect(store.countStates(['succeeded'], 'QUAL-1')).toEqual({succeeded: 150});
		expect(store.countStates(['running'])).toEqual({});
	});

	it('eachJob yields what jobs() returns, one at a time, for every filter', () => {
		const {store} = q();
		for (const filter of [{}, {last: 50}, {label: 'QUAL-1'}, {label: null, last: 7}, {states: ['queued' as const]}, {limit: 3}]) {
			expect([...store.eachJob(filter)], JSON.stringify(filter)).toEqual(store.jobs(filter));
		}
	});
});
