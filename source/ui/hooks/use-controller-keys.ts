import {useApp, useInput, useStdin} from 'ink';
import {useCallback} from 'react';
import type {Controller} from '../controller.js';

/**
 * Sends keys to the controller, which resolves them through the keymap with its live mode.
 * Input is armed only where raw mode works: with a piped stdin the TUI still draws instead of throwing.
 * Quitting only unmounts the screen: jobs are other processes and keep running.
 */
export function useControllerKeys(controller: Controller): void {
	const {isRawModeSupported} = useStdin();
	const {exit} = useApp();
	const onInput = useCallback(
		(input: string, key: Parameters<Controller['key']>[1]) => {
			if (controller.key(input, key) === 'quit') exit();
		},
		[controller, exit],
	);
	useInput(onInput, {isActive: isRawModeSupported === true});
}
