import {writeAtomic} from '../atomic-file.js';
import type {Config} from '../config.js';
import {logPath} from '../home.js';
import {tailLines} from '../log-reader.js';
import {trackNotify} from '../job-end.js';
import {notifyAll, shouldNotify} from '../notify/index.js';
import {change, type Queue} from '../queue.js';
import type {Job} from '../types.js';
import {flowNotifyEvent} from './flow-notify.js';
import {renderFlowReport} from './flow-report.js';
import {flowLine, flowReportPath, lastOutputLine, settleFlow, type FlowView} from './queue-flow.js';

/** The flow report as of now (also what `queue-tui report f12` prints). */
export function flowReport(q: Queue, view: FlowView): string {
	const tail = (job: Job, lines: number) => tailLines(logPath(q.paths, job.id), lines);
	return renderFlowReport({view, line: flowLine(q.paths, view), tail, now: q.now()});
}

/**
 * After a flow's job ended: when that was its last job, records the flow's end, writes
 * `.queue/reports/fN.md` and sends the flow's notification (failures always; successes as the
 * `notify.on` policy says), kept in `pending` until answered: the one notification for the flow,
 * its steps' own ends are never notified (`announceEnd`). Returns the flow when it ended now.
 */
export function announceFlowEnd(q: Queue, flowId: number, opts: {notify?: Config['notify']; say?: (line: string) => void}, pending?: Set<Promise<void>>): FlowView | undefined {
	// Only the runner passes `pending`: it knows it is alive.
	const view = change(q, () => settleFlow(q, flowId), pending ? true : undefined);
	if (!view) return undefined;
	try {
		writeAtomic(flowReportPath(q.paths, flowId), flowReport(q, view));
	} catch (error) {
		opts.say?.(`flow f${flowId} report not written: ${String(error)}`);
	}
	if (!opts.notify || !pending) return view;
	const event = flowNotifyEvent(view, {
		line: flowLine(q.paths, view), lastLine: job => lastOutputLine(q.paths, job), reportPath: flowReportPath(q.paths, flowId), cwd: q.paths.root, now: q.now(),
	});
	if (shouldNotify(event, opts.notify, false)) trackNotify(q, `flow f${flowId}`, notifyAll(event, opts.notify), opts, pending);
	return view;
}
