import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {shownResults} from '../../source/integrations/hook-input.js';
import {backgroundWaiters} from '../../source/integrations/hook.js';

const bash = (stdout: string, background = false) => ({tool_name: 'Bash', tool_input: {run_in_background: background}, tool_response: {stdout}});

describe('shownResults: result lines the model provably read', () => {
	it('reads job and flow result lines from a foreground Bash result', () => {
		const out = 'queue #12 FAILED pytest [QUAL] exit 1 in 8s: 1 failed\nqueue flow f3 quality QUAL-044 FAILED step unit: 2 tests failed\nqueue flow f4 q ok: 2 steps in 3s\n';
		expect(shownResults(bash(out))).toEqual({jobs: [12], flows: [3, 4]});
	});

	it("a flow's progress or a stopped waiter's line is not its result", () => {
		const out = 'queue flow f5 quality QUAL running step 1/2 unit\nqueue flow f6 not finished; this waiter was stopped (SIGTERM), the flow goes on: queue-tui wait f6\n';
		expect(shownResults(bash(out))).toEqual({jobs: [], flows: []});
	});

	it('a background command\'s output is not read by the model; the transcript is', () => {
		expect(shownResults(bash('queue #1 OK true', true))).toEqual({jobs: [], flows: []});
		const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'qt-shown-'));
		try {
			const transcript = path.join(dir, 't.jsonl');
			fs.writeFileSync(transcript, JSON.stringify({message: {content: 'queue flow f7 q cancelled at step one'}}) + '\n');
			expect(shownResults({transcript_path: transcript})).toEqual({jobs: [], flows: [7]});
		} finally {
			fs.rmSync(dir, {recursive: true, force: true});
		}
	});
});

describe('backgroundWaiters: background shells that will print a result line', () => {
	it('counts run, wait and flow run --wait, not a flow run that only queues, nor ended shells', () => {
		const tasks = (...commands: string[]) => ({background_tasks: commands.map((command, i) => ({id: String(i), status: i === 4 ? 'completed' : 'running', command}))});
		expect(backgroundWaiters(tasks('queue-tui run -- pytest', 'queue-tui wait 3', 'queue-tui flow run quality --label Q --wait', 'queue-tui flow run quality', 'queue-tui run -- true'))).toBe(3);
		expect(backgroundWaiters(tasks('npm run build', 'sleep 5; echo wait'))).toBe(0);
	});
});
