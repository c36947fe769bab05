import {EventEmitter} from 'node:events';
import {render} from 'ink';
import {describe, expect, it} from 'vitest';
import {Controller} from '../../source/ui/controller.js';
import {Root} from '../../source/ui/Root.js';
import {sampleJobs} from '../view/fixtures.js';
import {FakeBackend, plain, waitForFrame} from './helpers.js';

/** A stdin that is not a terminal (a pipe, /dev/null): raw mode is unsupported. */
class PipeStdin extends EventEmitter {
	isTTY = false;
	setEncoding() {}
	resume() {}
	pause() {}
	ref() {}
	unref() {}
	read = () => null;
}

class Out extends EventEmitter {
	columns = 60;
	rows = 20;
	last = '';
	write = (frame: string) => {
		this.last = frame;
		return true;
	};
}

describe('stdin that is not a TTY', () => {
	it('still renders (keys are simply off) instead of throwing about raw mode', async () => {
		const controller = new Controller(new FakeBackend(sampleJobs()), {size: {columns: 60, rows: 20}, isColor: false});
		controller.start();
		const stdout = new Out();
		const app = render(<Root controller={controller} />, {
			stdout: stdout as unknown as NodeJS.WriteStream, stdin: new PipeStdin() as unknown as NodeJS.ReadStream,
			stderr: new Out() as unknown as NodeJS.WriteStream, debug: true, exitOnCtrlC: false, patchConsole: false,
		});
		try {
			const frame = await waitForFrame({lastFrame: () => stdout.last, stdin: {write() {}}}, f => f.includes('#12'));
			expect(plain(frame)).toContain('QUAL-044');
		} finally {
			app.unmount();
			controller.stop();
		}
	});
});
