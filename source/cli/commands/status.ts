import {gatherFacts, statusJson} from '../../core/status-file.js';
import {statusChanged} from '../../core/status-writer.js';
import {emptyFacts, formatStatusLine} from '../../core/status.js';
import {existingQueueFrom, print} from '../context.js';
import type {Parsed} from '../flags.js';

/**
 * `queue-tui status`: the one line, freshly computed, and the status files brought up to date when
 * no runner is alive to keep them so (not with --label: they speak for the whole queue; and not for a queue that does not exist yet,
 * which is not created for it).
 */
export async function run(p: Parsed): Promise<number> {
	const q = existingQueueFrom(p);
	const label = p.flags.label as string | undefined;
	const facts = q ? gatherFacts(q.store, q.now(), {label}) : emptyFacts(Date.now());
	if (q && label === undefined) statusChanged(q);
	q?.store.close();
	const line = formatStatusLine(facts);
	print(p.flags.json ? JSON.stringify(statusJson(facts, line)) : line);
	return 0;
}
