/**
 * Every bad workflow definition, through the real CLI: `flow run` and `flow show` refuse it with
 * exit 2 and one line naming the key, and nothing is queued (the queue's home is never even made).
 */
import fs from 'node:fs';
import path from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import {QueueEnv} from '../helpers/queue-env.js';
import {BAD_WORKFLOWS} from '../core/flows/bad-workflows.js';

let env: QueueEnv;
afterEach(async () => {
	await env?.cleanup();
});

const configFile = () => path.join(env.dir, '.queue-tui.json');

async function refused(args: string[], message: RegExp) {
	const r = await env.cli(args);
	expect({args, code: r.code, stdout: r.stdout}).toEqual({args, code: 2, stdout: ''});
	expect(r.stderr.trim().split('\n')).toHaveLength(1);
	expect(r.stderr).toMatch(message);
}

describe('bad workflow definitions at flow time', () => {
	it('each is exit 2 with one line naming its key, for flow run (with or without --wait) and flow show; nothing queued', async () => {
		env = new QueueEnv();
		for (const [i, [raw, message]] of BAD_WORKFLOWS.entries()) {
			fs.writeFileSync(configFile(), JSON.stringify({workflows: {q: raw}}));
			// Alternately with --wait and through flow show: the same check stands before all of them.
			await refused(i % 2 === 0 ? ['flow', 'run', 'q', '--wait'] : ['flow', 'run', 'q'], message);
			if (i % 2 === 1) await refused(['flow', 'show', 'q'], message);
		}
		expect(fs.existsSync(env.home)).toBe(false);
	}, 240_000);

	it('a file that is not JSON, or workflows that are not an object: exit 2, nothing queued', async () => {
		env = new QueueEnv();
		const cases: Array<[string, RegExp]> = [
			['{"workflows": {"q": {"steps": [', /\.queue-tui\.json: not valid JSON/],
			['{"workflows": []}', /"workflows" must be an object of workflow name/],
			['{"workflows": {"q": null}}', /"workflows\.q" must be an object, not null/],
		];
		for (const [text, message] of cases) {
			fs.writeFileSync(configFile(), text);
			await refused(['flow', 'run', 'q'], message);
		}
		expect(fs.existsSync(env.home)).toBe(false);
	});
});
