import {describe, expect, it} from 'vitest';
import {initialUi, pinSelection, reduce, selectedJob, type ReduceContext, type UiState} from '../../source/view/ui-state.js';
import {job, NOW, sampleJobs} from './fixtures.js';

const ctx = (over: Partial<ReduceContext> = {}): ReduceContext => ({
	jobs: sampleJobs(), labels: ['QUAL-044'], paused: false, listPage: 3, logPage: 10, logLines: 100, now: NOW, ...over,
});
const ui = (over: Partial<UiState> = {}): UiState => ({...initialUi(), ...over});

describe('selection', () => {
	it('defaults to the first running job, else the newest', () => {
		expect(selectedJob(ui(), sampleJobs())?.id).toBe(12);
		expect(selectedJob(ui(), sampleJobs().filter(j => j.state !== 'running'))?.id).toBe(15);
		expect(selectedJob(ui(), [])).toBeUndefined();
	});

	it('moves with down/up/top/bottom/pages and stops at the ends', () => {
		let s = ui({selectedId: 12});
		const step = (a: Parameters<typeof reduce>[1]) => (s = reduce(s, a, ctx()).ui);
		expect(step('down').selectedId).toBe(13);
		expect(step('up').selectedId).toBe(12);
		expect(step('top').selectedId).toBe(9);
		expect(step('up').selectedId).toBe(9);
		expect(step('bottom').selectedId).toBe(15);
		expect(step('down').selectedId).toBe(15);
		expect(step('pageUp').selectedId).toBe(12);
	});
});

describe('actions', () => {
	it('retry becomes an effect on the selected job (core decides whether it may)', () => {
		expect(reduce(ui({selectedId: 14}), 'retry', ctx()).effect).toEqual({type: 'retry', id: 14});
	});

	it('cancel asks first; y confirms, anything else does not', () => {
		const asked = reduce(ui({selectedId: 12}), 'cancel', ctx()).ui;
		expect(asked).toMatchObject({mode: 'confirm', confirm: {action: 'cancel', id: 12}});
		expect(reduce(asked, 'yes', ctx())).toMatchObject({ui: {mode: 'list'}, effect: {type: 'cancel', id: 12}});
		const no = reduce(asked, 'no', ctx());
		expect(no.effect).toBeUndefined();
		expect(no.ui.mode).toBe('list');
	});

	it('cancel on a finished job says so without asking', () => {
		const r = reduce(ui({selectedId: 9}), 'cancel', ctx());
		expect(r.ui.mode).toBe('list');
		expect(r.ui.message?.text).toBe('#9 already ended (succeeded); nothing to cancel');
	});

	it('delete only finished jobs, after y, then selects a neighbour', () => {
		expect(reduce(ui({selectedId: 12}), 'delete', ctx()).ui.message?.text).toContain('cancel it before deleting');
		const asked = reduce(ui({selectedId: 14}), 'delete', ctx()).ui;
		const done = reduce(asked, 'yes', ctx());
		expect(done.effect).toEqual({type: 'delete', id: 14});
		expect(done.ui.selectedId).toBe(15);
	});

	it('pause toggles from the queue state', () => {
		expect(reduce(ui(), 'pause', ctx()).effect).toEqual({type: 'pause', paused: true});
		expect(reduce(ui(), 'pause', ctx({paused: true})).effect).toEqual({type: 'pause', paused: false});
	});

	it('any key clears the last message', () => {
		const s = ui({message: {text: 'old', isError: true, at: NOW}});
		expect(reduce(s, 'down', ctx()).ui.message).toBeUndefined();
	});
});

describe('add prompt', () => {
	it('types, erases (wide characters too), submits a trimmed command', () => {
		let s = reduce(ui(), 'add', ctx()).ui;
		expect(s.mode).toBe('prompt');
		for (const ch of ['e', 'c', 'h', 'o', ' ', '処']) s = reduce(s, 'type', ctx(), ch).ui;
		s = reduce(s, 'erase', ctx()).ui;
		expect(s.prompt).toBe('echo ');
		s = reduce(s, 'type', ctx(), 'hi  ').ui;
		const r = reduce(s, 'submit', ctx());
		expect(r.effect).toEqual({type: 'add', command: 'echo hi'});
		expect(r.ui).toMatchObject({mode: 'list', prompt: ''});
	});

	it('strips control characters from typed text and ignores an empty submit', () => {
		let s = reduce(ui(), 'add', ctx()).ui;
		s = reduce(s, 'type', ctx(), 'a\u001b[31mb\u0007').ui;
		expect(s.prompt).toBe('ab');
		expect(reduce(ui({mode: 'prompt', prompt: '   '}), 'submit', ctx()).effect).toBeUndefined();
	});

	it('escape closes it without queueing', () => {
		const r = reduce(ui({mode: 'prompt', prompt: 'make'}), 'back', ctx());
		expect(r.effect).toBeUndefined();
		expect(r.ui).toMatchObject({mode: 'list', prompt: ''});
	});
});

describe('log view', () => {
	it('opens following a running job, scrolls up (which stops following), G goes back down, f follows', () => {
		let s = reduce(ui({selectedId: 12}), 'log', ctx()).ui;
		expect(s).toMatchObject({mode: 'log', isFollowing: true, logScroll: 0});
		s = reduce(s, 'pageUp', ctx()).ui;
		expect(s).toMatchObject({logScroll: 10, isFollowing: false});
		s = reduce(s, 'top', ctx()).ui;
		expect(s.logScroll).toBe(90);
		s = reduce(s, 'down', ctx()).ui;
		expect(s.logScroll).toBe(89);
		s = reduce(s, 'bottom', ctx()).ui;
		expect(s.logScroll).toBe(0);
		s = reduce(s, 'follow', ctx()).ui;
		expect(s.isFollowing).toBe(true);
		expect(reduce(s, 'back', ctx()).ui.mode).toBe('list');
	});

	it('opens a finished job without following', () => {
		expect(reduce(ui({selectedId: 14}), 'log', ctx()).ui.isFollowing).toBe(false);
	});
});

describe('label filter', () => {
	const labels = ['QUAL-044', 'QUAL-045'];

	it('L cycles all → each label → all, keeping the selection for the controller to check', () => {
		let s = ui({selectedId: 12});
		const seen: Array<string | undefined> = [];
		for (let i = 0; i < 3; i++) {
			s = reduce(s, 'label', ctx({labels})).ui;
			seen.push(s.label);
		}
		expect(seen).toEqual(['QUAL-044', 'QUAL-045', undefined]);
		expect(s).toMatchObject({mode: 'list', selectedId: 12});
	});

	it('with no labels in the queue, says how to get one', () => {
		const r = reduce(ui(), 'label', ctx({labels: []}));
		expect(r.ui.label).toBeUndefined();
		expect(r.ui.message?.text).toBe('no job has a label (add --label NAME)');
	});

	it('starts with a filter when given one', () => {
		expect(initialUi('QUAL-045').label).toBe('QUAL-045');
		expect(initialUi().label).toBeUndefined();
	});

	it('a command typed under a filter gets its label', () => {
		const s = reduce(ui({mode: 'prompt', prompt: 'make', label: 'QUAL-044'}), 'submit', ctx());
		expect(s.effect).toEqual({type: 'add', command: 'make', label: 'QUAL-044'});
		expect(s.ui.label).toBe('QUAL-044');
	});

	it('pinSelection keeps a shown job selected, else moves to the running one, else the newest', () => {
		const shown = [job({id: 2, state: 'succeeded'}), job({id: 4, state: 'running'}), job({id: 5})];
		const same = ui({selectedId: 5});
		expect(pinSelection(same, shown)).toBe(same);
		expect(pinSelection(ui({selectedId: 13}), shown).selectedId).toBe(4);
		expect(pinSelection(ui({selectedId: 13}), shown.filter(j => j.id !== 4)).selectedId).toBe(5);
		expect(pinSelection(ui({selectedId: 13}), []).selectedId).toBeUndefined();
	});
});
