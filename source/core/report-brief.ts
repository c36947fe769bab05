/**
 * The brief report: one line for agents (`queue-tui report <id> --brief`), so a look at a
 * job's end costs ~40 tokens. Printable ASCII, at most 160 bytes:
 *
 *   #12 FAILED pytest exit 1 after 3 tries in 14m02s: 3 failed -> 1 failed, 2 flaky; tests/test_io.py::test_rt: AssertionError: assert 1 == 2
 *   #13 OK extract_character in 31m02s: 37/40, 3 failed items; img_012.png: decode error
 */
import {jobTitle} from './job-name.js';
import {headlineFailure, outcomePhrase, ranFor, triesOf, verdict, type JobFacts} from './report-facts.js';
import {ascii, oneLine} from './text.js';

/** The longest brief line, in bytes (it is ASCII, so also in characters). */
export const BRIEF_MAX_BYTES = 160;

/** One factual line about a job (finished or not); see the module doc for its shape. */
export function briefReport(input: JobFacts): string {
	const {job} = input;
	const bits = [`#${job.id} ${verdict(job)} ${jobTitle(job, 24)}`];
	if (job.state !== 'succeeded') {
		if (job.exitCode !== undefined) bits.push(`exit ${job.exitCode}`);
		else if (job.signal) bits.push(job.signal);
	}
	const tries = triesOf(input);
	if (tries > 1) bits.push(`after ${tries} tries`);
	const ran = ranFor(input);
	if (ran !== '') bits.push(`in ${ran}${job.finishedAt === undefined ? ' so far' : ''}`);
	let line = bits.join(' ');
	const phrase = outcomePhrase(input);
	if (phrase !== '') line += `: ${phrase}`;
	const head = headlineFailure(input);
	if (head) {
		const {id, reason} = head.failure;
		line += `; ${head.flaky ? 'flaky ' : ''}${id}${reason && !head.flaky ? `: ${reason}` : ''}`;
	} else if (job.state !== 'succeeded' && job.exitCode === undefined && job.reason) {
		// No exit code and no failures: the reason is the news (`timed out after 30m`, spawn errors).
		line += `; ${job.reason.split(';')[0]}`;
	}
	// Job output and labels are untrusted: no escapes, no controls, nothing beyond ASCII.
	line = ascii(oneLine(line, 10_000));
	return line.length > BRIEF_MAX_BYTES ? line.slice(0, BRIEF_MAX_BYTES - 3) + '...' : line;
}
