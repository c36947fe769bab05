import {chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import {configuredNotifiers, notifyAll, testEvent} from '../../../source/core/notify/index.js';
import {notifyTmux, tmuxMessage} from '../../../source/core/notify/tmux.js';
import {failedEvent} from './fake-server.js';

const dirs: string[] = [];
afterEach(() => {
	for (const dir of dirs.splice(0)) rmSync(dir, {recursive: true, force: true});
});

/** A `tmux` on PATH that logs its argv (NUL-separated, one call a line) and answers `display -p` with FAKE_TTY. */
function fakeTmux(extra: Record<string, string> = {}) {
	const dir = mkdtempSync(join(tmpdir(), 'queue-tmux-'));
	dirs.push(dir);
	const log = join(dir, 'calls.log');
	writeFileSync(
		join(dir, 'tmux'),
		[
			'#!/bin/sh',
			`for a in "$@"; do printf '%s\\0' "$a" >> "$LOG"; done; printf '\\n' >> "$LOG"`,
			'if [ -n "$FAKE_ERR" ]; then echo "$FAKE_ERR" >&2; exit 1; fi',
			'if [ "$2" = "-p" ]; then echo "$FAKE_TTY"; fi',
			'exit 0',
		].join('\n'),
	);
	chmodSync(join(dir, 'tmux'), 0o755);
	const env = {PATH: `${dir}:${process.env.PATH}`, TMUX: '/tmp/tmux-1000/default,1234,0', LOG: log, FAKE_TTY: '/dev/null', ...extra};
	const calls = () =>
		readFileSync(log, 'utf8')
			.split('\n')
			.filter(Boolean)
			.map(line => line.split('\0').slice(0, -1));
	return {env, calls};
}

describe('tmux notifier', () => {
	it('is configured only inside tmux, and can be turned off', () => {
		expect(configuredNotifiers({}, {})).toEqual([]);
		expect(configuredNotifiers({}, {TMUX: '/tmp/tmux-1000/default,1,0'})).toEqual(['tmux']);
		expect(configuredNotifiers({tmux: false}, {TMUX: '/tmp/tmux-1000/default,1,0'})).toEqual([]);
	});

	it('escapes # and % so job text is shown, never run as a tmux format', () => {
		const event = failedEvent({line: 'x #(touch /tmp/pwned) #{pane_id} 45% \u001b[31mred\u001b[0m\nnext'});
		expect(tmuxMessage(event)).toBe('queue ##12 FAILED: x ##(touch /tmp/pwned) ##{pane_id} 45%% red next');
	});

	it('shows a flow by its own line, which already names it', () => {
		const flow = {id: 'f3', name: 'quality', label: 'QUAL-044', state: 'failed' as const, jobs: []};
		const event = failedEvent({flow, line: 'queue flow f3 quality QUAL-044 FAILED step extract: exit 3; report .queue/reports/f3.md'});
		expect(tmuxMessage(event)).toBe('queue flow f3 quality QUAL-044 FAILED step extract: exit 3; report .queue/reports/f3.md');
	});

	it('shows a display-message and rings the bell on the client tty', async () => {
		const {env, calls} = fakeTmux();
		const results = await notifyAll(failedEvent({line: '#12 pytest FAILED 3 tests'}), {}, {env});
		expect(results).toEqual([{notifier: 'tmux', ok: true, status: 0, detail: 'displayed; bell on /dev/null', attempts: 1}]);
		expect(calls()).toEqual([
			['display-message', 'queue ##12 FAILED: ##12 pytest FAILED 3 tests'],
			['display-message', '-p', '#{client_tty}'],
		]);
	});

	it('skips the bell when the client tty is not a terminal device', async () => {
		const {env} = fakeTmux({FAKE_TTY: '/etc/passwd'});
		const result = await notifyTmux(testEvent('/repo'), env);
		expect(result).toMatchObject({ok: true, detail: 'displayed; no bell (client tty not writable)'});
	});

	it('reports a tmux that fails', async () => {
		const {env} = fakeTmux({FAKE_ERR: 'no server running on /tmp/tmux-1000/default'});
		const result = await notifyTmux(failedEvent(), env);
		expect(result).toEqual({
			notifier: 'tmux',
			ok: false,
			status: 1,
			detail: 'display-message failed: no server running on /tmp/tmux-1000/default',
			attempts: 1,
		});
	});
});
