/**
 * The runner's side of `add`'s hand-off: a Unix socket in the queue home (0600, in the 0700 home),
 * open while this process holds the runner lease. Each connection carries one job, checked by the
 * `add` that sent it; it is queued here in the normal transaction (dependencies checked, the
 * token making it once-only) and the id is answered.
 */
import fs from 'node:fs';
import net from 'node:net';
import {socketPath, type AddAnswer, type AddRequest} from './add-socket.js';
import {crashPoint} from './crash-points.js';
import {UsageError} from './errors.js';
import {enqueue, type Queue} from './queue.js';

/** A request larger than this is not a job spec (environments included). */
const MAX_BYTES = 8 * 1024 * 1024;

export interface AddServer {
	close(): void;
}

/** Listens for hand-offs; undefined when the socket cannot be made (then every `add` goes direct). */
export function listenForAdds(q: Queue, queued: () => void): AddServer | undefined {
	const file = socketPath(q.paths.home);
	try {
		// A socket left by a runner that died is ours to replace; anything else there is left alone.
		if (fs.lstatSync(file, {throwIfNoEntry: false})?.isSocket()) fs.unlinkSync(file);
	} catch {
		return undefined;
	}
	let open = true;
	const server = net.createServer(sock => serve(q, sock, () => open, queued));
	server.on('error', () => server.close());
	// Created private: no moment when another user could connect.
	const umask = process.umask(0o177);
	try {
		server.listen(file);
	} finally {
		process.umask(umask);
	}
	return {
		close() {
			open = false; // a job on a connection already accepted goes direct: this runner is leaving
			server.close();
			try {
				if (fs.lstatSync(file, {throwIfNoEntry: false})?.isSocket()) fs.unlinkSync(file);
			} catch {}
		},
	};
}

function serve(q: Queue, sock: net.Socket, open: () => boolean, queued: () => void): void {
	let data = '';
	sock.setEncoding('utf8');
	sock.setTimeout(10_000, () => sock.destroy());
	sock.on('error', () => {});
	sock.on('data', (chunk: string) => {
		data += chunk;
		if (data.length > MAX_BYTES) return sock.destroy();
		const nl = data.indexOf('\n');
		if (nl < 0) return;
		sock.removeAllListeners('data');
		const answer: AddAnswer = open() ? answerFor(q, data.slice(0, nl)) : {error: 'the runner is stopping'};
		if ('id' in answer) queued();
		crashPoint('add-before-answer');
		sock.end(JSON.stringify(answer) + '\n');
	});
}

function answerFor(q: Queue, line: string): AddAnswer {
	let req: AddRequest;
	try {
		req = JSON.parse(line) as AddRequest;
	} catch {
		return {error: 'not JSON'};
	}
	if (!wellFormed(req)) return {error: 'not a job'};
	try {
		return {id: enqueue(q, req.spec, req.deps, req.token)};
	} catch (error) {
		if (error instanceof UsageError) return {usage: error.message};
		return {error: String(error)}; // the database refused: the `add` tries itself, and says why
	}
}

/** The shape of a request (its content was checked by the `add` that sent it). */
function wellFormed(req: AddRequest): boolean {
	const s = req?.spec;
	return typeof req.token === 'string' && req.token.length >= 16 && Array.isArray(req.deps)
		&& req.deps.every(d => Number.isInteger(d?.depId) && typeof d.cond === 'string')
		&& typeof s === 'object' && s !== null && Array.isArray(s.argv) && s.argv.length > 0 && s.argv.every(w => typeof w === 'string')
		&& typeof s.cwd === 'string' && typeof s.env === 'object' && s.env !== null;
}
