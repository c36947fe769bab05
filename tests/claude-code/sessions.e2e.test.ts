/**
 * More ways Claude Code runs, with the real client against the stand-in Messages API: several
 * interactive sessions and a job queued by a human; stream-json input held open (the Agent SDK's
 * way); headless `-p` with a foreground `run`. Assertions are on the recorded requests.
 */
import {afterEach, describe, expect, it} from 'vitest';
import {until} from '../ui/tmux-harness.js';
import {ClaudeProject, closed, turns} from './client.js';
import {added, bytesOf, occurrences, texts} from './deliveries.js';

const SUITE = 'python3 -m pytest -q tests/';
let project: ClaudeProject | undefined;
afterEach(async () => (project = await closed(project)));


/** Anything queue-tui could have said, anywhere in a request. */
const queueTexts = (p: ClaudeProject) => p.api.requests.flatMap(r => texts(r)).filter(t => /queue #\d+ (OK|FAILED)|(^|\n)queue: /.test(t.text));

describe.sequential('the real client, more ways', () => {
	it('a job queued by a human reaches every open session once, at its next prompt; an idle queue adds nothing at all', async () => {
		project = new ClaudeProject();
		await project.start([]);
		expect(project.queueTui(['init', 'claude']).code).toBe(0);
		const a = await project.open('a');
		const b = await project.open('b');
		await a.prompt('hello from a');
		await turns(project, 1, 'a first turn');
		await b.prompt('hello from b');
		await turns(project, 2, 'b first turn');
		expect(queueTexts(project)).toEqual([]);
		project.release();
		const add = project.queueTui(['add', '--label', 'HUMAN', '--retries', '0', '--', ...SUITE.split(' ')]);
		expect(add.code).toBe(0);
		const id = Number(add.stdout.trim());
		project.queueTui(['wait', String(id)]);
		const needle = `queue #${id} FAILED`;
		// Prompted one after the other, so the newest request is the session just prompted.
		for (const [session, n] of [[a, 3], [b, 4], [a, 5], [b, 6]] as const) {
			await session.prompt(`and now ${n}?`);
			await turns(project, n, `turn ${n}`);
			expect(occurrences(project.api.agentTurns()[n - 1]!, needle), `turn ${n}`).toBe(1);
		}
		expect(project.api.agentTurns()).toHaveLength(6);
	});

	it('stream-json input held open: the session wakes once by itself and reads the line once', async () => {
		project = new ClaudeProject();
		await project.start([{bash: {command: `queue-tui run --label SDK --retries 0 -- ${SUITE}`, description: 'queue the tests', run_in_background: true}}, {text: 'Queued.'}]);
		project.installPlugin();
		const child = project.headless(['-p', '--input-format', 'stream-json', '--output-format', 'stream-json', '--verbose']);
		child.stdin!.write(JSON.stringify({type: 'user', message: {role: 'user', content: 'run the tests in the queue'}}) + '\n');
		await turns(project, 2, 'the turn that queued the job');
		project.release();
		await turns(project, 3, 'the wake');
		const [, queued, wake] = project.api.agentTurns();
		const needle = '[SDK] exit 1';
		expect(occurrences(wake!, needle)).toBe(1);
		console.log(`[bytes] stream-json, run in the background: wake ${bytesOf(added(queued!, wake!))} B in all`);
		child.stdin!.end();
		await until(() => child.exitCode !== null, 'the client to exit after its input ends', 60_000);
		expect(project.api.agentTurns()).toHaveLength(3);
	});

	it('headless -p: a foreground run within the Bash time limit returns the line as the tool result, told once', async () => {
		project = new ClaudeProject();
		project.release();
		await project.start([{bash: {command: `queue-tui run --label P --retries 0 -- ${SUITE}`, description: 'run the tests through the queue', timeout: 600_000}}, {text: 'One test fails.'}]);
		project.installPlugin();
		const child = project.headless(['-p', 'run the tests in the queue']);
		child.stdin!.end();
		await until(() => child.exitCode !== null, 'claude -p to finish', 90_000);
		const [, result] = project.api.agentTurns();
		const needle = '[P] exit 1';
		expect(occurrences(result!, needle)).toBe(1);
		console.log(`[bytes] -p, foreground run: tool result ${bytesOf(result!.body.messages.slice(-1))} B`);
		// The Stop hook finds the line in the transcript: told, not repeated.
		expect(project.api.agentTurns()).toHaveLength(2);
	});
});
