import {loadConfig} from '../../core/config.js';
import {UsageError} from '../../core/errors.js';
import {configuredNotifiers, notifyAll, testEvent} from '../../core/notify/index.js';
import {pathsFrom, print} from '../context.js';
import type {Parsed} from '../flags.js';

/** `queue-tui notify test`: one test message through each configured notifier, and what each answered. */
export async function run(p: Parsed): Promise<number> {
	if (p.positionals[0] !== 'test' || p.positionals.length !== 1) throw new UsageError("queue-tui notify: the one action is 'queue-tui notify test'");
	const config = loadConfig(pathsFrom(p).root).notify;
	if (configuredNotifiers(config).length === 0) {
		throw new UsageError('no notifier configured: set PUSHOVER_TOKEN and PUSHOVER_USER, or "notify" in .queue-tui.json (pushover, ntfy, command)');
	}
	const results = await notifyAll(testEvent(), config);
	for (const r of results) {
		print(`${r.notifier}: ${r.ok ? 'ok' : 'FAILED'}${r.status === undefined ? '' : ` (${r.status})`} ${r.detail}${r.warning ? `; warning: ${r.warning}` : ''}`);
	}
	return results.every(r => r.ok) ? 0 : 1;
}
