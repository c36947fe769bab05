import {describe, expect, it} from 'vitest';
import {textWidth} from '../../source/core/text-width.js';
import {ROW_PREFIX, rowColumns} from '../../source/view/rows.js';
import type {Line, QueueData, QueueView} from '../../source/view/types.js';
import {narrowToLabel} from '../../source/view/labels.js';
import {initialUi, type UiState} from '../../source/view/ui-state.js';
import {buildView, layoutFor, MESSAGE_MS} from '../../source/view/view-model.js';
import {attempt, job, NOW, progress, sampleData, sampleJobs} from './fixtures.js';

const text = (line: Line) => line.map(c => c.text).join('');
const ui = (over: Partial<UiState> = {}): UiState => ({...initialUi(), ...over});

function view(columns: number, rows: number, over: Partial<UiState> = {}, isColor = true): QueueView {
	const data = sampleData();
	const detail = {
		id: 12,
		attempts: [attempt({jobId: 12, seq: 1, state: 'running', finishedAt: undefined, startedAt: NOW - 192_000})],
		logTail: ['collected 267 items', 'tests/test_io.py ..F.   [ 45%]'],
	};
	return buildView({data, detail, ui: ui(over), size: {columns, rows}, now: NOW, isColor});
}

/** Every line the screen would show, as plain text. */
function allLines(v: QueueView): string[] {
	const rows = v.rows.map(r => `${r.isSelected ? '>' : ' '}${r.icon.text} ${text(r.cells)}`);
	return [text(v.header), ...rows, ...v.detail.map(text), ...(v.log ? [text(v.log.title), ...v.log.lines.map(text)] : []), text(v.bottom)];
}

describe('layout', () => {
	it.each([[40, 20], [60, 24], [100, 30], [120, 40], [200, 50]])('fits %i×%i: no line wider than the screen, no more lines than it has', (columns, rows) => {
		const v = view(columns, rows);
		for (const line of allLines(v)) expect(textWidth(line), line).toBeLessThan(columns);
		expect(v.rows.length).toBeLessThanOrEqual(v.listHeight);
		expect(v.listHeight + v.detail.length).toBeLessThanOrEqual(v.bodyHeight);
		// header + body + message line + help bar = rows - 1: ink never scrolls.
		expect(1 + v.bodyHeight + 2).toBe(rows - 1);
	});

	it('keeps rows inside the width for every width and long ids', () => {
		const jobs = [job({id: 123_456, state: 'running', startedAt: NOW - 1000, progress: progress({percent: 10})}), ...sampleJobs()];
		for (let columns = 30; columns <= 220; columns++) {
			const c = rowColumns(columns, jobs);
			const v = buildView({data: sampleData(jobs), ui: ui(), size: {columns, rows: 30}, now: NOW, isColor: true});
			for (const r of v.rows) expect(ROW_PREFIX + textWidth(text(r.cells)), `${columns}: ${text(r.cells)}`).toBeLessThan(columns);
			if (columns >= 40) expect(c.bar).toBeGreaterThan(0);
		}
	});

	it('shows id, name, bar, percent and time at 40 columns', () => {
		const v = view(40, 20);
		const row = text(v.rows.find(r => r.id === 12)!.cells);
		expect(row).toMatch(/^#12 pytest QUAL-044\s+█+[▏▎▍▌▋▊▉]?░+\s+45%\s+3m12s$/);
		expect(v.rows.find(r => r.id === 12)!.isRunning).toBe(true);
		expect(text(v.header)).toBe('queue running · slots 2/2 · 1○ 1✓ 1✗');
	});

	it('adds state, command, done/total, ETA and tries at 120 columns', () => {
		const v = view(120, 30);
		const row = text(v.rows.find(r => r.id === 12)!.cells);
		for (const part of ['running', 'QUAL-044', 'python3 -m pytest tests/', '45%', '120/267', '3m12s', '1m02s', '1/3']) expect(row).toContain(part);
		const failed = text(v.rows.find(r => r.id === 14)!.cells);
		expect(failed).toContain('exit 3');
		expect(text(v.header)).toContain('/home/me/project');
		expect(text(v.header)).toContain('1 failed');
	});

	it('gives the list at most 40% of the body and keeps the selection in view', () => {
		expect(layoutFor({columns: 40, rows: 20}, 50)).toEqual({body: 16, listHeight: 6, logPage: 15});
		const jobs = Array.from({length: 50}, (_, i) => job({id: i + 1}));
		const v = buildView({data: sampleData(jobs), ui: ui({selectedId: 40}), size: {columns: 40, rows: 20}, now: NOW, isColor: true});
		expect(v.rows.map(r => r.id)).toContain(40);
		expect(v.rows.find(r => r.isSelected)?.id).toBe(40);
	});
});

describe('detail', () => {
	it('shows the command, cwd, attempts, summary, failures and the log tail', () => {
		const lines = view(100, 30).detail.map(text);
		expect(lines[0]).toMatch(/^─ #12 pytest QUAL-044 · running · try 1\/3 ─+$/);
		expect(lines).toContain('$ python3 -m pytest tests/');
		expect(lines).toContain('in /home/me/project');
		expect(lines.some(l => l.startsWith('try 1  running'))).toBe(true);
		expect(lines.some(l => l.includes('45% · 120/267 · 1 failed · eta 1m02s'))).toBe(true);
		expect(lines).toContain('✗ tests/test_io.py::test_roundtrip[1]  AssertionError: assert 1 == 2');
		expect(lines.at(-1)).toBe('tests/test_io.py ..F.   [ 45%]');
	});

	it('never exceeds its height, even tiny', () => {
		for (let rows = 6; rows < 40; rows++) {
			const v = view(40, rows);
			expect(v.detail.length).toBeLessThanOrEqual(v.bodyHeight - v.listHeight);
		}
	});

	it('says what to do when there are no jobs', () => {
		const v = buildView({data: sampleData([]), ui: ui(), size: {columns: 40, rows: 20}, now: NOW, isColor: true});
		expect(v.emptyText).toBe('no jobs yet');
		expect(text(v.detail[0])).toContain('press a to queue a command');
	});
});

describe('stalled jobs', () => {
	it('a running job silent past the limit says so in the detail, and its clock turns yellow', () => {
		const quiet = job({id: 1, state: 'running', attempt: 1, startedAt: NOW - 20 * 60_000, progress: progress({percent: 10, lastOutputAt: NOW - 12 * 60_000})});
		const v = buildView({data: sampleData([quiet]), ui: ui(), size: {columns: 60, rows: 20}, now: NOW, isColor: true});
		expect(v.detail.map(text)).toContain('STALLED: no output for 12m00s');
		expect(v.rows[0].cells.find(c => c.text.trim() === '20m00s')?.color).toBe('yellow');
		const busy = {...quiet, progress: progress({percent: 10, lastOutputAt: NOW - 1000})};
		expect(buildView({data: sampleData([busy]), ui: ui(), size: {columns: 60, rows: 20}, now: NOW, isColor: true}).detail.map(text).join('\n')).not.toContain('STALLED');
	});
});

describe('untrusted text', () => {
	it('removes escape sequences from labels, commands, reasons, failures and log lines', () => {
		const evil = '\u001b[31mred\u001b]0;title\u0007';
		const jobs = [job({
			id: 1, state: 'failed', label: evil, argv: ['sh', '-c', `echo ${evil}`], shell: true, reason: evil, exitCode: 1,
			progress: progress({failures: [{id: evil, reason: evil}], summaryLine: evil}),
		})];
		const v = buildView({
			data: sampleData(jobs), detail: {id: 1, attempts: [attempt({jobId: 1, seq: 1, reason: evil})], logTail: [evil]},
			ui: ui(), size: {columns: 200, rows: 40}, now: NOW, isColor: true,
		});
		const all = allLines(v).join('\n');
		expect(all).toContain('red');
		expect(all).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f]/);
		const log = buildView({data: sampleData(jobs), ui: ui({mode: 'log'}), logLines: [evil], size: {columns: 80, rows: 20}, now: NOW, isColor: true});
		expect(log.log!.lines.map(text)).toEqual(['red']);
	});
});

describe('colour', () => {
	it('NO_COLOR: no cell carries a colour', () => {
		const v = view(100, 30, {}, false);
		expect(JSON.stringify(v)).not.toContain('"color"');
		expect(JSON.stringify(view(100, 30, {}, true))).toContain('"color"');
	});
});

describe('bottom line', () => {
	it('asks before cancelling', () => {
		expect(text(view(60, 20, {mode: 'confirm', confirm: {action: 'cancel', id: 12}, selectedId: 12}).bottom)).toBe('Cancel #12 pytest QUAL-044 (running)? y/n');
	});

	it('shows the prompt with the end of long text', () => {
		const line = text(view(40, 20, {mode: 'prompt', prompt: 'python3 -m pytest tests/test_a_very_long_name.py'}).bottom);
		expect(line.startsWith('add> …')).toBe(true);
		expect(line.endsWith('long_name.py█')).toBe(true);
		expect(textWidth(line)).toBeLessThan(40);
	});

	it('shows a message, then lets it fade', () => {
		const message = {text: 'job #3 already ended', isError: true, at: NOW - 1000};
		expect(text(view(40, 20, {message}).bottom)).toBe('! job #3 already ended');
		expect(text(view(40, 20, {message: {...message, at: NOW - MESSAGE_MS - 1}}).bottom)).toBe('');
	});
});

describe('log view', () => {
	it('shows the last page, or scrolled back, with where it is', () => {
		const lines = Array.from({length: 100}, (_, i) => `line ${i + 1}`);
		const at = (logScroll: number) =>
			buildView({data: sampleData(), ui: ui({mode: 'log', selectedId: 12, logScroll, isFollowing: logScroll === 0}), logLines: lines, size: {columns: 60, rows: 20}, now: NOW, isColor: true}).log!;
		expect(at(0).lines.map(text).at(-1)).toBe('line 100');
		expect(at(0).lines.length).toBe(15);
		expect(text(at(0).title)).toContain('86-100/100 · following');
		expect(at(10).lines.map(text).at(-1)).toBe('line 90');
		expect(text(at(10).title)).toContain('f: follow');
		expect(at(1000).lines.map(text)[0]).toBe('line 1');
	});
});

describe('label filter', () => {
	const labelled = () => {
		const jobs = sampleJobs();
		jobs.find(j => j.id === 14)!.label = 'QUAL-044';
		jobs.find(j => j.id === 15)!.label = 'QUAL-045';
		return jobs;
	};
	const filtered = (label: string | undefined, columns: number, jobs = labelled(), over: Partial<UiState> = {}) =>
		buildView({data: narrowToLabel(sampleData(jobs), label), ui: ui({label, ...over}), size: {columns, rows: 20}, now: NOW, isColor: true});

	it('40 columns: the header names the label and counts only its jobs; the list has only them', () => {
		const v = filtered('QUAL-044', 40);
		expect(text(v.header)).toBe('label QUAL-044 · running · 1 failed');
		expect(v.rows.map(r => r.id)).toEqual([12, 14]);
		expect(text(filtered(undefined, 40).header)).toBe('queue running · slots 2/2 · 1○ 1✓ 1✗');
	});

	it('wide: the project, the label and the counts in words', () => {
		const v = filtered('QUAL-045', 120);
		expect(text(v.header)).toBe('queue-tui /home/me/project · label QUAL-045 · starting · 1 queued');
		expect(v.rows.map(r => r.id)).toEqual([15]);
	});

	it('a long label is cut so the counts stay, and nothing is wider than the pane', () => {
		const long = 'a-very-long-label-name-for-a-task-in-the-tracker';
		const jobs = labelled().map(j => (j.label === 'QUAL-044' ? {...j, label: long} : j));
		for (const columns of [30, 40, 60, 100, 200]) {
			const v = filtered(long, columns, jobs);
			const header = text(v.header);
			expect(textWidth(header), header).toBeLessThan(columns);
			expect(header, header).toMatch(columns >= 40 ? /1 failed$/ : /1✗$/);
			for (const line of allLines(v)) expect(textWidth(line), line).toBeLessThan(columns);
		}
	});

	it('a label escape sequences cannot pass through', () => {
		const evil = 'QUAL\u001b[2J-1';
		const jobs = [job({id: 1, label: evil})];
		const header = text(filtered(evil, 60, jobs).header);
		expect(header).toContain('label QUAL');
		expect(header).not.toMatch(/[\u0000-\u001f]/);
	});

	it('a label with no jobs says so and how to move on', () => {
		const v = filtered('QUAL-099', 40);
		expect(v.rows).toEqual([]);
		expect(v.emptyText).toBe('no QUAL-099 jobs (L: next label)');
		expect(text(v.header)).toBe('label QUAL-099 · idle');
	});

	it('the add prompt shows the label the new job will get', () => {
		const line = text(filtered('QUAL-044', 40, labelled(), {mode: 'prompt', prompt: 'make'}).bottom);
		expect(line).toBe('add [QUAL-044]> make█');
	});
});

describe('notifier problems', () => {
	it('a failed notification stays on the bottom line, sanitized, until a message takes its place', () => {
		const data = sampleData(sampleJobs(), {notifyWarning: 'pushover: monthly message quota reached (429)\u001b[31m'});
		const v = buildView({data, ui: ui(), size: {columns: 40, rows: 20}, now: NOW, isColor: false});
		expect(text(v.bottom)).toBe('! notify pushover: monthly message quo…');
		expect(text(v.bottom)).not.toContain('\u001b');
		const withMessage = buildView({data, ui: ui({message: {text: '#3 queued again', isError: false, at: NOW}}), size: {columns: 40, rows: 20}, now: NOW, isColor: false});
		expect(text(withMessage.bottom)).toBe('#3 queued again');
		expect(text(buildView({data: sampleData(), ui: ui(), size: {columns: 40, rows: 20}, now: NOW, isColor: false}).bottom)).toBe('');
	});
});

describe('dependencies and labels in the list', () => {
	const rowsOf = (columns: number, jobs = sampleJobs(), waitsFor: QueueData['waitsFor'] = {}) =>
		buildView({data: sampleData(jobs, {waitsFor}), ui: {...initialUi(), selectedId: 12}, size: {columns, rows: 24}, now: NOW, isColor: false}).rows.map(r => text(r.cells));

	it('a queued job says what it waits for; a skipped one says why', () => {
		const jobs = [
			...sampleJobs(),
			job({id: 20, state: 'queued', kind: 'generic', argv: ['make', 'report']}),
			job({id: 21, state: 'queued', kind: 'generic', argv: ['./diagnose.sh']}),
			job({id: 22, state: 'skipped', kind: 'generic', argv: ['make', 'deploy'], reason: 'skipped: #14 failed'}),
		];
		const waitsFor: QueueData['waitsFor'] = {20: [{depId: 12, cond: 'success', state: 'running'}], 21: [{depId: 12, cond: 'failure', state: 'running'}]};
		for (const columns of [40, 100]) {
			const rows = rowsOf(columns, jobs, waitsFor);
			expect(rows.find(r => r.startsWith('#20'))).toContain('waits #12');
			expect(rows.find(r => r.startsWith('#21'))).toContain('if #12 fails');
			expect(rows.find(r => r.startsWith('#22'))).toContain('skip: #14 failed');
			for (const r of rows) expect(textWidth(r)).toBeLessThanOrEqual(columns - ROW_PREFIX);
		}
	});

	it('shows the label beside the name, never instead of it', () => {
		const jobs = sampleJobs().map(j => (j.id === 13 ? {...j, label: 'QUAL-044'} : j));
		for (const columns of [40, 100]) {
			const rows = rowsOf(columns, jobs);
			expect(rows.find(r => r.startsWith('#12'))).toMatch(/#12 +(running +)?pytest QUAL-044/);
			expect(rows.find(r => r.startsWith('#13'))).toMatch(/#13 +(running +)?extract\S* QUAL/);
		}
	});
});
