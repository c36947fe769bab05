import {Box} from 'ink';
import type {QueueView} from '../view/types.js';
import {HelpBar, HelpScreen, Lines, LogView} from './components/Panels.js';
import {JobList} from './components/JobList.js';
import {LineText} from './components/LineText.js';
import {hintsFor, KEYMAP} from './keymap.js';

/**
 * The whole screen, from a view alone (no state, no I/O): header, job list and detail (or the
 * log, or help), the message line and the help bar. Height is rows - 1 so ink never scrolls.
 */
export function App({view}: {view: QueueView}) {
	const {columns, rows} = view.size;
	const width = Math.max(10, columns - 1);
	let body;
	if (view.mode === 'log' && view.log) {
		body = <LogView log={view.log} height={view.bodyHeight} />;
	} else if (view.mode === 'help') {
		body = <HelpScreen bindings={KEYMAP} width={width} height={view.bodyHeight} />;
	} else {
		body = (
			<>
				<JobList rows={view.rows} height={view.listHeight} emptyText={view.emptyText} />
				<Lines lines={view.detail} height={view.bodyHeight - view.listHeight} />
			</>
		);
	}
	// Clipped top to bottom only: every row is already cut to the width (truncate-end), and a
	// horizontal clip makes ink re-slice every line of every frame (slice-ansi), for nothing.
	return (
		<Box flexDirection="column" width={columns} height={Math.max(4, rows - 1)} overflowY="hidden">
			<LineText line={view.header} />
			{body}
			<LineText line={view.bottom} />
			<HelpBar hints={hintsFor(view.mode, view.hintFacts)} width={width} />
		</Box>
	);
}
