import fs from 'node:fs';
import {writeAtomic} from './atomic-file.js';
import {logPath, reportPath, type QueuePaths} from './home.js';
import {tailLines} from './log-reader.js';
import {renderReport} from './report.js';
import type {JobFacts} from './report-facts.js';

/** Writes `.queue/reports/<id>.md` for a job that ended (atomic, 0600). */
export function writeReport(paths: QueuePaths, facts: JobFacts): string {
	const file = reportPath(paths, facts.job.id);
	const log = logPath(paths, facts.job.id);
	writeAtomic(file, renderReport({...facts, logTail: tailLines(log, 30), logPath: log}));
	return file;
}

/**
 * The report of a job that ended, written here if it is not there yet: the runner writes it just
 * after the end commits (or died in between), and whoever prints a result line naming the report
 * (`wait`, `run`) must be able to say it exists. The same facts give the same file.
 */
export function ensureReport(paths: QueuePaths, facts: JobFacts): void {
	if (fs.existsSync(reportPath(paths, facts.job.id))) return;
	try {
		writeReport(paths, facts);
	} catch {} // the line still names where the report goes; `queue-tui report ID` renders it anyway
}
