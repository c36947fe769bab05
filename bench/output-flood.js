// The runner under a flood of output: peak RSS and CPU for (a) one 50 MB line, (b) 2 GB of newline
// output, (c) 150 s of `\r` redraws, each against the job's own CPU in the same run, and the time
// `log ID --tail 20` takes on each log. Targets: runner < 150 MB RSS, < 0.5 s CPU per 100 MB of
// output, tail < 1 s with at most 20 lines.
// Run: npm run bench -- output-flood          (full: 2 GB, 150 s)
//      QUEUE_TUI_BENCH_QUICK=1 npm run bench -- output-flood   (200 MB, 15 s)
import {execFileSync} from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import {tailLines} from '../dist/source/core/log-tail.js';
import {CLI, round, runnerPid, stopRunner, tempDir, timeCommand} from './lib.js';

const quick = process.env.QUEUE_TUI_BENCH_QUICK === '1';
const NEWLINE_BYTES = quick ? 200e6 : 2e9;
const REDRAW_SECONDS = quick ? 15 : 150;

const TICK = 100; // USER_HZ on Linux
function procStat(pid) {
	const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
	const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
	return {cpuMs: ((Number(f[11]) + Number(f[12])) * 1000) / TICK};
}
const peakRssMB = pid => Number(/VmHWM:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))[1]) / 1024;

// Runs the command and writes its own CPU (children's rusage) to a file: the job's cost, next to ours.
const WRAP = 'import json, resource, subprocess, sys\nsubprocess.run(sys.argv[2:])\nr = resource.getrusage(resource.RUSAGE_CHILDREN)\njson.dump({"cpu": r.ru_utime + r.ru_stime}, open(sys.argv[1], "w"))\n';

async function measure(name, argv) {
	const dir = tempDir();
	const home = path.join(dir, '.queue');
	const env = {...process.env, QUEUE_TUI_HOME: home};
	const cli = (...args) => execFileSync(process.execPath, [CLI, ...args], {env, cwd: dir, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024});
	fs.writeFileSync(path.join(dir, 'wrap.py'), WRAP);
	// Gates hold the runner before (start-up not counted) and after the job (so its peak RSS can be read).
	const gate = n => ['--shell', `while [ ! -f ${path.join(dir, `go${n}`)} ]; do sleep 0.05; done`];
	cli('add', ...gate(1));
	const id = cli('add', '--', 'python3', path.join(dir, 'wrap.py'), path.join(dir, 'job.json'), ...argv).trim();
	cli('add', ...gate(2));
	const pid = runnerPid(home);
	await new Promise(r => setTimeout(r, 1000));
	const before = procStat(pid).cpuMs;
	fs.writeFileSync(path.join(dir, 'go1'), '');
	cli('wait', id);
	const runnerCpuS = (procStat(pid).cpuMs - before) / 1000;
	const rssMB = peakRssMB(pid);
	fs.writeFileSync(path.join(dir, 'go2'), '');
	const log = path.join(home, 'logs', `${id}.log`);
	const outputMB = fs.statSync(log).size / 1e6;
	const t = performance.now();
	tailLines(log, 20); // the reader alone, without the CLI's start-up
	const readerMs = performance.now() - t;
	const tailMs = timeCommand(process.execPath, [CLI, 'log', id, '--tail', '20'], {env, cwd: dir});
	const shownLines = cli('log', id, '--tail', '20').split('\n').length - 1;
	// The same command on the gate's one-line log: what start-up alone costs on this machine now.
	const baseMs = timeCommand(process.execPath, [CLI, 'log', String(Number(id) - 1), '--tail', '20'], {env, cwd: dir});
	const jobCpuS = JSON.parse(fs.readFileSync(path.join(dir, 'job.json'), 'utf8')).cpu;
	stopRunner(home);
	fs.rmSync(dir, {recursive: true, force: true});
	return {
		name, outputMB: round(outputMB), jobCpuS: round(jobCpuS, 2), runnerCpuS: round(runnerCpuS, 2),
		runnerCpuPer100MB: round((runnerCpuS * 100) / outputMB, 3), runnerVsJobCpu: `${round((runnerCpuS / jobCpuS) * 100)}%`,
		runnerPeakRssMB: round(rssMB), logTail20Ms: round(tailMs), logTail20Lines: shownLines, logTail20OnOneLineMs: round(baseMs), tailReaderMs: round(readerMs),
	};
}

const line = 'queue-tui bench: processing item 123456 of 999999, loss 0.1234, lr 3e-4, all good';
const redraws = [
	'import sys, time',
	`end = time.time() + ${REDRAW_SECONDS}`,
	'i = 0',
	'while time.time() < end:',
	'    for _ in range(1000):',
	'        i += 1',
	'        sys.stdout.write(f"\\rExtract: {i % 100:3d}%|{\'#\' * (i % 100 // 10):10s}| {i}/10000000 [00:12<01:40, 97.15it/s]")',
	'sys.stdout.write("\\ndone\\n")',
].join('\n');

console.log(JSON.stringify({
	bench: 'output-flood', node: process.version, date: new Date().toISOString(), quick,
	target: 'runner < 150 MB peak RSS, < 0.5 s CPU per 100 MB of output; log --tail 20 < 1 s, <= 20 lines',
	results: [
		await measure('one 50 MB line', ['python3', '-c', 'import sys; sys.stdout.write("x" * 50_000_000)']),
		await measure(`${NEWLINE_BYTES / 1e6} MB of newline output`, ['sh', '-c', `yes '${line}' | head -c ${NEWLINE_BYTES}`]),
		await measure(`${REDRAW_SECONDS} s of \\r redraws`, ['python3', '-c', redraws]),
	],
}, null, 2));
