import {Text} from 'ink';
import {memo} from 'react';
import type {Cell, Line} from '../../view/types.js';

/** One styled run of text. */
export function CellText({cell}: {cell: Cell}) {
	return (
		<Text color={cell.color} bold={cell.isBold} dimColor={cell.isDim} inverse={cell.isInverse}>
			{cell.text}
		</Text>
	);
}

/**
 * One screen row, cut at the edge (`truncate-end`): in a 40-column pane a wrapped row would
 * push the screen past its height, and ink 6 then clears and redraws everything (flicker).
 * Memoized: an unchanged line is the same object from one view to the next.
 */
export const LineText = memo(function LineText({line}: {line: Line}) {
	// An empty Text has no height; a space keeps the row.
	if (line.every(c => c.text === '')) return <Text> </Text>;
	return (
		<Text wrap="truncate-end">
			{line.map((cell, i) => (
				<CellText key={i} cell={cell} />
			))}
		</Text>
	);
});
