import {UsageError} from '../../core/errors.js';
import {logPath} from '../../core/home.js';
import {tailLines} from '../../core/log-reader.js';
import {mustGet} from '../../core/queue.js';
import {briefReport} from '../../core/report-brief.js';
import {labelReport} from '../../core/report-label.js';
import {renderReport} from '../../core/report.js';
import {factsOf} from '../../core/result-line.js';
import {existingQueueFrom, print} from '../context.js';
import {flowReport} from '../../core/flows/flow-end.js';
import {flowLine, mustGetFlow} from '../../core/flows/queue-flow.js';
import {queueWithTargets, targetsFrom} from '../flow-ids.js';
import type {Parsed} from '../flags.js';
import {writeOut} from '../stdout.js';

/** `queue-tui report ID [--brief]` or `report --label NAME`: rendered from the database, so always current. */
export async function run(p: Parsed): Promise<number> {
	const label = p.flags.label as string | undefined;
	if (label !== undefined && p.positionals.length > 0) throw new UsageError('give a job id or --label, not both');
	const now = Date.now();
	if (label !== undefined) {
		const q = existingQueueFrom(p);
		const jobs = q?.store.jobs({label}) ?? [];
		if (!q || jobs.length === 0) throw new UsageError(`no jobs with label '${label}'`);
		const facts = jobs.map(job => factsOf(q.store, job, now));
		if (p.flags.brief) for (const f of facts) print(briefReport(f));
		else writeOut(labelReport(facts, label, now));
		q.store.close();
		return 0;
	}
	const targets = targetsFrom(p.positionals, 'report');
	const q = queueWithTargets(p, targets);
	const [target] = targets;
	if (target.type === 'flow') {
		const view = mustGetFlow(q, target.id);
		if (p.flags.brief) print(flowLine(q.paths, view));
		else writeOut(flowReport(q, view));
		q.store.close();
		return 0;
	}
	const id = target.id;
	const facts = factsOf(q.store, mustGet(q, id), now);
	if (p.flags.brief) {
		print(briefReport(facts));
	} else {
		const log = logPath(q.paths, id);
		writeOut(renderReport({...facts, logTail: tailLines(log, 30), logPath: log}));
	}
	q.store.close();
	return 0;
}
