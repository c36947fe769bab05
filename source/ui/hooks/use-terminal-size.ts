import {useStdout} from 'ink';
import {useEffect, useState} from 'react';
import type {Size} from '../../view/types.js';

/** Fallbacks for a stdout with no size (a pipe, or ink-testing-library's fake, which has no rows). */
const DEFAULT: Size = {columns: 80, rows: 24};

const sizeOf = (s: NodeJS.WriteStream): Size => ({columns: s.columns || DEFAULT.columns, rows: s.rows || DEFAULT.rows});

/**
 * The terminal size, updated on 'resize'. `stdout.columns/rows` are plain fields, so reading them
 * alone would never re-render: this listens, on ink's stdout (tests can inject one).
 */
export function useTerminalSize(): Size {
	const {stdout} = useStdout();
	const [size, setSize] = useState(() => sizeOf(stdout));
	useEffect(() => {
		const onResize = () => {
			const next = sizeOf(stdout);
			setSize(prev => (prev.columns === next.columns && prev.rows === next.rows ? prev : next));
		};
		onResize();
		stdout.on('resize', onResize);
		return () => {
			stdout.off('resize', onResize);
		};
	}, [stdout]);
	return size;
}
