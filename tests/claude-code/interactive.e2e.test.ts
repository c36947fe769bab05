/**
 * The result reaches the same Claude Code session: the real client (pinned, see install-client.ts),
 * interactive in tmux, against the stand-in Messages API. Every assertion is on what the model
 * received, read from the recorded requests. The byte figures printed here are the README's.
 */
import {afterEach, describe, expect, it} from 'vitest';
import {until} from '../ui/tmux-harness.js';
import {ClaudeProject, closed, turns} from './client.js';
import {added, bytesOf, occurrences, texts} from './deliveries.js';

const SUITE = 'python3 -m pytest -q tests/';
let project: ClaudeProject | undefined;
afterEach(async () => (project = await closed(project)));


/** The result line's opening for what the session queued: its one job, or its one flow. */
function needleOf(p: ClaudeProject, kind: 'job' | 'flow'): string {
	const jobs = JSON.parse(p.queueTui(['list', '--json']).stdout) as Array<{id: number; state: string; flow?: string}>;
	if (kind === 'flow') {
		const flows = [...new Set(jobs.map(j => j.flow))];
		expect(flows).toEqual(['f1']);
		expect(p.queueTui(['wait', 'f1']).code).toBe(1);
		return 'queue flow f1 quality QUAL FAILED';
	}
	expect(jobs).toHaveLength(1);
	expect(jobs[0]!.state).toBe('failed');
	return `queue #${jobs[0]!.id} FAILED`;
}

/** A workflow: the gated suite (it fails), then a check. */
const QUALITY = {workflows: {quality: {steps: [{name: 'unit', run: SUITE.split(' '), retries: 0}], checks: [{name: 'outputs', run: ['true']}]}}};

describe.sequential('a job the session queued, interactive client', () => {
	it.each([
		['run in the background', 'the plugin', 'job', {command: `queue-tui run --label QUAL --retries 0 -- ${SUITE}`, description: 'queue the tests', run_in_background: true}],
		['add', 'init claude', 'job', {command: `queue-tui add --label QUAL --retries 0 -- ${SUITE}`, description: 'queue the tests'}],
		['a flow run in the background', 'the plugin', 'flow', {command: 'queue-tui flow run quality --label QUAL --wait', description: 'run the quality workflow', run_in_background: true}],
	] as const)('%s (installed with %s): the session wakes once by itself and the model reads the result line once', async (path, install, kind, bash) => {
		project = new ClaudeProject();
		if (kind === 'flow') project.writeConfig(QUALITY);
		await project.start([{bash}, {text: 'Queued; I will look when it ends.'}]);
		if (install === 'the plugin') project.installPlugin();
		else expect(project.queueTui(['init', 'claude']).code).toBe(0);
		const session = await project.open('a');
		await session.prompt('run the tests in the queue');
		await turns(project, 2, 'the turn that queued the job');
		// The turn has ended (the job waits on `release`), so what follows is a wake, not a reply.
		await until(() => project!.api.requests.length >= 2 && /Queued; I will look/.test(session.screen()), 'the end of the turn', 30_000, () => session.screen());
		project.release();
		await turns(project, 3, 'the wake');
		const needle = needleOf(project, kind);
		const [, queued, wake] = project.api.agentTurns();
		expect(occurrences(queued!, needle)).toBe(0);
		expect(occurrences(wake!, needle)).toBe(1);
		const wakeMessages = added(queued!, wake!);
		const carrier = texts({at: 0, body: {messages: wakeMessages}}).find(t => t.text.includes(needle))!;
		console.log(`[bytes] ${path}: wake ${bytesOf(wakeMessages)} B in all; the entry carrying the line ${Buffer.byteLength(carrier.text)} B (${carrier.role})`);
		// No duplicate: a later human prompt carries the history, with the line still once.
		await session.prompt('anything else?');
		await turns(project, 4, 'the reply to a later prompt');
		expect(occurrences(project.api.agentTurns()[3]!, needle)).toBe(1);
		expect(project.api.agentTurns()).toHaveLength(4);
	});
});
