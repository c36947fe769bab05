import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import {enqueue, openQueue, setPaused, type Queue} from '../../source/core/queue.js';
import type {JobSpec} from '../../source/core/types.js';
import {createDbBackend} from '../../source/ui/backend.js';

let dirs: string[] = [];
let queues: Queue[] = [];
afterEach(() => {
	for (const q of queues) q.store.close();
	for (const d of dirs) fs.rmSync(d, {recursive: true, force: true});
	dirs = [];
	queues = [];
});

function queue(): Queue {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'qtui-backend-'));
	dirs.push(dir);
	const q = openQueue({home: path.join(dir, '.queue'), cwd: dir});
	queues.push(q);
	// Paused, so nothing here ever starts a runner.
	setPaused(q, true);
	return q;
}

const spec = (label?: string): JobSpec => ({argv: ['true'], shell: false, cwd: '/', env: {}, kind: 'generic', maxRetries: 0, backoffMs: 0, label});

describe('the real backend and labels', () => {
	it('reads one label\'s jobs and counts, and lists every label', () => {
		const q = queue();
		for (const label of ['QUAL-045', 'QUAL-044', undefined, 'QUAL-044']) enqueue(q, spec(label));
		const backend = createDbBackend(q, {slots: 1});
		const all = backend.read();
		expect(all.jobs).toHaveLength(4);
		expect(all).toMatchObject({label: undefined, labels: ['QUAL-044', 'QUAL-045'], counts: {queued: 4}});
		const one = backend.read('QUAL-044');
		expect(one.jobs.map(j => j.id)).toEqual([2, 4]);
		expect(one).toMatchObject({label: 'QUAL-044', labels: ['QUAL-044', 'QUAL-045'], counts: {queued: 2}});
		expect(backend.read('QUAL-099')).toMatchObject({jobs: [], counts: {}, labels: ['QUAL-044', 'QUAL-045']});
	});

	it('a command added under a filter carries the label', () => {
		const q = queue();
		const backend = createDbBackend(q, {slots: 1});
		const id = backend.add('echo hi', 'QUAL-044');
		expect(backend.read('QUAL-044').jobs.map(j => [j.id, j.label])).toEqual([[id, 'QUAL-044']]);
		expect(backend.read().jobs.find(j => j.id === backend.add('echo bye'))?.label).toBeUndefined();
	});
});
