import {render} from 'ink-testing-library';
import {afterEach, describe, expect, it, vi} from 'vitest';
import {Controller} from '../../source/ui/controller.js';
import {Root} from '../../source/ui/Root.js';
import {textWidth} from '../../source/core/text-width.js';
import {NOW, sampleJobs} from '../view/fixtures.js';
import {FakeBackend, plain, press, resize, settle, waitForFrame} from './helpers.js';

vi.mock('ink-spinner', async () => {
	const {createElement} = await import('react');
	const {Text} = await import('ink');
	return {default: () => createElement(Text, null, '*')};
});

const ESC = '\u001b';
const BACKSPACE = '\u007f'; // ink 6 reports it as key.delete
const CTRL_C = '\u0003';

let cleanup: Array<() => void> = [];
afterEach(() => {
	for (const fn of cleanup) fn();
	cleanup = [];
});

async function start(backend = new FakeBackend(sampleJobs()), opts: {label?: string; ready?: (frame: string) => boolean} = {}) {
	const t0 = Date.now(); // the fixtures' clock, moving at real speed
	const controller = new Controller(backend, {size: {columns: 100, rows: 24}, isColor: true, pollMs: 20, frameMs: 0, now: () => NOW + Date.now() - t0, label: opts.label});
	controller.start();
	const ui = render(<Root controller={controller} />);
	cleanup.push(() => ui.unmount(), () => controller.stop());
	await waitForFrame(ui, opts.ready ?? (f => f.includes('#12')));
	await settle();
	return {ui, backend, controller};
}

const selected = (frame: string) => frame.split('\n').find(l => l.startsWith('>'))!;
const messageLine = (frame: string) => frame.split('\n').at(-2)!;

describe('moving', () => {
	it('j/k and arrows move the selection; g/G jump; the detail follows', async () => {
		const {ui} = await start();
		expect(selected(plain(ui.lastFrame()))).toContain('#12');
		await press(ui, 'j');
		expect(selected(await waitForFrame(ui, f => selected(f).includes('#13')))).toContain('#13');
		await press(ui, `${ESC}[A`);
		await waitForFrame(ui, f => selected(f).includes('#12') && f.includes('─ #12 pytest QUAL-044'));
		await press(ui, 'G');
		await waitForFrame(ui, f => selected(f).includes('#15'));
		await press(ui, 'g');
		await waitForFrame(ui, f => selected(f).includes('#9') && f.includes('$ make build'));
	});

	it('takes a run of keys that arrive together one by one', async () => {
		const {ui} = await start();
		await press(ui, 'jj');
		await waitForFrame(ui, f => selected(f).includes('#14'));
	});
});

describe('actions', () => {
	it('c asks; n keeps the job; c y cancels it', async () => {
		const {ui, backend} = await start();
		await press(ui, 'c');
		await waitForFrame(ui, f => messageLine(f) === 'Cancel #12 pytest QUAL-044 (running)? y/n');
		await press(ui, 'n');
		await waitForFrame(ui, f => !f.includes('y/n'));
		expect(backend.calls).not.toContain('cancel 12');
		await press(ui, 'c', 'y');
		await waitForFrame(ui, f => messageLine(f).includes('#12 cancelling'));
		expect(backend.calls).toContain('cancel 12');
	});

	it('r on a job that cannot be retried shows core\'s error and keeps going', async () => {
		const {ui, backend} = await start();
		await press(ui, 'r');
		const frame = await waitForFrame(ui, f => messageLine(f).startsWith('! job #12 is running'));
		expect(backend.calls).toContain('retry 12');
		expect(frame.split('\n')).toHaveLength(23);
		await press(ui, 'j');
		await waitForFrame(ui, f => selected(f).includes('#13') && !f.includes('! job'));
	});

	it('r on a failed job queues it again', async () => {
		const {ui, backend} = await start();
		await press(ui, 'j', 'j', 'r');
		await waitForFrame(ui, f => messageLine(f) === '#14 queued again');
		expect(backend.calls).toContain('retry 14');
		expect(selected(plain(ui.lastFrame()))).toContain('queued');
	});

	it('p pauses and resumes the queue', async () => {
		const {ui, backend} = await start();
		await press(ui, 'p');
		await waitForFrame(ui, f => f.split('\n')[0].includes('PAUSED') && messageLine(f).includes('paused'));
		await press(ui, 'p');
		await waitForFrame(ui, f => !f.split('\n')[0].includes('PAUSED'));
		expect(backend.calls).toEqual(expect.arrayContaining(['pause', 'resume']));
	});

	it('d deletes a finished job after y, and refuses a running one', async () => {
		const {ui, backend} = await start();
		await press(ui, 'd');
		await waitForFrame(ui, f => messageLine(f).includes('cancel it before deleting'));
		await press(ui, 'k', 'k', 'd');
		await waitForFrame(ui, f => messageLine(f) === 'Delete #9 make (succeeded)? y/n');
		await press(ui, 'y');
		await waitForFrame(ui, f => messageLine(f) === '#9 deleted' && !f.includes(' make '));
		expect(backend.calls).toContain('delete 9');
	});

	it('the start wakes a runner (the TUI never runs jobs itself)', async () => {
		const {backend} = await start();
		expect(backend.calls[0]).toBe('wakeRunner');
	});
});

describe('add prompt', () => {
	it('types, backspaces (ink 6 key.delete), submits with Enter', async () => {
		const {ui, backend} = await start();
		await press(ui, 'a');
		await waitForFrame(ui, f => messageLine(f) === 'add> █');
		await press(ui, 'e', 'c', 'h', 'o', ' ', 'h', 'i', 'x', BACKSPACE);
		await waitForFrame(ui, f => messageLine(f) === 'add> echo hi█');
		await press(ui, '\r');
		await waitForFrame(ui, f => messageLine(f) === '#16 queued' && selected(f).includes('#16'));
		expect(backend.calls).toContain('add echo hi');
	});

	it('q and other letters are text in the prompt; a pasted line with Enter is taken whole', async () => {
		const {ui, backend} = await start();
		await press(ui, 'a', 'q', 'j');
		await waitForFrame(ui, f => messageLine(f) === 'add> qj█');
		await press(ui, BACKSPACE, BACKSPACE, 'make test\r');
		await waitForFrame(ui, f => messageLine(f) === '#16 queued');
		expect(backend.calls).toContain('add make test');
	});

	it('a pasted text stops at its first line: the rest never becomes commands', async () => {
		const {ui, backend} = await start();
		await press(ui, 'a', 'make\nrcd');
		await waitForFrame(ui, f => messageLine(f) === '#16 queued');
		expect(backend.calls.filter(c => !c.startsWith('wakeRunner'))).toEqual(['add make']);
	});

	it('Esc and ctrl+c close it without queueing', async () => {
		const {ui, backend} = await start();
		await press(ui, 'a', 'x');
		await press(ui, ESC);
		await waitForFrame(ui, f => !f.includes('add>'));
		await press(ui, 'a', 'y', CTRL_C);
		await waitForFrame(ui, f => !f.includes('add>'));
		expect(backend.calls.some(c => c.startsWith('add'))).toBe(false);
	});
});

describe('screens', () => {
	it('l opens the log, k scrolls back, f follows, q returns to the list', async () => {
		const backend = new FakeBackend(sampleJobs());
		backend.logs.set(12, Array.from({length: 60}, (_, i) => `\u001b[32mline ${i + 1}\u001b[0m`));
		const {ui} = await start(backend);
		await press(ui, 'l');
		let frame = await waitForFrame(ui, f => f.includes('line 60') && f.includes('following'));
		expect(frame).not.toContain('\u001b[32m');
		await press(ui, 'k');
		frame = await waitForFrame(ui, f => f.includes('f: follow'));
		expect(frame).toContain('line 59');
		expect(frame).not.toContain('line 60');
		await press(ui, 'f');
		await waitForFrame(ui, f => f.includes('line 60') && f.includes('following'));
		backend.logs.get(12)!.push('line 61');
		await waitForFrame(ui, f => f.includes('line 61'));
		await press(ui, 'q');
		await waitForFrame(ui, f => selected(f).includes('#12') && f.includes('c cancel'));
	});

	it('? opens help and any key closes it', async () => {
		const {ui} = await start();
		await press(ui, '?');
		await waitForFrame(ui, f => f.includes('keys (any key closes this)'));
		await press(ui, 'x');
		await waitForFrame(ui, f => selected(f)?.includes('#12'));
	});

	it('q asks the app to quit; ctrl+c too', async () => {
		const {controller} = await start();
		expect(controller.key('q', {})).toBe('quit');
		expect(controller.key('c', {ctrl: true})).toBe('quit');
		expect(controller.key('j', {})).toBeUndefined();
	});
});

describe('live updates', () => {
	it('shows what another process changed', async () => {
		const backend = new FakeBackend(sampleJobs());
		const {ui} = await start(backend);
		backend.jobs.find(j => j.id === 12)!.progress!.percent = 80;
		backend.bump();
		await waitForFrame(ui, f => /#12 .* 80%/.test(f));
	});

	it('redraws at the new size on resize', async () => {
		const {ui} = await start();
		resize(ui, 40, 20);
		const frame = await waitForFrame(ui, f => f.split('\n').length === 19);
		for (const line of frame.split('\n')) expect(textWidth(line), line).toBeLessThanOrEqual(40);
		expect(frame.split('\n')[0]).toBe('queue running · slots 2/2 · 1○ 1✓ 1✗');
	});
});

describe('label filter', () => {
	/** #12 and #14 are QUAL-044, #15 is QUAL-045, #9 and #13 have none. */
	const labelled = () => {
		const jobs = sampleJobs();
		jobs.find(j => j.id === 14)!.label = 'QUAL-044';
		jobs.find(j => j.id === 15)!.label = 'QUAL-045';
		return new FakeBackend(jobs);
	};
	/** The ids in the job list, top to bottom. */
	const listed = (frame: string) => frame.split('\n').map(l => /^[> ]\S #(\d+) /.exec(l)?.[1]).filter(Boolean).map(Number);
	const header = (frame: string) => frame.split('\n')[0];

	it('L cycles all → QUAL-044 → QUAL-045 → all; header and list follow; the selection stays on a shown job', async () => {
		const backend = labelled();
		const {ui} = await start(backend);
		expect(listed(plain(ui.lastFrame()))).toEqual([9, 12, 13, 14, 15]);
		await press(ui, 'j');
		await waitForFrame(ui, f => selected(f).includes('#13'));

		await press(ui, 'L');
		let frame = await waitForFrame(ui, f => header(f).includes('label QUAL-044'));
		expect(listed(frame)).toEqual([12, 14]);
		expect(header(frame)).toBe('queue-tui /home/me/project · label QUAL-044 · running · 1 failed');
		// #13 is not shown any more: the selection goes to the label's running job, and the detail with it.
		expect(selected(frame)).toContain('#12');
		expect(frame).toContain('─ #12 pytest QUAL-044');
		await press(ui, 'j');
		await waitForFrame(ui, f => selected(f).includes('#14'));

		await press(ui, 'L');
		frame = await waitForFrame(ui, f => header(f).includes('label QUAL-045'));
		expect(listed(frame)).toEqual([15]);
		expect(selected(frame)).toContain('#15');
		expect(header(frame)).toMatch(/· label QUAL-045 · starting · 1 queued$/);

		await press(ui, 'L');
		frame = await waitForFrame(ui, f => !header(f).includes('label'));
		expect(listed(frame)).toEqual([9, 12, 13, 14, 15]);
		expect(selected(frame)).toContain('#15'); // a shown job stays selected
		expect(header(frame)).toContain('slots 2/2 · 1 queued · 1 ok · 1 failed');
		expect(backend.reads).toEqual(expect.arrayContaining(['QUAL-044', 'QUAL-045']));
		expect(backend.reads.at(-1)).toBeUndefined();
	});

	it('keeps the filter through live updates: a new job of another label does not show', async () => {
		const backend = labelled();
		const {ui} = await start(backend, {label: 'QUAL-045', ready: f => f.includes('#15')});
		expect(backend.reads[0]).toBe('QUAL-045');
		const queued = backend.jobs.find(j => j.id === 15)!;
		backend.jobs.push({...queued, id: 16, label: 'QUAL-044'}, {...queued, id: 17, label: undefined});
		backend.bump();
		await waitForFrame(ui, f => backend.reads.length > 1 && /1 queued$/.test(header(f)) && listed(f).join() === '15');
		backend.jobs.push({...queued, id: 18});
		backend.bump();
		const frame = await waitForFrame(ui, f => /2 queued$/.test(header(f)));
		expect(listed(frame)).toEqual([15, 18]);
	});

	it('starts filtered when given a label; a command typed then gets that label', async () => {
		const backend = labelled();
		const {ui} = await start(backend, {label: 'QUAL-044'});
		let frame = plain(ui.lastFrame());
		expect(header(frame)).toContain('label QUAL-044');
		expect(listed(frame)).toEqual([12, 14]);
		await press(ui, 'a');
		await waitForFrame(ui, f => messageLine(f) === 'add [QUAL-044]> █');
		await press(ui, 'make\r');
		frame = await waitForFrame(ui, f => messageLine(f) === '#16 queued as QUAL-044' && selected(f).includes('#16'));
		expect(listed(frame)).toEqual([12, 14, 16]);
		expect(backend.calls).toContain('add make [QUAL-044]');
	});

	it('a filter on a label no job has shows an empty list that says how to move on', async () => {
		const {ui} = await start(labelled(), {label: 'QUAL-099', ready: f => f.includes('no QUAL-099 jobs')});
		expect(header(plain(ui.lastFrame()))).toContain('label QUAL-099 · idle');
		await press(ui, 'L'); // QUAL-099 sorts after every label: back to all
		await waitForFrame(ui, f => listed(f).length === 5 && !header(f).includes('label'));
	});

	it('L with no labelled job says how to label one', async () => {
		const {ui} = await start(new FakeBackend(sampleJobs().map(j => ({...j, label: undefined}))));
		await press(ui, 'L');
		await waitForFrame(ui, f => messageLine(f) === '! no job has a label (add --label NAME)');
	});

	it('is on the help bar and the ? screen', async () => {
		const {ui} = await start();
		expect(plain(ui.lastFrame()).split('\n').at(-1)).toContain('L label');
		await press(ui, '?');
		await waitForFrame(ui, f => /L +only one label's jobs/.test(f));
	});
});
