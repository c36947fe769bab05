import {spawnSync} from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import {CLI, QueueEnv} from '../helpers/queue-env.js';

let env: QueueEnv;
afterEach(async () => env?.cleanup());

/** A job whose log holds `bytes` of numbered lines (written as its output would be). */
async function jobWithLog(bytes: number): Promise<{id: number; text: string}> {
	const id = await env.add(['--no-start', '--', 'true']);
	const lines: string[] = [];
	for (let i = 0, n = 0; n < bytes; i++) {
		const line = `line ${i} ${'x'.repeat(60)}`;
		lines.push(line);
		n += line.length + 1;
	}
	const text = lines.join('\n') + '\n';
	fs.writeFileSync(path.join(env.home, 'logs', `${id}.log`), text);
	return {id, text};
}

describe('what a command prints reaches its reader whole', () => {
	it('through a non-blocking pipe that fills up (a parent\'s choice): every byte, in order, exit 0', async () => {
		env = new QueueEnv();
		const {id, text} = await jobWithLog(400_000);
		// The pipe's write end is set O_NONBLOCK before the command inherits it, and nobody reads for
		// a moment: the command's writes meet EAGAIN once the pipe's 64 KB are full.
		const script = `
import fcntl, os, subprocess, sys, time
r, w = os.pipe()
fcntl.fcntl(w, fcntl.F_SETFL, fcntl.fcntl(w, fcntl.F_GETFL) | os.O_NONBLOCK)
p = subprocess.Popen(sys.argv[1:], stdout=w, stderr=subprocess.PIPE)
os.close(w)
time.sleep(0.5)
out = b''
while True:
    chunk = os.read(r, 65536)
    if not chunk:
        break
    out += chunk
p.wait()
sys.stdout.buffer.write(out)
sys.stderr.buffer.write(p.stderr.read() + b'exit %d' % p.returncode)
`;
		const r = spawnSync('python3', ['-c', script, process.execPath, CLI, 'log', String(id)], {cwd: env.dir, env: {...process.env, QUEUE_TUI_HOME: env.home}, encoding: 'utf8', maxBuffer: 16 << 20});
		expect(r.stderr).toBe('exit 0');
		expect(r.stdout.length).toBe(text.length);
		expect(r.stdout === text).toBe(true);
	});

	it('to a reader that goes away early: exit 0 and nothing on stderr', async () => {
		env = new QueueEnv();
		const {id} = await jobWithLog(400_000);
		const r = spawnSync('bash', ['-c', `set -o pipefail; "${process.execPath}" "${CLI}" log ${id} | head -n 1`], {cwd: env.dir, env: {...process.env, QUEUE_TUI_HOME: env.home}, encoding: 'utf8'});
		expect([r.status, r.stdout, r.stderr]).toEqual([0, `line 0 ${'x'.repeat(60)}\n`, '']);
	});
});
