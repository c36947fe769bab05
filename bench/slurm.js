// Slurm: submit → `running` seen by the queue, and the job's end → recorded, against squeue's own
// view polled as fast as squeue answers in the same run (the floor: what anyone polling squeue sees).
// Needs a cluster: `.ci/slurm up` (root) is run when none answers, and stopped after if it was started
// here. QTUI_BENCH_RUNS jobs (5); the queue polls Slurm every QUEUE_TUI_SLURM_POLL_MS (1000 by default).
// `npm run bench -- slurm`.
import {execFileSync, spawnSync} from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import {createRequire} from 'node:module';
import {CLI, median, round, stopRunner, tempDir} from './lib.js';

const RUNS = Number(process.env.QTUI_BENCH_RUNS ?? 5);
let started;
try {
	started = execFileSync('bash', ['.ci/slurm', 'up'], {encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe']}).trim() === 'started';
} catch (error) {
	console.log(JSON.stringify({bench: 'slurm', skipped: `no Slurm cluster: ${(error.stderr || error.message).trim().split('\n')[0]}`}));
	process.exit(0);
}
const dir = tempDir();
const home = path.join(dir, '.queue');
const env = {...process.env, QUEUE_TUI_HOME: home};
const Database = createRequire(import.meta.url)('better-sqlite3');
const squeue = id => spawnSync('squeue', ['-h', '--states=all', `--jobs=${id}`, '-o', '%T'], {encoding: 'utf8'}).stdout.trim();

const row = id => {
	const db = new Database(path.join(home, 'queue.db'), {readonly: true, timeout: 5000});
	try {
		return db.prepare('SELECT state, slurm_id, slurm_state FROM jobs WHERE id = ?').get(id);
	} finally {
		db.close();
	}
};

/** When each view first showed it: both polled in one loop, so each is seen with the same delay. */
function firstSeen(views) {
	const at = {};
	for (const deadline = Date.now() + 120_000; Date.now() < deadline && Object.keys(at).length < Object.keys(views).length;) {
		for (const [name, shows] of Object.entries(views)) if (!at[name] && shows()) at[name] = Date.now();
	}
	return at;
}

const seen = {queueRunning: [], squeueRunning: [], queueEnd: [], squeueEnd: []};
for (let i = 0; i < RUNS; i++) {
	const go = path.join(dir, `go${i}`);
	const r = spawnSync(process.execPath, [CLI, 'add', '--executor', 'slurm', '--retries', '0', '--shell', `while [ ! -e ${go} ]; do sleep 0.05; done`], {cwd: dir, env, encoding: 'utf8'});
	const id = Number(r.stdout.trim().match(/\d+/)[0]);
	let slurmId;
	for (const deadline = Date.now() + 120_000; !slurmId && Date.now() < deadline;) slurmId = row(id)?.slurm_id;
	const submitted = Date.now();
	const at = firstSeen({squeue: () => squeue(slurmId) === 'RUNNING', queue: () => row(id).slurm_state === 'RUNNING'});
	seen.queueRunning.push(at.queue - submitted);
	seen.squeueRunning.push(at.squeue - submitted);
	const ended = Date.now();
	fs.writeFileSync(go, '');
	const end = firstSeen({squeue: () => squeue(slurmId) === 'COMPLETED', queue: () => row(id).state === 'succeeded'});
	seen.queueEnd.push(end.queue - ended);
	seen.squeueEnd.push(end.squeue - ended);
}
stopRunner(home);
fs.rmSync(dir, {recursive: true, force: true});
if (started) execFileSync('bash', ['.ci/slurm', 'down']);
const s = v => ({median: round(median(v)), max: round(Math.max(...v))});
console.log(JSON.stringify({bench: 'slurm', runs: RUNS, pollMs: Number(process.env.QUEUE_TUI_SLURM_POLL_MS ?? 1000),
	submitToRunningMs: {queue: s(seen.queueRunning), squeue: s(seen.squeueRunning)},
	endToRecordedMs: {queue: s(seen.queueEnd), squeue: s(seen.squeueEnd)}}));
