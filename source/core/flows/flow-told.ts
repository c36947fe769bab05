import type {QueuePaths} from '../home.js';
import type {Store} from '../store.js';
import {flowStore} from './flow-store.js';
import {flowLine, flowView} from './queue-flow.js';

/** The result line of each flow a Claude Code session has not been told about; marks them told. */
export function untoldFlowLines(store: Store, paths: QueuePaths, session: string, now: number): string[] {
	const flows = store.tx(() => {
		const since = Number(store.meta(`session_seen:${session}`) ?? now);
		const found = flowStore.untold(store, session, since);
		flowStore.markTold(store, session, found.map(f => f.id), now);
		return found;
	});
	return flows.flatMap(f => {
		const v = flowView(store, f.id);
		return v ? [flowLine(paths, v)] : [];
	});
}
