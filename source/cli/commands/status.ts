import fs from 'node:fs';
import {gatherFacts, statusJson, writeStatus} from '../../core/status-file.js';
import {emptyFacts, formatStatusLine} from '../../core/status.js';
import {existingQueueFrom, print} from '../context.js';
import type {Parsed} from '../flags.js';

/** `queue-tui status`: the one line, freshly computed (and the status files brought up to date). */
export async function run(p: Parsed): Promise<number> {
	const q = existingQueueFrom(p);
	const label = p.flags.label as string | undefined;
	if (!q || label !== undefined) {
		// One label's own line (not written to the status files, which speak for the whole queue),
		// or the line of a queue that does not exist yet (which is not created for it).
		const facts = q ? gatherFacts(q.store, q.now(), {label}) : emptyFacts(Date.now());
		q?.store.close();
		print(p.flags.json ? JSON.stringify(statusJson(facts, formatStatusLine(facts))) : formatStatusLine(facts));
		return 0;
	}
	const line = q.store.tx(() => writeStatus(q.paths, q.store, q.now()));
	q.store.close();
	print(p.flags.json ? fs.readFileSync(q.paths.statusJson, 'utf8').trimEnd() : line);
	return 0;
}
