import {render} from 'ink-testing-library';
import {afterEach, describe, expect, it, vi} from 'vitest';
import {App} from '../../source/ui/App.js';
import {hintsFor, KEYMAP} from '../../source/ui/keymap.js';
import {fitHints} from '../../source/view/format.js';
import {textWidth} from '../../source/core/text-width.js';
import {initialUi, type UiState} from '../../source/view/ui-state.js';
import {buildView} from '../../source/view/view-model.js';
import {attempt, job, NOW, progress, sampleData, sampleJobs} from '../view/fixtures.js';
import {plain, waitForFrame} from './helpers.js';

// One fixed frame: a moving spinner makes frames differ from one render to the next.
vi.mock('ink-spinner', async () => {
	const {createElement} = await import('react');
	const {Text} = await import('ink');
	return {default: () => createElement(Text, null, '*')};
});

let unmount: (() => void) | undefined;
afterEach(() => unmount?.());

function show(columns: number, rows: number, ui: Partial<UiState> = {}, jobs = sampleJobs(), logTail: string[] = []) {
	const view = buildView({
		data: sampleData(jobs),
		detail: {id: ui.selectedId ?? 12, attempts: [attempt({jobId: 12, seq: 1, state: 'running', finishedAt: undefined})], logTail},
		logLines: logTail,
		ui: {...initialUi(), ...ui},
		size: {columns, rows},
		now: NOW,
		isColor: true,
	});
	const r = render(<App view={view} />);
	unmount = r.unmount;
	return r;
}

const lines = (frame: string) => frame.split('\n');

describe('layout', () => {
	it('40×20: every row fits, nothing wraps, the frame is rows - 1 high', async () => {
		const ui = show(40, 20, {}, sampleJobs(), ['collected 267 items', 'tests/test_io.py ..F.   [ 45%]']);
		const frame = await waitForFrame(ui, f => f.includes('#12'));
		for (const line of lines(frame)) expect(textWidth(line), line).toBeLessThanOrEqual(40);
		expect(lines(frame)).toHaveLength(19);
		expect(lines(frame)[0]).toBe('queue running · slots 2/2 · 1○ 1✓ 1✗');
		expect(frame).toMatch(/>\* #12 pytest QUAL-044 +█+[▏▎▍▌▋▊▉]?░+ +45% +3m12s/);
		expect(frame).toContain(' ✗ #14 exit            exit 3');
		expect(frame).toContain('─ #12 pytest · running · try 1/3 ─'); // the label is in the row; the facts come first
		expect(frame).toContain('tests/test_io.py ..F.   [ 45%]');
		// #12 runs: no retry or delete on offer.
		expect(lines(frame).at(-1)).toBe('c cancel p pause l log ? help q quit');
	});

	it('100 columns: state words, commands, counts and the full help bar', async () => {
		const ui = show(100, 24);
		const frame = await waitForFrame(ui, f => f.includes('#12'));
		for (const line of lines(frame)) expect(textWidth(line)).toBeLessThanOrEqual(100);
		expect(lines(frame)).toHaveLength(23);
		expect(lines(frame)[0]).toContain('queue-tui /home/me/project · running · slots 2/2 · 1 queued · 1 ok · 1 failed');
		const row = lines(frame).find(l => l.includes('#13'))!;
		for (const part of ['running', 'extract_charact', 'python3 fe', '30%', '12/40', '12s', '1/3']) expect(row).toContain(part);
		expect(lines(frame).at(-1)).toBe('c cancel p pause l log a add L label ? help q quit');
	});

	it('shows a placeholder when the queue is empty', async () => {
		const ui = show(40, 20, {}, []);
		const frame = await waitForFrame(ui, f => f.includes('no jobs yet'));
		expect(frame).toContain('press a to queue a command');
	});
});

describe('help bar and help screen come from the keymap', () => {
	it('the bar shows each mode\'s hints, fitted to the width', async () => {
		for (const [mode, columns] of [['list', 100], ['list', 40], ['log', 40], ['confirm', 40], ['prompt', 60]] as const) {
			const ui = show(columns, 20, {mode, selectedId: 12, confirm: mode === 'confirm' ? {action: 'cancel', id: 12} : undefined});
			const frame = await waitForFrame(ui, f => f.length > 0);
			expect(lines(frame).at(-1)).toBe(fitHints(hintsFor(mode, {jobState: 'running', paused: false, following: false}), columns - 1).join(' '));
			ui.unmount();
		}
	});

	it('? lists every list-mode binding with what it does', async () => {
		const ui = show(100, 30, {mode: 'help'});
		const frame = await waitForFrame(ui, f => f.includes('keys'));
		for (const b of KEYMAP.filter(b => b.modes.includes('list'))) expect(frame).toContain(b.describe);
		expect(frame).toContain('jobs keep running after q');
	});
});

describe('at 40 columns every fact is readable', () => {
	it('? wraps each meaning under itself, cutting no word, and explains the count icons', async () => {
		const ui = show(40, 40, {mode: 'help'});
		const frame = await waitForFrame(ui, f => f.includes('keys'));
		const rows = lines(frame);
		for (const row of rows) expect(textWidth(row), row).toBeLessThanOrEqual(40);
		// Joined back, each description reads whole: nothing clipped or ellipsised.
		const text = rows.map(r => r.trim()).join(' ');
		expect(text).not.toContain('…');
		for (const b of KEYMAP.filter(b => b.modes.includes('list'))) expect(text.replace(/\s+/g, ' ')).toContain(b.describe);
		expect(text).toContain('counts: ○ queued ✓ ok ✗ failed ⊘ cancelled');
		expect(text).toContain('jobs keep running after q: the queue lives in .queue/');
	});

	it('the header says its counts in words when they fit, else in icons the ? screen explains', async () => {
		const few = sampleJobs().filter(j => j.state === 'running' || j.state === 'failed');
		const ui = show(40, 20, {}, few);
		const header = lines(await waitForFrame(ui, f => f.includes('slots')))[0];
		expect(header).toMatch(/1 failed$/);
		ui.unmount();
		const crowded = show(40, 20, {}, sampleJobs());
		const full = lines(await waitForFrame(crowded, f => f.includes('slots')))[0];
		expect(textWidth(full)).toBeLessThanOrEqual(39);
		expect(full).toMatch(/\d[○✓✗⊘]/u);
	});

	it('a pytest -q line keeps its [ 21%] marker, in the detail and in the log view', async () => {
		const dots = `${'.'.repeat(72)} [ 21%]`;
		const ui = show(40, 20, {}, sampleJobs(), ['collected 340 items', dots]);
		const frame = await waitForFrame(ui, f => f.includes('collected'));
		expect(lines(frame).find(l => l.startsWith('....'))).toMatch(/^\.+… \[ 21%\]$/);
		ui.unmount();
		const log = show(40, 20, {mode: 'log', selectedId: 12}, sampleJobs(), ['collected 340 items', dots]);
		const logFrame = await waitForFrame(log, f => f.includes('collected'));
		const line = lines(logFrame).find(l => l.startsWith('....'))!;
		expect(line).toMatch(/^\.+… \[ 21%\]$/);
		expect(textWidth(line)).toBeLessThanOrEqual(40);
	});
});

describe('dialogs', () => {
	it('asks y/n before cancelling, on the message line', async () => {
		const ui = show(40, 20, {mode: 'confirm', confirm: {action: 'cancel', id: 12}, selectedId: 12});
		const frame = await waitForFrame(ui, f => f.includes('y/n'));
		expect(lines(frame).at(-2)).toBe('Cancel #12 pytest (running)? y/n'); // no room for the label at 40
		expect(lines(frame).at(-1)).toBe('y yes n no');
	});

	it('shows the add prompt with its text and a cursor', async () => {
		const ui = show(40, 20, {mode: 'prompt', prompt: 'make test'});
		const frame = await waitForFrame(ui, f => f.includes('add>'));
		expect(lines(frame).at(-2)).toBe('add> make test█');
	});

	it('shows an error message in one line', async () => {
		const ui = show(40, 20, {message: {text: 'job #12 is running; only failed, cancelled or timed-out jobs can be retried', isError: true, at: NOW}});
		const frame = await waitForFrame(ui, f => f.includes('! job #12'));
		expect(lines(frame)).toHaveLength(19);
		expect(lines(frame).at(-2)).toBe('! job #12 is running; only failed, can…');
	});
});

describe('untrusted output never reaches the terminal raw', () => {
	it('labels, reasons, failures and log lines lose their escape sequences', async () => {
		const evil = 'A\u001b[31mB\u001b]0;title\u0007C';
		const jobs = [job({
			id: 1, state: 'failed', label: evil, reason: evil, exitCode: 1, startedAt: NOW - 2000, finishedAt: NOW,
			progress: progress({failures: [{id: evil, reason: evil}]}),
		})];
		for (const mode of ['list', 'log'] as const) {
			const ui = show(100, 30, {mode, selectedId: 1}, jobs, [evil, `x\r${evil}`]);
			const frame = ui.lastFrame() ?? '';
			expect(frame).toContain('ABC');
			expect(frame).not.toContain('\u001b[31m');
			expect(frame).not.toContain('\u001b]');
			expect(frame).not.toContain('\u0007');
			expect(frame).not.toContain('title');
			ui.unmount();
		}
	});
});

describe('log view', () => {
	it('fills the body with the log and says where it is', async () => {
		const log = Array.from({length: 50}, (_, i) => `line ${i + 1}`);
		const ui = show(40, 20, {mode: 'log', selectedId: 12, isFollowing: true}, sampleJobs(), log);
		const frame = plain(ui.lastFrame());
		expect(lines(frame)[1]).toMatch(/^─ #12 pytest · 36-50\/50 · following ─/);
		expect(lines(frame)[2]).toBe('line 36');
		expect(lines(frame).at(-3)).toBe('line 50');
		expect(lines(frame).at(-1)).toBe('q back q quit'); // already following: no `f follow`
	});
});

describe('NO_COLOR', () => {
	it('is honoured when set and not empty (no-color.org)', async () => {
		const {wantsColor} = await import('../../source/ui/run-tui.js');
		expect(wantsColor({NO_COLOR: '1'})).toBe(false);
		expect(wantsColor({NO_COLOR: ''})).toBe(true);
		expect(wantsColor({})).toBe(true);
	});
});

describe('the help bar offers only what applies', () => {
	it('retry and delete for an ended job, cancel for a live one, resume while paused, follow when not following', () => {
		expect(hintsFor('list', {jobState: 'failed'})).toEqual(['r retry', 'p pause', 'l log', 'a add', 'd del', 'L label', '? help', 'q quit']);
		expect(hintsFor('list', {jobState: 'running', paused: true})).toEqual(['c cancel', 'p resume', 'l log', 'a add', 'L label', '? help', 'q quit']);
		expect(hintsFor('list', {})).toEqual(['p pause', 'a add', 'L label', '? help', 'q quit']);
		expect(hintsFor('log', {following: true})).toEqual(['q back', 'q quit']);
		expect(hintsFor('log', {following: false})).toEqual(['f follow', 'q back', 'q quit']);
	});
});
