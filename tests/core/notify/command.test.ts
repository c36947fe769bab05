import {existsSync, mkdtempSync, readFileSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import {runCommandNotifier} from '../../../source/core/notify/command.js';
import {configuredNotifiers, notifyAll} from '../../../source/core/notify/index.js';
import {failedEvent, startFakeServer} from './fake-server.js';

const dirs: string[] = [];
afterEach(() => {
	for (const dir of dirs.splice(0)) rmSync(dir, {recursive: true, force: true});
});
function tempDir(): string {
	const dir = mkdtempSync(join(tmpdir(), 'queue-notify-'));
	dirs.push(dir);
	return dir;
}

const WRITE_FACTS = [
	'JOB_ID', 'STATE', 'EXIT_CODE', 'LABEL', 'COMMAND', 'LINE', 'DURATION_MS', 'REPORT',
].map(name => `printf '%s\\n' "$QUEUE_TUI_${name}" >> "$OUT"`).join('; ') + '; pwd >> "$OUT"';

describe('command notifier', () => {
	it('runs sh -c in the job directory with the job facts in its environment', async () => {
		const dir = tempDir();
		const out = join(dir, 'facts.txt');
		// A label that would run something if it were ever spliced into a command line.
		const event = failedEvent({cwd: dir, label: '$(touch pwned) `touch pwned2`', exitCode: 2});
		const config = {command: WRITE_FACTS, tmux: false};
		expect(configuredNotifiers(config, {})).toEqual(['command']);
		const results = await notifyAll(event, config, {env: {PATH: process.env.PATH, OUT: out}});
		expect(results).toEqual([{notifier: 'command', ok: true, status: 0, detail: 'exit 0', attempts: 1}]);
		expect(readFileSync(out, 'utf8').split('\n')).toEqual([
			'12',
			'failed',
			'2',
			'$(touch pwned) `touch pwned2`',
			'pytest tests/ -n auto',
			'#12 pytest FAILED 3 tests (tests/test_api.py::test_login) 12m03s',
			'723000',
			'/repo/.queue/reports/12.md',
			dir,
			'',
		]);
		expect(existsSync(join(dir, 'pwned'))).toBe(false);
		expect(existsSync(join(dir, 'pwned2'))).toBe(false);
	});

	it('gets the job facts but never the notifier secrets, from the environment or the config', async () => {
		const dir = tempDir();
		const out = join(dir, 'env.txt');
		const pushover = await startFakeServer([{status: 200, body: '{"status":1,"request":"r1"}'}]);
		try {
			const configToken = 'cfgPushoverToken0123456789abcd';
			const config = {command: 'env > "$OUT"', tmux: false, pushover: {token: configToken}};
			const env = {
				PATH: process.env.PATH,
				OUT: out,
				QUEUE_TUI_PUSHOVER_URL: pushover.url,
				PUSHOVER_TOKEN: 'envPushoverToken',
				PUSHOVER_USER: 'envPushoverUser',
				NTFY_TOKEN: 'tk_envNtfyToken',
				// The config's token copied into some other variable is still a secret.
				DEPLOY_KEY: `key=${configToken}`,
				HARMLESS: 'kept',
			};
			expect(configuredNotifiers(config, env)).toEqual(['pushover', 'command']);
			const results = await notifyAll(failedEvent({cwd: dir}), config, {env});
			expect(results.map(r => [r.notifier, r.ok])).toEqual([['pushover', true], ['command', true]]);
			const seen = readFileSync(out, 'utf8');
			expect(seen).toContain('QUEUE_TUI_JOB_ID=12\n');
			expect(seen).toContain('QUEUE_TUI_STATE=failed\n');
			expect(seen).toContain('HARMLESS=kept\n');
			for (const secret of ['PUSHOVER_TOKEN', 'PUSHOVER_USER', 'NTFY_TOKEN', 'DEPLOY_KEY', 'envPushover', 'tk_envNtfyToken', configToken]) {
				expect(seen).not.toContain(secret);
			}
		} finally {
			await pushover.close();
		}
	});

	it('leaves unknown facts empty and still runs when the job directory is gone', async () => {
		const dir = tempDir();
		const out = join(dir, 'facts.txt');
		const event = failedEvent({cwd: join(dir, 'gone'), label: undefined, exitCode: null, reportPath: undefined});
		const result = await runCommandNotifier(event, WRITE_FACTS, {PATH: process.env.PATH, OUT: out});
		expect(result.ok).toBe(true);
		const lines = readFileSync(out, 'utf8').split('\n');
		expect(lines[2]).toBe('');
		expect(lines[3]).toBe('');
		expect(lines[7]).toBe('');
	});

	it('reports a failing command with its first line of output', async () => {
		const result = await runCommandNotifier(failedEvent({cwd: tempDir()}), 'echo; echo "boom: \u001b[31mred\u001b[0m"; echo more; exit 3', {
			PATH: process.env.PATH,
		});
		expect(result).toEqual({notifier: 'command', ok: false, status: 3, detail: 'exit 3: boom: red', attempts: 1});
	});

	it('kills a command that outlives its time limit', async () => {
		const started = Date.now();
		const result = await runCommandNotifier(failedEvent({cwd: tempDir()}), 'sleep 20', {PATH: process.env.PATH}, 300);
		expect(result.ok).toBe(false);
		expect(result.detail).toBe('killed after 0.3s');
		expect(Date.now() - started).toBeLessThan(5000);
	});

	it('turns a command that cannot even start into a result, not a throw', async () => {
		// spawn throws synchronously on a NUL byte in the environment.
		const results = await notifyAll(failedEvent(), {command: 'true', tmux: false}, {env: {BAD: 'a\u0000b'}});
		expect(results).toHaveLength(1);
		expect(results[0]).toMatchObject({notifier: 'command', ok: false, attempts: 1});
		expect(results[0].detail).toMatch(/^error: /);
	});
});
