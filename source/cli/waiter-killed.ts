import {writeOut} from './stdout.js';
/**
 * When a waiter's shell is killed before its job or flow ends (headless `claude -p` ends its
 * background shells ~8 s after its last turn), its one line says how to get the result later; the
 * job or flow goes on in the queue. `what` is `queue #12` or `queue flow f3`, `ref` what `wait` takes.
 * Returns the function that stops listening once the wait is over.
 */
export function onWaiterKilled(what: string, ref: string, goesOn: 'job' | 'flow'): () => void {
	const signals = ['SIGTERM', 'SIGHUP', 'SIGINT'] as const;
	const handler = (signal: NodeJS.Signals) => {
		writeOut(`${what} not finished; this waiter was stopped (${signal}), the ${goesOn} goes on: queue-tui wait ${ref}\n`);
		process.exit(128 + (signal === 'SIGHUP' ? 1 : signal === 'SIGINT' ? 2 : 15));
	};
	for (const s of signals) process.once(s, handler);
	return () => {
		for (const s of signals) process.removeListener(s, handler);
	};
}
