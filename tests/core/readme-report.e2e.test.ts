/**
 * The README's report example is a real capture: run the suite from docs/report-example through
 * the queue (pytest's cache on, default retries) and get the README's `--brief` line back,
 * durations aside.
 */
import {spawnSync} from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import {QueueEnv} from '../helpers/queue-env.js';

const hasPytest = spawnSync('python3', ['-m', 'pytest', '--version']).status === 0;
const noDuration = (line: string) => line.replace(/ in \d+(?:m\d\d)?s:/, ' in Ns:');
let env: QueueEnv | undefined;
afterEach(async () => env?.cleanup());

describe.skipIf(!hasPytest)('README report example', () => {
	it('comes out of a real run of docs/report-example', async () => {
		const readme = fs.readFileSync('README.md', 'utf8');
		const expected = /queue-tui report 1 --brief\n# (#1 .*)\n/.exec(readme)?.[1];
		expect(expected).toBeDefined();
		env = new QueueEnv({PYTEST_DISABLE_PLUGIN_AUTOLOAD: '1', PYTEST_ADDOPTS: ''});
		fs.cpSync('docs/report-example', env.dir, {recursive: true});
		const r = await env.cli(['run', '--', 'python3', '-m', 'pytest', 'tests/'], {timeoutMs: 120_000});
		expect(r.code, r.stderr).toBe(1);
		const brief = (await env.cli(['report', '1', '--brief'])).stdout.trim();
		expect(noDuration(brief)).toBe(noDuration(expected!));
		const doc = fs.readFileSync(path.join('docs', 'report-example.md'), 'utf8');
		const report = fs.readFileSync(path.join(env.home, 'reports', '1.md'), 'utf8');
		// The captured report's Result section is the one a run gives today.
		const result = (md: string) => md.slice(md.indexOf('## Result'), md.indexOf('## Log tail')).replace(/ in [\d.]+s`/g, ' in Ns`');
		expect(result(report)).toBe(result(doc));
	});
});
