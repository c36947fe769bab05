import {formatDuration} from '../core/duration.js';
import {elapsedText, progressText} from '../core/job-view.js';
import type {Job} from '../core/types.js';
import {bar, t} from './html.js';

/** A running job's live bar: percent, done/total and failures, time, ETA, and the item it is on. */
export function jobBar(job: Job, now: number): string {
	const p = job.progress;
	const bits = [progressText(job), elapsedText(job, now)];
	if (p?.etaSeconds !== undefined) bits.push(`ETA ${formatDuration(p.etaSeconds * 1000)}`);
	return `${bar(p?.percent ?? (p?.total ? ((p.done ?? 0) / p.total) * 100 : undefined), bits.filter(Boolean).join(' · '))}
${p?.current ? `<div class="current">${t(p.current)}</div>` : ''}`;
}
