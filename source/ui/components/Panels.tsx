import {Box, Text} from 'ink';
import {memo} from 'react';
import type {Line} from '../../view/types.js';
import {keyLabel, type Binding} from '../keymap.js';
import {fitHints} from '../../view/format.js';
import {clip, fit, wrapWords} from '../../core/text-width.js';
import {COUNTS} from '../../view/view-model.js';
import {LineText} from './LineText.js';

/** A fixed-height column of pre-fitted lines (the detail, the log). */
export const Lines = memo(function Lines({lines, height}: {lines: Line[]; height: number}) {
	return (
		<Box flexDirection="column" height={Math.max(0, height)} overflowY="hidden">
			{lines.slice(0, Math.max(0, height)).map((line, i) => (
				<LineText key={i} line={line} />
			))}
		</Box>
	);
});

/** The full-screen log: a title rule, then the visible lines. */
export const LogView = memo(function LogView({log, height}: {log: {title: Line; lines: Line[]}; height: number}) {
	return (
		<Box flexDirection="column" height={height} overflowY="hidden">
			<LineText line={log.title} />
			<Lines lines={log.lines} height={height - 1} />
		</Box>
	);
});

/** The `?` screen: the list's bindings with what they do, then the log view's in one line. */
export const HelpScreen = memo(function HelpScreen({bindings, width, height}: {bindings: readonly Binding[]; width: number; height: number}) {
	const keyWidth = Math.min(16, Math.floor(width / 3));
	const list = bindings.filter(b => b.modes.includes('list'));
	const log = bindings.filter(b => b.modes.includes('log') && !b.modes.includes('list'));
	// Wrapped, never cut: a key's meaning continues under itself, other rows under their start.
	const rows = [
		'keys (any key closes this)',
		...list.flatMap(b => wrapWords(b.describe, width - keyWidth - 1).map((text, i) => `${fit(i === 0 ? keyLabel(b.keys) : '', keyWidth)} ${text}`)),
		...wrapWords(`log view: j/k PgUp/PgDn g/G to scroll, ${log.map(b => b.hint).filter(Boolean).join(', ')}`, width, 2),
		...wrapWords(`counts: ${COUNTS.map(c => `${c.icon} ${c.word}`).join('  ')}`, width, 2),
		...wrapWords('jobs keep running after q: the queue lives in .queue/', width, 2),
	];
	return (
		<Box flexDirection="column" height={height} overflowY="hidden">
			{rows.slice(0, height).map((row, i) => (
				<Text key={i} wrap="truncate-end" bold={i === 0}>
					{clip(row, width)}
				</Text>
			))}
		</Box>
	);
});

/** The keys that work right now, from the keymap; the key bold, its meaning dim. */
export const HelpBar = memo(function HelpBar({hints, width}: {hints: readonly string[]; width: number}) {
	const shown = fitHints(hints, width);
	return (
		<Text wrap="truncate-end">
			{shown.map((hint, i) => {
				const cut = hint.indexOf(' ');
				return (
					<Text key={hint}>
						{i > 0 ? ' ' : ''}
						<Text bold>{hint.slice(0, cut)}</Text>
						<Text dimColor>{hint.slice(cut)}</Text>
					</Text>
				);
			})}
		</Text>
	);
});
