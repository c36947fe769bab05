import {render} from 'ink-testing-library';
import {afterEach, describe, expect, it, vi} from 'vitest';
import {textWidth} from '../../source/core/text-width.js';
import {Controller} from '../../source/ui/controller.js';
import {Root} from '../../source/ui/Root.js';
import {flowSample, NOW} from '../view/fixtures.js';
import {FakeBackend, plain, press, resize, settle, waitForFrame} from './helpers.js';

vi.mock('ink-spinner', async () => {
	const {createElement} = await import('react');
	const {Text} = await import('ink');
	return {default: () => createElement(Text, null, '*')};
});

let cleanup: Array<() => void> = [];
afterEach(() => {
	for (const fn of cleanup) fn();
	cleanup = [];
});

async function start(columns: number) {
	const {jobs, flow} = flowSample();
	const backend = new FakeBackend(jobs, [flow]);
	const t0 = Date.now();
	const controller = new Controller(backend, {size: {columns, rows: 24}, isColor: true, pollMs: 20, frameMs: 0, now: () => NOW + Date.now() - t0});
	controller.start();
	const ui = render(<Root controller={controller} />);
	cleanup.push(() => ui.unmount(), () => controller.stop());
	if (columns !== 100) resize(ui, columns, 24);
	await waitForFrame(ui, f => f.includes('f3') && f.split('\n').every(l => textWidth(l) <= columns));
	await settle();
	return {ui, backend, controller};
}

const selected = (frame: string) => frame.split('\n').find(l => l.startsWith('>')) ?? '';
const listRows = (frame: string) => frame.split('\n').slice(1, 3);

describe('a flow in the TUI', () => {
	it('is one collapsed row with its current step, selected first (its step runs)', async () => {
		const {ui} = await start(100);
		const frame = plain(ui.lastFrame());
		expect(selected(frame)).toMatch(/▸ f3 quality QUAL-044 step 2\/3 extract 45%\s+1m4\ds/);
		// Its steps are folded away; the job that is not part of it keeps its own row.
		expect(listRows(frame).join('\n')).not.toMatch(/#2[0-3] /);
		expect(frame).toContain('#24');
		// The detail is the current step's, and the help bar offers to unfold.
		expect(frame).toContain('─ #21 f3 extract QUAL-044');
		expect(frame).toContain('␣ steps');
	});

	it('fits 40 columns: position, percent and clock kept, the label gives way', async () => {
		const {ui} = await start(40);
		const frame = plain(ui.lastFrame());
		const row = selected(frame);
		expect(row).toMatch(/▸ f3 quality .*step 2\/3 45%\s+1m4\ds$/);
		for (const line of frame.split('\n')) expect(textWidth(line)).toBeLessThanOrEqual(40);
	});

	it('space unfolds its steps and checks under it, and folds them again (also from a step)', async () => {
		const {ui} = await start(100);
		await press(ui, ' ');
		let frame = await waitForFrame(ui, f => f.includes('▾ f3'));
		const rows = frame.split('\n');
		const at = rows.findIndex(l => l.includes('▾ f3'));
		expect(rows[at + 1]).toMatch(/#20 .*├ unit/);
		expect(rows[at + 2]).toMatch(/#21 .*├ extract/);
		expect(rows[at + 3]).toMatch(/#22 .*├ report/);
		expect(rows[at + 4]).toMatch(/#23 .*└ dashboard/);
		await press(ui, 'j', 'j');
		frame = await waitForFrame(ui, f => selected(f).includes('#21'));
		expect(frame).toContain('─ #21 f3 extract');
		await press(ui, ' ');
		frame = await waitForFrame(ui, f => f.includes('▸ f3') && !f.includes('#20'));
		expect(selected(frame)).toContain('▸ f3');
	});

	it('c on the flow row cancels the whole flow after y; r on a running flow says why not', async () => {
		const {ui, backend} = await start(100);
		await press(ui, 'r');
		let frame = await waitForFrame(ui, f => f.includes('f3 is still running'));
		expect(backend.calls.filter(c => c !== 'wakeRunner')).toEqual([]);
		await press(ui, 'c');
		frame = await waitForFrame(ui, f => f.includes('Cancel flow f3 quality QUAL-044 (all its jobs)? y/n'));
		await press(ui, 'y');
		frame = await waitForFrame(ui, f => f.includes('f3 cancelling (SIGTERM sent)'));
		expect(backend.calls.filter(c => c !== 'wakeRunner')[0]).toBe('cancel f3');
		expect(backend.jobs.filter(j => j.flowId === 3).map(j => j.state)).toEqual(['succeeded', 'running', 'cancelled', 'cancelled']);
		expect(listRows(frame).join('\n')).toContain('f3');
	});

	it('r on a failed flow retries the flow; d refuses', async () => {
		const {jobs, flow} = flowSample();
		for (const j of jobs.slice(1, 4)) Object.assign(j, {state: j.id === 21 ? 'failed' : 'skipped', exitCode: j.id === 21 ? 1 : undefined, finishedAt: NOW - 1000});
		const backend = new FakeBackend(jobs, [flow]);
		const controller = new Controller(backend, {size: {columns: 100, rows: 24}, isColor: true, pollMs: 20, frameMs: 0, now: () => NOW});
		controller.start();
		const ui = render(<Root controller={controller} />);
		cleanup.push(() => ui.unmount(), () => controller.stop());
		await waitForFrame(ui, f => f.includes('FAILED step extract'));
		await settle();
		await press(ui, 'g');
		await waitForFrame(ui, f => selected(f).includes('f3'));
		await press(ui, 'd');
		await waitForFrame(ui, f => f.includes('f3 is a flow'));
		await press(ui, 'r');
		await waitForFrame(ui, f => f.includes('f3 queued again'));
		expect(backend.calls.filter(c => c !== 'wakeRunner')).toEqual(['retry f3']);
	});
});
