import fs from 'node:fs';
import path from 'node:path';
import {readText} from './safe-open.js';

/**
 * The exit status the wrapper wrote, if it got that far: only a whole record counts (the wrapper
 * writes `N\n` straight to the file, so a full disk can leave `1` of `13`).
 */
export function readExitFile(exitFile: string): number | undefined {
	const whole = /^(\d+)\n$/.exec(readIfThere(exitFile) ?? '');
	return whole ? Number(whole[1]) : undefined;
}

/**
 * What the wrapper left of a finished attempt: its exit status, or `lost` when it got as far as
 * creating the file but could not write it whole (a full disk leaves `exits/N.A` empty or cut
 * short), or undefined when nothing shows it ended. Any trace of an end means it must never run
 * again. `N.A.tmp`: where an earlier wrapper wrote first and renamed from (a job it started may still end).
 */
export function exitRecord(exitFile: string): {exitCode: number} | 'lost' | undefined {
	const code = readExitFile(exitFile) ?? readExitFile(`${exitFile}.tmp`);
	if (code !== undefined) return {exitCode: code};
	return fs.existsSync(exitFile) || fs.existsSync(`${exitFile}.tmp`) ? 'lost' : undefined;
}

function readIfThere(file: string): string | undefined {
	try {
		return readText(file);
	} catch {
		return undefined;
	}
}

/** Removes an attempt's exit file and any temp file beside it, once the end is in the database. */
export function removeExitFiles(exitFile: string): void {
	for (const file of [exitFile, `${exitFile}.tmp`]) fs.rmSync(file, {force: true});
}

/**
 * Removes exit files whose attempt is no longer open (its end is in the database; the runner that
 * wrote it died before tidying up). `open(jobId, seq)` says whether that attempt still runs.
 */
export function sweepExitFiles(dir: string, open: (jobId: number, seq: number) => boolean): void {
	let names: string[];
	try {
		names = fs.readdirSync(dir);
	} catch {
		return;
	}
	for (const name of names) {
		const m = /^(\d+)\.(\d+)(\.tmp)?$/.exec(name);
		if (m && !open(Number(m[1]), Number(m[2]))) fs.rmSync(path.join(dir, name), {force: true});
	}
}
