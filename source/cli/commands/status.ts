import fs from 'node:fs';
import {writeStatus} from '../../core/status-file.js';
import {print, queueFrom} from '../context.js';
import type {Parsed} from '../flags.js';

/** `queue-tui status`: the one line, freshly computed (and the status files brought up to date). */
export async function run(p: Parsed): Promise<number> {
	const q = queueFrom(p);
	const line = q.store.tx(() => writeStatus(q.paths, q.store, q.now()));
	q.store.close();
	print(p.flags.json ? fs.readFileSync(q.paths.statusJson, 'utf8').trimEnd() : line);
	return 0;
}
