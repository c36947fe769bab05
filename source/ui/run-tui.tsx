import {render} from 'ink';
import {change, openQueue} from '../core/queue.js';
import {loadConfig} from '../core/config.js';
import {resolvePaths} from '../core/home.js';
import {oneLine} from '../core/errors.js';
import {createDbBackend} from './backend.js';
import {Controller} from './controller.js';
import {Root} from './Root.js';

const ENTER_ALT = '\u001B[?1049h';
// Leave the alternate screen and show the cursor again (ink hides it while drawing).
const LEAVE_ALT = '\u001B[?25h\u001B[?1049l';

/**
 * ink 6.8.0's incremental log-update moves the cursor up one row too few when a frame ends with a
 * newline, which every frame shorter than the terminal does (ours is rows - 1 by design, to stay
 * off ink's clear-the-terminal path): each update then lands one row low and leaves stale rows.
 * The standard renderer erases and rewrites the frame in one synchronized write instead, which a
 * terminal (and tmux) shows without flicker. Seen in tmux: `ESC[18A ESC[E` after a 19-line frame.
 */
const INCREMENTAL = false;

/** NO_COLOR (https://no-color.org): present and not empty means no colours. */
export const wantsColor = (env: NodeJS.ProcessEnv = process.env) => !env.NO_COLOR;

/**
 * `queue-tui`: the live view of this project's queue in the alternate screen. It only reads the
 * database and sends actions: jobs run in a detached runner, so quitting, closing the pane
 * (SIGHUP) or killing this process never stops one. `label` starts it showing only that label's
 * jobs (`L` moves on to the next label, then to all). Returns the exit code.
 */
export async function runTui(opts: {home?: string; parallel?: number; label?: string}): Promise<number> {
	// A broken config fails here, before anything is written or the screen changes.
	const configSlots = loadConfig(resolvePaths({cwd: process.cwd(), home: opts.home}).root).parallel;
	const q = openQueue({home: opts.home}); // a bad --home fails here, before the screen changes
	// --parallel is saved for the queue, as `start --parallel` and `--headless --parallel` do.
	if (opts.parallel !== undefined) change(q, () => q.store.setMeta('parallel', String(opts.parallel)));
	const backend = createDbBackend(q, {slots: configSlots ?? 1});
	const out = process.stdout;
	const controller = new Controller(backend, {
		size: {columns: out.columns || 80, rows: out.rows || 24},
		isColor: wantsColor(),
		label: opts.label?.trim() ? opts.label : undefined,
	});
	const isAlt = out.isTTY === true;
	let isRestored = false;
	const restore = () => {
		if (isRestored) return;
		isRestored = true;
		controller.stop();
		try {
			if (isAlt) out.write(LEAVE_ALT);
		} catch {
			// The terminal is gone (closed pane): nothing left to restore.
		}
	};
	if (isAlt) out.write(ENTER_ALT);
	controller.start();
	const app = render(<Root controller={controller} />, {exitOnCtrlC: false, patchConsole: false, maxFps: 10, incrementalRendering: INCREMENTAL});
	// A closed tmux pane sends SIGHUP, `kill` SIGTERM: put the terminal back and leave; jobs are not ours to stop.
	const onSignal = () => {
		try {
			app.unmount();
		} catch {
			// Already unmounted.
		}
		restore();
		backend.close();
		process.exit(0);
	};
	const signals = ['SIGHUP', 'SIGTERM', 'SIGINT'] as const;
	for (const s of signals) process.on(s, onSignal);
	process.once('exit', restore);
	try {
		await app.waitUntilExit();
		return 0;
	} catch (error) {
		restore();
		process.stderr.write(`queue-tui: ${oneLine(error)}\n`);
		return 1;
	} finally {
		restore();
		for (const s of signals) process.off(s, onSignal);
		backend.close();
	}
}
