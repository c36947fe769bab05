/**
 * Nested tqdm bars and rich bars, drawn by the real libraries (Debian's python3-tqdm and
 * python3-rich), through a pipe and in a pty (`script`), run to the end and cut short by SIGINT
 * (what Ctrl-C sends).
 */
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {createParser, parseLog} from '../../../source/core/parsers/index.js';
import type {Progress} from '../../../source/core/parsers/types.js';
import {pythonCan, run} from './helpers.js';

const PY = '/usr/bin/python3';
const hasTqdm = pythonCan('import tqdm');
const hasRich = pythonCan('import rich');

const SCRIPTS: Record<string, string> = {
	'nested.py': `
import os, signal, sys
from tqdm import tqdm
stop = len(sys.argv) > 1
for b in tqdm(range(4), desc="batches", file=sys.stderr, mininterval=0):
    for i in tqdm(range(40), desc="images", file=sys.stderr, mininterval=0, leave=False):
        if stop and b == 2 and i == 17:
            os.kill(os.getpid(), signal.SIGINT)  # what Ctrl-C sends
`,
	'rich_bars.py': `
import os, signal, sys, time
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn, track
stop = len(sys.argv) > 1
for i in track(range(30), description="Processing...", refresh_per_second=1000):
    time.sleep(0.01)
with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(), refresh_per_second=1000) as p:
    t = p.add_task("images", total=40)
    for i in range(40):
        if stop and i == 18:
            os.kill(os.getpid(), signal.SIGINT)  # what Ctrl-C sends
        p.advance(t)
        p.refresh()
`,
};

let dir: string;
beforeAll(() => {
	dir = mkdtempSync(join(tmpdir(), 'qt-bars-'));
	for (const [name, text] of Object.entries(SCRIPTS)) writeFileSync(join(dir, name), text);
});
afterAll(() => rmSync(dir, {recursive: true, force: true}));

const shq = (a: string) => `'${a.replaceAll("'", `'\\''`)}'`;
const inPty = (argv: string[]) => ['script', '-qfec', argv.map(shq).join(' '), '/dev/null'];

/** Snapshots after each line of output, as a live job would see them. */
function live(output: Buffer): Progress[] {
	const parser = createParser('generic');
	const text = output.toString('utf8');
	const out: Progress[] = [];
	for (const piece of text.split(/(?<=[\n\r])/)) {
		parser.feed(piece);
		out.push(parser.snapshot());
	}
	return out;
}

describe.skipIf(!hasTqdm)('nested tqdm bars', () => {
	for (const pty of [false, true]) {
		it(`show the items bar, with the batches as context (${pty ? 'pty' : 'pipe'})`, async () => {
			const argv = [PY, 'nested.py'];
			const r = await run(pty ? inPty(argv) : argv, {cwd: dir, env: {COLUMNS: '100'}});
			expect(r.code).toBe(0);
			const snaps = live(r.output).filter((s) => s.total !== undefined);
			const firstImages = snaps.findIndex((s) => s.current?.startsWith('images'));
			expect(firstImages).toBeGreaterThanOrEqual(0);
			for (const s of snaps.slice(firstImages)) {
				expect(s.total).toBe(40);
				expect(s.current).toMatch(/^images \(batches [0-4]\/4\)$/);
			}
			// Mid-run, a user sees e.g. `images 12/40 (batches 1/4)`, never `1/4`.
			expect(snaps.some((s) => s.done === 12 && s.current === 'images (batches 1/4)')).toBe(true);
			expect(parseLog(r.output, 'generic')).toMatchObject({done: 40, total: 40, current: 'images (batches 4/4)'});
		});

		it(`cut short by SIGINT: the items bar where it stopped (${pty ? 'pty' : 'pipe'})`, async () => {
			// tqdm erases the inner bar (leave=False) as the interrupt unwinds; the work stopped at 17 of
			// the third batch's 40 images, and that is what the job shows.
			const argv = [PY, 'nested.py', 'stop'];
			const r = await run(pty ? inPty(argv) : argv, {cwd: dir, env: {COLUMNS: '100'}});
			expect(r.code).not.toBe(0);
			expect(r.output.toString()).toContain('KeyboardInterrupt');
			expect(parseLog(r.output, 'generic')).toMatchObject({done: 17, total: 40, current: 'images (batches 2/4)'});
		});
	}
});

describe.skipIf(!hasRich)('rich bars in a pty', () => {
	it('show progress: percent, count and time left', async () => {
		const r = await run(inPty([PY, 'rich_bars.py']), {cwd: dir, env: {COLUMNS: '100'}});
		expect(r.code).toBe(0);
		const snaps = live(r.output);
		expect(snaps.some((s) => s.current === 'Processing...' && s.percent !== undefined && s.percent > 0 && s.percent < 100)).toBe(true);
		expect(parseLog(r.output, 'generic')).toMatchObject({done: 40, total: 40, percent: 100, current: 'images'});
	});

	it('cut short by SIGINT: the last state drawn is kept', async () => {
		const r = await run(inPty([PY, 'rich_bars.py', 'stop']), {cwd: dir, env: {COLUMNS: '100'}});
		expect(r.code).not.toBe(0);
		expect(r.output.toString()).toContain('KeyboardInterrupt');
		const p = parseLog(r.output, 'generic');
		expect(p).toMatchObject({total: 40, current: 'images'});
		expect(p.done).toBeGreaterThanOrEqual(17);
		expect(p.done).toBeLessThan(40);
	});
});
