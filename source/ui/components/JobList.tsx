import {Box, Text} from 'ink';
import Spinner from 'ink-spinner';
import type {RowView} from '../../view/types.js';
import {CellText} from './LineText.js';

/** Rows already windowed and fitted by the view model. */
export interface JobListProps {
	rows: RowView[];
	height: number;
	emptyText?: string;
}

/** The visible window of jobs, one row each; a spinner only on running jobs (no timer otherwise). */
export function JobList({rows, height, emptyText}: JobListProps) {
	return (
		<Box flexDirection="column" height={height} overflow="hidden">
			{rows.length === 0 ? (
				<Text dimColor wrap="truncate-end">
					{emptyText ?? ' '}
				</Text>
			) : (
				rows.map(row => <JobRow key={row.id} row={row} />)
			)}
		</Box>
	);
}

/**
 * `> - #12 pytest  ████▌░░░ 45%  3m12s`. The `line` spinner turns every 130 ms: slower than
 * `dots` (80 ms), so it never asks for more than the 10 frames a second the screen draws anyway.
 */
export function JobRow({row}: {row: RowView}) {
	return (
		<Text wrap="truncate-end">
			<Text inverse={row.isSelected} bold={row.isSelected}>
				{row.isSelected ? '>' : ' '}
			</Text>
			<Text color={row.icon.color}>{row.isRunning ? <Spinner type="line" /> : row.icon.text}</Text>
			<Text> </Text>
			{row.cells.map((cell, i) => (
				<CellText key={i} cell={cell} />
			))}
		</Text>
	);
}
