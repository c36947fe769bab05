import fs from 'node:fs';
import {logPath} from '../../core/home.js';
import {LogReader, tailLines} from '../../core/log-reader.js';
import {sanitize} from '../../core/text.js';
import {mustGet} from '../../core/queue.js';
import {isFinal} from '../../core/types.js';
import {idsFrom, intFlag, queueWithJobs} from '../context.js';
import type {Parsed} from '../flags.js';
import {writeOut} from '../stdout.js';

const MAX_HELD = 1 << 20;
const sleep = (ms: number) => new Promise(r => setTimeout(r, ms));

/**
 * `queue-tui log ID [--tail N] [--follow] [--raw]`. Job output is untrusted: escape sequences are
 * removed unless --raw, and only whole lines are printed, so no sequence is ever cut in half.
 * `--tail N` shows the last N lines as a terminal would (a `\r`-redrawn bar is one line, in its
 * last state), reading only the end of the log.
 */
export async function run(p: Parsed): Promise<number> {
	const [id] = idsFrom(p, 'log');
	const tail = intFlag(p, 'tail', 1, 1_000_000);
	const q = queueWithJobs(p, [id]);
	mustGet(q, id);
	const file = logPath(q.paths, id);
	const out = (text: string) => writeOut(p.flags.raw ? text : sanitize(text, {keepNewlines: true}));
	const size = fs.existsSync(file) ? fs.statSync(file).size : 0;
	if (tail !== undefined) {
		const lines = tailLines(file, tail);
		if (lines.length) out(lines.join('\n') + '\n');
	}
	const reader = new LogReader(file, tail !== undefined ? size : 0);
	const decoder = new TextDecoder();
	let carry = '';
	const pump = (final: boolean) => {
		const sink = (chunk: Uint8Array) => {
			carry += decoder.decode(chunk, {stream: true});
			// Whole lines only, so no escape sequence is cut in half; a line with no end in sight is
			// let through in pieces rather than held (a 50 MB line must not sit in memory).
			const cut = carry.length > MAX_HELD ? carry.length - 1 : carry.lastIndexOf('\n');
			if (cut >= 0) {
				out(carry.slice(0, cut + 1));
				carry = carry.slice(cut + 1);
			}
		};
		while (reader.drain(sink) > 0);
		if (final && carry) {
			out(carry + '\n');
			carry = '';
		}
	};
	if (!p.flags.follow) {
		pump(true);
	} else {
		for (;;) {
			const done = isFinal(mustGet(q, id).state);
			pump(done);
			if (done) break;
			await sleep(200);
		}
	}
	reader.close();
	q.store.close();
	return 0;
}
