/**
 * The client side of `add`'s hand-off: the job, already checked, goes to the live runner over a
 * Unix socket in the queue home, and the runner answers its id. This module loads no SQLite and
 * nothing heavy (that is its point: an `add` that costs little more than Node's own start-up).
 * Any doubt (no socket, one we do not trust, refused, slow, a garbled answer) returns undefined,
 * and the caller queues the job directly with the same token, so it is never lost nor doubled.
 */
import path from 'node:path';
import type {DepCond} from './deps.js';
import {UsageError} from './errors.js';
import {socketTrusted} from './home-trust.js';
import type {JobSpec} from './types.js';
import {net} from './node-lazy.js';

export const socketPath = (home: string) => path.join(home, 'runner.sock');

export interface AddRequest {
	token: string;
	spec: JobSpec;
	deps: Array<{depId: number; cond: DepCond}>;
}

/** The runner's one-line answer: the id, a refusal the direct path would have made too, or trouble. */
export type AddAnswer = {id: number} | {usage: string} | {error: string};

/** Whether a hand-off is worth trying at all (a trusted socket is there). */
export const canHandOff = (home: string): boolean => socketTrusted(home, socketPath(home));

/**
 * Sends the job; resolves to its id, or undefined when the hand-off did not surely happen.
 * Throws a UsageError when the runner refused the job (a dependency that does not exist…).
 */
export function handOff(home: string, req: AddRequest, timeoutMs = 5000): Promise<number | undefined> {
	return new Promise((resolve, reject) => {
		let data = '';
		let settled = false;
		const sock = net().connect(socketPath(home));
		const done = (id: number | undefined, error?: Error) => {
			if (settled) return;
			settled = true;
			clearTimeout(timer);
			sock.destroy();
			if (error) reject(error);
			else resolve(id);
		};
		const timer = setTimeout(() => done(undefined), timeoutMs);
		sock.setEncoding('utf8');
		sock.on('connect', () => sock.write(JSON.stringify(req) + '\n'));
		sock.on('data', (chunk: string) => {
			data += chunk;
			const nl = data.indexOf('\n');
			if (nl < 0) return;
			const answer = parseAnswer(data.slice(0, nl));
			if (answer && 'usage' in answer) done(undefined, new UsageError(answer.usage));
			else done(answer && 'id' in answer ? answer.id : undefined);
		});
		sock.on('error', () => done(undefined));
		sock.on('close', () => done(undefined));
	});
}

function parseAnswer(line: string): AddAnswer | undefined {
	try {
		const a = JSON.parse(line) as Record<string, unknown>;
		if (Number.isInteger(a.id) && (a.id as number) > 0) return {id: a.id as number};
		if (typeof a.usage === 'string' && a.usage !== '') return {usage: a.usage};
	} catch {}
	return undefined;
}
