import path from 'node:path';
import type {QueuePaths} from './home.js';
import {treeNote} from './job-where.js';
import {BRIEF_MAX_BYTES, briefReport} from './report-brief.js';
import type {JobFacts} from './report-facts.js';
import type {Store} from './store.js';
import type {Job} from './types.js';

/**
 * The one line `run`, `wait`, the hooks and notifications give about a finished job (<= BRIEF_MAX_BYTES, 160):
 * `queue #42 FAILED pytest exit 1 after 3 tries in 14m02s: 3 failed -> 1 failed, 2 flaky; tests/test_io.py::test_rt; report .queue/reports/42.md`
 * It is the brief report with the pointer to the full one when there is room.
 */
export function resultLine(facts: JobFacts, paths?: QueuePaths): string {
	const note = treeNote(facts.job)?.short;
	const tag = note ? ` ${note.startsWith('@') ? note : `(${note})`}` : '';
	let line = `queue ${briefReport(facts)}`;
	if (line.length + tag.length > BRIEF_MAX_BYTES) line = line.slice(0, BRIEF_MAX_BYTES - 3 - tag.length) + '...';
	line += tag;
	if (paths && facts.job.state !== 'succeeded') {
		const pointer = `; report ${path.relative(paths.root, path.join(paths.reports, `${facts.job.id}.md`)) || '.'}`;
		if (line.length + pointer.length <= BRIEF_MAX_BYTES) line += pointer;
	}
	return line;
}

/** A job's facts as every report form takes them. */
export function factsOf(store: Store, job: Job, now: number): JobFacts {
	return {job, attempts: store.attempts(job.id), now};
}
