// The web dashboard's cost: (1) time to first byte of `/` with 10k finished jobs in history, against
// `/static/style.css` (no queue read) in the same run; (2) the server's RSS and CPU with 20 SSE clients
// following `/` and 1 following the job's page while a job prints 10k lines/s.
// `npm run bench -- serve` (QTUI_BENCH_SECONDS=N for the flood's length, default 10; QTUI_BENCH_NODE_ARGS='--flag …'
// runs the server under those Node/V8 flags, to see what one would buy). RSS is split into the server's own memory
// (anonymous) and the pages of files it maps (mostly the node binary's code, shared with every other node process).
import {spawn} from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import {CLI, growHistory, median, round, stopRunner, tempDir} from './lib.js';

const SECONDS = Number(process.env.QTUI_BENCH_SECONDS ?? 10);
const dir = tempDir();
const home = path.join(dir, '.queue');
await growHistory(home, 10_000);

// The floor, in the same run: Node with better-sqlite3 open on the same database (the sidebar's query run)
// and an http server listening, nothing of queue-tui.
const floorCode = `
const {createRequire} = require('node:module');
const Database = createRequire(${JSON.stringify(path.resolve('package.json'))})('better-sqlite3');
const db = new Database(${JSON.stringify(path.join(home, 'queue.db'))}, {readonly: true});
db.prepare('SELECT label, state, COUNT(*) FROM jobs GROUP BY label, state').all();
const s = require('node:http').createServer((q, r) => r.end()).listen(0, '127.0.0.1', () => {
	const st = require('node:fs').readFileSync('/proc/self/status', 'utf8');
	console.log(['VmRSS', 'RssAnon', 'RssFile'].map(k => Number.parseInt(st.slice(st.indexOf(k + ':') + k.length + 1), 10) / 1024).join(' '));
	s.close();
});`;
const [floorRss, floorAnon, floorFile] = (await new Promise(resolve => {
	const p = spawn(process.execPath, ['-e', floorCode], {stdio: ['ignore', 'pipe', 'inherit']});
	let out = '';
	p.stdout.on('data', d => (out += d));
	p.on('close', () => resolve(out));
})).trim().split(' ').map(Number);

const serve = spawn(process.execPath, [...(process.env.QTUI_BENCH_NODE_ARGS ? process.env.QTUI_BENCH_NODE_ARGS.split(' ') : []), CLI, 'serve', '--port', '0', '--home', home], {cwd: dir, stdio: ['ignore', 'pipe', 'inherit']});
const base = await new Promise(resolve => {
	let out = '';
	serve.stdout.on('data', d => {
		out += d;
		const m = /serve: (http:\/\/\S+?)\/? /.exec(out);
		if (m) resolve(m[1]);
	});
});

/** ms to the first byte of a GET. */
function ttfb(pathname) {
	return new Promise((resolve, reject) => {
		const t = process.hrtime.bigint();
		http.get(base + pathname, res => {
			res.once('data', () => resolve(Number(process.hrtime.bigint() - t) / 1e6));
			res.resume();
		}).on('error', reject);
	});
}

const rss0 = rss();
const page = [];
const css = [];
for (let i = 0; i < 3; i++) await ttfb('/'); // warm up
for (let i = 0; i < 30; i++) {
	page.push(await ttfb('/'));
	css.push(await ttfb('/static/style.css'));
}

const rss1 = rss();
// The flood: a job printing 10k lines a second, followed by 21 SSE clients.
const flood = `import sys, time\nfor s in range(${SECONDS + 3}):\n    t = time.time()\n    for i in range(10000): print(f"line {s} {i} " + "x" * 40)\n    sys.stdout.flush()\n    time.sleep(max(0, 1 - (time.time() - t)))\n`;
fs.writeFileSync(path.join(dir, 'flood.py'), flood);
const add = spawn(process.execPath, [CLI, 'add', '--home', home, '--retries', '0', '--', 'python3', 'flood.py'], {cwd: dir, stdio: ['ignore', 'pipe', 'inherit']});
const id = Number(await new Promise(resolve => add.stdout.on('data', d => resolve(String(d).trim()))));
const clients = [];
let events = 0;
for (let i = 0; i < 21; i++) {
	const view = i === 20 ? `/job/${id}` : '/';
	clients.push(http.get(`${base}/events?view=${encodeURIComponent(view)}`, res => res.on('data', () => events++)));
}
await new Promise(r => setTimeout(r, 2000)); // let the job start
function ticks() {
	const f = fs.readFileSync(`/proc/${serve.pid}/stat`, 'utf8').split(') ')[1].split(' ');
	return {user: Number(f[11]), sys: Number(f[12])};
}
function rss(field = 'VmRSS') {
	return Number(new RegExp(`${field}:\\s+(\\d+)`).exec(fs.readFileSync(`/proc/${serve.pid}/status`, 'utf8'))[1]) / 1024;
}
const before = ticks();
const eventsBefore = events;
const t0 = Date.now();
let maxRss = 0;
let split = {};
while (Date.now() - t0 < SECONDS * 1000) {
	const now = rss();
	if (now > maxRss) split = {anon: round(rss('RssAnon')), file: round(rss('RssFile'))};
	maxRss = Math.max(maxRss, now);
	await new Promise(r => setTimeout(r, 250));
}
const after = ticks();
const seconds = (Date.now() - t0) / 1000;
const share = key => (after[key] - before[key]) / 100 / seconds;
const cpu = share('user') + share('sys');
const logBytes = fs.statSync(path.join(home, 'logs', `${id}.log`)).size;
console.log(JSON.stringify({
	bench: 'serve',
	ttfbRootMs: {median: round(median(page), 2), p95: round([...page].sort((a, b) => a - b)[Math.floor(page.length * 0.95)], 2)},
	ttfbStaticMs: round(median(css), 2),
	history: 10_000,
	flood: {seconds: SECONDS, linesPerSecond: 10_000, sseClients: 21, eventsReceived: events - eventsBefore, logMB: round(logBytes / 1e6)},
	serverRssMB: {started: round(rss0), afterPages: round(rss1), floodMax: round(maxRss), floodMaxSplit: split},
	serverMaxRssMB: round(maxRss),
	floorRssMB: {total: round(floorRss), anon: round(floorAnon), file: round(floorFile)},
	serverCpuPercentOfCore: round(cpu * 100, 2),
	serverCpuSplit: {user: round(share('user') * 100, 2), sys: round(share('sys') * 100, 2)},
	targets: {ttfbRootMs: 50, rssMB: 60, cpuPercent: 5},
}, null, 1));
for (const c of clients) c.destroy();
serve.kill('SIGTERM');
stopRunner(home);
await new Promise(r => setTimeout(r, 500));
// The job ends on its own a few seconds later; its files may still move while we remove them.
try {
	fs.rmSync(dir, {recursive: true, force: true, maxRetries: 10, retryDelay: 300});
} catch {}
