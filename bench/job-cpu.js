// CPU the queue itself spends on a job that prints 1M lines (tailing its log and parsing progress),
// as a share of that job's own wall time. Run: npm run bench -- job-cpu   (target: at most 15%)
import {execFileSync} from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import {CLI, round, runnerPid, stopRunner, tempDir} from './lib.js';

const TICK = 100; // USER_HZ on Linux
const cpuMs = pid => {
	const f = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').slice(fs.readFileSync(`/proc/${pid}/stat`, 'utf8').lastIndexOf(')') + 2).split(' ');
	return ((Number(f[11]) + Number(f[12])) * 1000) / TICK;
};

/** Runs one job under a fresh runner and returns the runner's CPU over the job's wall time. */
async function measure(name, scriptText) {
	const dir = tempDir();
	const home = path.join(dir, '.queue');
	const env = {...process.env, QUEUE_TUI_HOME: home};
	const script = path.join(dir, 'batch.py');
	// A batch script the way users write them: a counter line per item.
	fs.writeFileSync(script, scriptText);
	// A first job holds the runner until the measured one is queued, so start-up is not counted.
	const gate = path.join(dir, 'go');
	execFileSync(process.execPath, [CLI, 'add', '--shell', `while [ ! -f ${gate} ]; do sleep 0.05; done`], {env, cwd: dir});
	const id = execFileSync(process.execPath, [CLI, 'add', '--', 'python3', script], {env, cwd: dir, encoding: 'utf8'}).trim();
	const pid = runnerPid(home);
	await new Promise(r => setTimeout(r, 1000));
	const before = cpuMs(pid);
	fs.writeFileSync(gate, '');
	execFileSync(process.execPath, [CLI, 'wait', id], {env, cwd: dir});
	const after = cpuMs(pid);
	const job = JSON.parse(execFileSync(process.execPath, [CLI, 'list', '--json'], {env, cwd: dir, encoding: 'utf8'})).find(j => String(j.id) === id);
	const wall = job.finishedAt - job.startedAt;
	const logBytes = fs.statSync(path.join(home, 'logs', `${id}.log`)).size;
	const result = {
		name, logMB: round(logBytes / 1e6),
		jobWallMs: wall, queueCpuMs: round(after - before), queueCpuShare: `${round(((after - before) / wall) * 100)}%`,
		progressSeen: `${job.progress?.done}/${job.progress?.total}`, linesPerSecond: Math.round(job.progress?.done / (wall / 1000)),
	};
	stopRunner(home);
	fs.rmSync(dir, {recursive: true, force: true});
	return result;
}

const fast = 'import sys\nn = 1_000_000\nfor i in range(1, n + 1):\n    sys.stdout.write(f"[{i}/{n}] processed item_{i:07d}.png\\n")\n';
// The same lines at 10,000 a second (a sleep every 1000 lines), for 10 s: a busy but ordinary job.
const paced = 'import sys, time\nn = 100_000\nstart = time.time()\nfor i in range(1, n + 1):\n    sys.stdout.write(f"[{i}/{n}] processed item_{i:07d}.png\\n")\n    if i % 1000 == 0:\n        sys.stdout.flush()\n        time.sleep(max(0, start + i / 10_000 - time.time()))\n';
console.log(JSON.stringify({
	bench: 'job-cpu', node: process.version, date: new Date().toISOString(), target: '<= 15% for 1M lines',
	million: await measure('1M lines, as fast as Python prints', fast),
	paced: await measure('100k lines at 10k lines/s', paced),
}, null, 2));
