import fs from 'node:fs';

/**
 * Everything a command prints goes through here. It writes to file descriptor 1 directly rather
 * than through `process.stdout`, whose first use builds a stream (and, for a pipe, a socket) out of
 * ~25 of Node's internal modules: a visible share of a short command's start. Writes to a file, a
 * terminal or a pipe are synchronous on Linux either way, so order and completeness are the same.
 */
let viaStream = false;

export function writeOut(text: string): void {
	if (viaStream) {
		process.stdout.write(text);
		return;
	}
	const buf = Buffer.from(text, 'utf8');
	let off = 0;
	while (off < buf.length) {
		try {
			off += fs.writeSync(1, buf, off);
		} catch (error) {
			const code = (error as NodeJS.ErrnoException).code;
			// `queue-tui list | head -3`: a reader that goes away early is not an error.
			if (code === 'EPIPE') process.exit(process.exitCode ?? 0);
			if (code !== 'EAGAIN') throw error;
			// A non-blocking stdout (a parent's choice) is full: Node's stream knows how to wait for it.
			viaStream = true;
			guardStdout();
			process.stdout.write(buf.subarray(off));
			return;
		}
	}
}

let guarded = false;

/** For output through `process.stdout` itself (the TUI, the dashboard): EPIPE ends the command quietly too. */
export function guardStdout(): void {
	if (guarded) return;
	guarded = true;
	process.stdout.on('error', (error: NodeJS.ErrnoException) => {
		if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
		throw error;
	});
}
