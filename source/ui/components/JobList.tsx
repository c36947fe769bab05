import {Box, Text} from 'ink';
import Spinner from 'ink-spinner';
import {memo} from 'react';
import type {RowView} from '../../view/types.js';
import {CellText} from './LineText.js';

/** Rows already windowed and fitted by the view model. */
export interface JobListProps {
	rows: RowView[];
	height: number;
	emptyText?: string;
}

/**
 * The visible window of jobs, one row each; a spinner only on running jobs (no timer otherwise).
 * Memoized, as the rows are: the controller hands back the same row objects while they do not change.
 */
export const JobList = memo(function JobList({rows, height, emptyText}: JobListProps) {
	return (
		<Box flexDirection="column" height={height} overflowY="hidden">
			{rows.length === 0 ? (
				<Text dimColor wrap="truncate-end">
					{emptyText ?? ' '}
				</Text>
			) : (
				rows.map(row => <JobRow key={row.key ?? row.id} row={row} />)
			)}
		</Box>
	);
});

/**
 * Running jobs' icon. Each turn of a spinner is a frame of the whole screen (ink draws every
 * commit in full), so it turns 4 times a second (`toggle`, 250 ms: ⊶ ⊷), not 7.7 (`line`).
 */
export const SPINNER = 'toggle';

/** `> ⊶ #12 pytest  ████▌░░░ 45%  3m12s`. */
export const JobRow = memo(function JobRow({row}: {row: RowView}) {
	return (
		<Text wrap="truncate-end">
			<Text inverse={row.isSelected} bold={row.isSelected}>
				{row.isSelected ? '>' : ' '}
			</Text>
			<Text color={row.icon.color}>{row.isRunning ? <Spinner type={SPINNER} /> : row.icon.text}</Text>
			<Text> </Text>
			{row.cells.map((cell, i) => (
				<CellText key={i} cell={cell} />
			))}
		</Text>
	);
});
