// A GPU slot freed → the next GPU job started: two `--gpus 1` jobs on one configured GPU, the first
// ends when told, the second writes its first instant. Against the floor of the same hand-over
// between two CPU jobs with `parallel: 1`, in the same run. Median/max of QTUI_BENCH_RUNS (15).
// `npm run bench -- gpu-slot`.
import {spawnSync} from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import {CLI, median, round, stopRunner, tempDir} from './lib.js';

const RUNS = Number(process.env.QTUI_BENCH_RUNS ?? 15);
const dir = tempDir();
const home = path.join(dir, '.queue');
const env = {...process.env, QUEUE_TUI_HOME: home};
fs.writeFileSync(path.join(dir, '.queue-tui.json'), JSON.stringify({parallel: 1, gpus: [0]}));
const cli = args => {
	const r = spawnSync(process.execPath, [CLI, ...args], {cwd: dir, env, encoding: 'utf8'});
	if (r.status !== 0) throw new Error(`${args.join(' ')} failed: ${r.stderr}`);
	return r.stdout.trim().match(/\d+/)?.[0];
};

/** The first job ends (its last instant written), the second starts (its first): the gap in ms. */
function handOver(flags, i) {
	const go = path.join(dir, `go${i}`);
	const end = path.join(dir, `end${i}`);
	const begin = path.join(dir, `begin${i}`);
	const a = cli(['add', ...flags, '--shell', `while [ ! -e ${go} ]; do sleep 0.05; done; date +%s%3N > ${end}`]);
	const b = cli(['add', ...flags, '--shell', `date +%s%3N > ${begin}`]);
	fs.writeFileSync(go, '');
	cli(['wait', a, b]);
	return Number(fs.readFileSync(begin, 'utf8')) - Number(fs.readFileSync(end, 'utf8'));
}

const gpu = [];
const cpu = [];
for (let i = 0; i < RUNS; i++) {
	gpu.push(handOver(['--gpus', '1'], `g${i}`));
	cpu.push(handOver([], `c${i}`));
}
stopRunner(home);
fs.rmSync(dir, {recursive: true, force: true});
const s = v => ({median: round(median(v)), max: round(Math.max(...v))});
console.log(JSON.stringify({bench: 'gpu-slot', runs: RUNS, gpuFreedToNextStartMs: s(gpu), cpuSlotFreedToNextStartMs: s(cpu), targetMs: 100}));
