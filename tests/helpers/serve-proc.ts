import {spawn, type ChildProcess} from 'node:child_process';
import {CLI, type QueueEnv} from './queue-env.js';

/** A `queue-tui serve` process of a test: its base URL, everything it printed, and a way to stop it. */
export interface ServeProc {
	child: ChildProcess;
	base: string;
	stdout: () => string;
	stop(): Promise<number | null>;
}

/** Starts `serve --port 0 …` in the env's project and waits for the line that names its address. */
export async function startServe(env: QueueEnv, args: string[]): Promise<ServeProc> {
	const child = spawn(process.execPath, [CLI, 'serve', '--port', '0', ...args], {cwd: env.dir, stdio: ['ignore', 'pipe', 'pipe']});
	let out = '';
	let err = '';
	child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
	child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
	const exited = new Promise<number | null>(resolve => child.once('exit', code => resolve(code)));
	const base = (await env.until((): string | undefined => {
		if (child.exitCode !== null) throw new Error(`serve exited ${child.exitCode}: ${err}`);
		return /serve: (http:\/\/\S+?)\/? /.exec(out)?.[1];
	}, 'serve to listen', 30_000)) as string;
	return {
		child, base, stdout: () => out,
		stop: async () => {
			if (child.exitCode === null) child.kill('SIGTERM');
			return exited;
		},
	};
}
