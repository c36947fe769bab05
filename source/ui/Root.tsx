import {useEffect} from 'react';
import {App} from './App.js';
import type {Controller} from './controller.js';
import {useControllerKeys} from './hooks/use-controller-keys.js';
import {useQueueView} from './hooks/use-queue-view.js';
import {useTerminalSize} from './hooks/use-terminal-size.js';

/** Connects a controller to the screen: its view, the terminal size and the keys. */
export function Root({controller}: {controller: Controller}) {
	const view = useQueueView(controller);
	const size = useTerminalSize();
	useEffect(() => {
		controller.setSize(size);
	}, [controller, size]);
	useControllerKeys(controller);
	return <App view={view} />;
}
