import fs from 'node:fs';
import path from 'node:path';
import {readText} from './safe-open.js';

/** The exit status the wrapper wrote, if it got that far. */
export function readExitFile(exitFile: string): number | undefined {
	try {
		const n = Number.parseInt(readText(exitFile), 10);
		return Number.isNaN(n) ? undefined : n;
	} catch {
		return undefined;
	}
}

/**
 * What the wrapper left of a finished attempt: its exit status, or `lost` when it got as far as
 * creating the temp file but could not write it (a full disk leaves `exits/N.A.tmp` empty), or
 * undefined when nothing shows it ended. Any trace of an end means it must never run again.
 */
export function exitRecord(exitFile: string): {exitCode: number} | 'lost' | undefined {
	const code = readExitFile(exitFile);
	if (code !== undefined) return {exitCode: code};
	// A temp file counts only when whole: a short write of `13\n` could leave `1`.
	const whole = /^(\d+)\n$/.exec(readIfThere(`${exitFile}.tmp`) ?? '');
	if (whole) return {exitCode: Number(whole[1])};
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
