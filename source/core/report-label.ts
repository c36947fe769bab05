/**
 * One report for every job of a label (`queue-tui report --label QUAL-044`): a table of the
 * jobs, then what failed in each failed job. Test ids and reasons are shown without
 * tracebacks (`queue-tui report <id>` has those).
 *
 *   # queue label `QUAL-044`: 3 jobs, 1 failed
 *   | id | name | state | tries | took | summary |
 *   ## #12 `pytest` FAILED
 *   - `tests/test_io.py::test_rt`: `AssertionError: assert 1 == 2`
 */
import {jobName} from './job-name.js';
import {failureById, finalProgress, merged, outcomePhrase, ranFor, triesOf, verdict, type JobFacts} from './report-facts.js';
import {cell, code, table} from './report-md.js';
import type {Attempt, Job} from './types.js';

// A label may gather hundreds of failures; the per-job reports hold the full lists.
const MAX_LISTED = 100;

/** The markdown report of every job carrying `label`, oldest job first. */
export function labelReport(jobs: Array<{job: Job; attempts: Attempt[]}>, label: string, now: number): string {
	const facts: JobFacts[] = jobs.map((j) => ({...j, now})).sort((a, b) => a.job.id - b.job.id);
	const bad = facts.filter((f) => isBad(f.job));
	const out = [`# queue label ${code(label, 200)}: ${facts.length} job${facts.length === 1 ? '' : 's'}, ${bad.length} failed`, ''];
	if (facts.length === 0) return out.concat('No jobs carry this label.', '').join('\n');
	const rows = facts.map((f) => [
		`#${f.job.id}`,
		cell(code(nameOf(f.job))),
		verdict(f.job),
		String(triesOf(f)),
		ranFor(f) || '-',
		cell(outcomePhrase(f) === '' ? '-' : code(outcomePhrase(f))),
	]);
	out.push(table(['id', 'name', 'state', 'tries', 'took', 'summary'], rows));
	for (const f of facts) {
		const flaky = merged(f).flaky;
		if (!isBad(f.job) && flaky.length === 0) continue;
		out.push('', `## #${f.job.id} ${code(nameOf(f.job))} ${verdict(f.job)}`, '');
		const p = finalProgress(f);
		const failures = p?.failures ?? [];
		for (const x of failures.slice(0, MAX_LISTED)) {
			out.push(`- ${code(x.id, 500)}${x.outcome === 'error' ? ' (error)' : ''}: ${code(x.reason)}`);
		}
		if (failures.length > MAX_LISTED) out.push(`- … and ${failures.length - MAX_LISTED} more (see \`queue-tui report ${f.job.id}\`)`);
		if (failures.length === 0 && isBad(f.job)) out.push(`- no failed tests or items parsed; reason: ${code(f.job.reason ?? '')}`);
		if (flaky.length > 0) {
			out.push(`- flaky (failed, then passed on a retry): ${flaky.slice(0, MAX_LISTED).map((id) => code(id, 500)).join(', ')}`);
		}
		const notRerun = merged(f).notRerun;
		for (const id of notRerun.slice(0, MAX_LISTED)) out.push(`- ${code(id, 500)} failed earlier, not re-run since: ${code(failureById(f, id)?.reason ?? '')}`);
	}
	return out.join('\n') + '\n';
}

// Every job here carries the label, so the name says what ran instead.
function nameOf(job: Job): string {
	return jobName({...job, label: undefined}, 40);
}

function isBad(job: Job): boolean {
	return job.state === 'failed' || job.state === 'timed_out';
}
