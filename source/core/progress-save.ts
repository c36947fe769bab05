import type {JobWatch} from './job-watch.js';
import {change, type Queue} from './queue.js';

/**
 * Writes a running job's parser snapshot when it changed, at most every `everyMs` (0: now, as at
 * its end). Output that moves no counter still proves the job alive, so it is saved now and then
 * for the stalled flag. True when something was written (and the status files with it).
 */
export function saveProgress(q: Queue, w: Pick<JobWatch, 'jobId' | 'parser' | 'lastWriteAt' | 'lastWritten' | 'lastOutputSaved'>, now: number, everyMs: number): boolean {
	if (now - w.lastWriteAt < everyMs) return false;
	const snap = w.parser.snapshot();
	const text = JSON.stringify({...snap, lastOutputAt: undefined});
	const quietNews = (snap.lastOutputAt ?? 0) - w.lastOutputSaved > 5000;
	if (text === w.lastWritten && !quietNews) return false;
	change(q, () => q.store.update(w.jobId, {progress: snap}), true, false); // the end writes the last one durably
	w.lastOutputSaved = snap.lastOutputAt ?? 0;
	w.lastWritten = text;
	w.lastWriteAt = now;
	return true;
}
