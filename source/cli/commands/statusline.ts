import {gatherFacts} from '../../core/status-file.js';
import {formatStatusLine} from '../../core/status.js';
import {readStdinText} from '../../integrations/hook-input.js';
import {existingQueue} from '../../integrations/hook.js';
import type {Parsed} from '../flags.js';
import {childProcess} from '../../core/node-lazy.js';
import {writeOut} from '../stdout.js';

/**
 * `queue-tui statusline [--wrap 'CMD']`: the queue segment for Claude Code's status bar (costs no
 * tokens). With --wrap, the user's previous status command runs first on the same stdin, and the
 * segment is appended to what it printed. Never fails loudly: a status bar is not the place.
 */
export async function run(p: Parsed): Promise<number> {
	const raw = await readStdinText();
	let input = {};
	try {
		input = JSON.parse(raw) as object;
	} catch {}
	const wrapped = typeof p.flags.wrap === 'string' ? await runWrapped(p.flags.wrap, raw) : '';
	let segment = '';
	try {
		const q = existingQueue(input);
		if (q) {
			const facts = gatherFacts(q.store, Date.now());
			q.store.close();
			if (facts.running.length > 0 || facts.waiting > 0 || facts.recent.length > 0) {
				segment = formatStatusLine(facts).replace(/^queue \d\d:\d\d:\d\d \| /, 'queue: ');
			}
		}
	} catch {}
	const before = wrapped.replace(/\n+$/, '');
	writeOut([before, segment].filter(Boolean).join(before.includes('\n') ? '\n' : '  ') + '\n');
	return 0;
}

/** Runs the previous status command with `sh -c` (so `~`, pipes and quotes work) and the same stdin. */
function runWrapped(command: string, stdin: string): Promise<string> {
	return new Promise(resolve => {
		const child = childProcess().spawn('/bin/sh', ['-c', command], {stdio: ['pipe', 'pipe', 'ignore']});
		let out = '';
		const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
		child.stdout.setEncoding('utf8').on('data', d => (out += d));
		child.on('close', () => {
			clearTimeout(timer);
			resolve(out);
		});
		child.on('error', () => resolve(''));
		child.stdin.on('error', () => {});
		child.stdin.end(stdin);
	});
}
