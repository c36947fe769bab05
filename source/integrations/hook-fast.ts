import fs from 'node:fs';
import path from 'node:path';
import {writeAtomic} from '../core/atomic-file.js';
import type {QueuePaths} from '../core/home.js';

/**
 * The idle hook's shortcut. Claude Code runs `post-tool` after every tool call, so "nothing new"
 * must be cheap: it is decided from `status.json` (rewritten with every state change, and carrying
 * `finishedSeq`, a counter SQLite keeps of jobs reaching a final state) and a small per-session
 * marker of the counter last checked, without loading SQLite. Any doubt goes the full way.
 */
export interface StatusGlance {
	finishedSeq: number;
	running: number;
	queued: number;
}

/** The few facts of status.json a hook needs, or undefined when it can't be read. */
export function glance(paths: QueuePaths): StatusGlance | undefined {
	try {
		const s = JSON.parse(fs.readFileSync(paths.statusJson, 'utf8')) as {finishedSeq?: unknown; running?: unknown[]; queued?: unknown};
		if (typeof s.finishedSeq !== 'number' || !Array.isArray(s.running) || typeof s.queued !== 'number') return undefined;
		return {finishedSeq: s.finishedSeq, running: s.running.length, queued: s.queued};
	} catch {
		return undefined;
	}
}

const markerPath = (paths: QueuePaths, session: string) => path.join(paths.home, 'sessions', session.replace(/[^\w.-]/g, '_'));

/** True when no job has finished since this session last looked (so there is nothing to tell). */
export function nothingNew(paths: QueuePaths, session: string, seen: StatusGlance | undefined): boolean {
	if (!seen) return false;
	try {
		return Number(fs.readFileSync(markerPath(paths, session), 'utf8')) === seen.finishedSeq;
	} catch {
		return false;
	}
}

/** Remembers the counter this session has been brought up to date with. */
export function markChecked(paths: QueuePaths, session: string, seq: number): void {
	try {
		fs.mkdirSync(path.join(paths.home, 'sessions'), {recursive: true, mode: 0o700});
		writeAtomic(markerPath(paths, session), String(seq)); // never through a planted symlink
	} catch {
		// Only a shortcut: without it the next hook takes the full way.
	}
}
