/**
 * The dashboard's HTTP server (plain node:http: a handful of routes need no framework, and
 * nothing extra loads): pages, JSON, Server-Sent Events and, with --allow-actions, retry and
 * cancel. Every request passes the guard first (Host, then token). It only reads the queue,
 * except for those two actions; closing it never touches a job.
 */
import http from 'node:http';
import {listJobJson} from '../core/list-json.js';
import {cancelJob, ensureRunner, retryJob, type Queue} from '../core/queue.js';
import {SCRIPT, STYLE} from './assets.js';
import {ChangeFeed} from './changes.js';
import {FinalMemo} from './final-memo.js';
import {flowPage} from './flow-page.js';
import {checkAction, checkRequest, COOKIE, type GuardConfig, type RequestFacts} from './guard.js';
import {page} from './html.js';
import {homeView, jobView, logTail, trackerView, type View, type ViewContext} from './pages.js';
import {flowApi, flowsApi, jobsApi, statusApi} from './reads.js';
import {flowView} from '../core/flows/queue-flow.js';

const SECURITY_HEADERS = {
	'content-security-policy': "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
	'x-content-type-options': 'nosniff',
	// same-origin, not no-referrer: with no-referrer Chromium sends `Origin: null` on a form POST, which the Origin check refuses.
	'referrer-policy': 'same-origin',
	'cache-control': 'no-store',
};

/** SQLite page cache of the dashboard's connection, KiB. */
const CACHE_KIB = 256;

export interface Dashboard {
	server: http.Server;
	close(): Promise<void>;
}

export function createDashboard(q: Queue, guard: GuardConfig): Dashboard {
	// SQLite's page cache (2 MB by default) would fill with the history's index pages, which the
	// kernel's file cache holds anyway; a small one keeps the server's memory flat as history grows.
	q.store.db.pragma(`cache_size = -${CACHE_KIB}`);
	const feed = new ChangeFeed(q.paths, () => q.store.version());
	const clients = new Map<string, Set<http.ServerResponse>>();
	const memo = new FinalMemo();
	const ctx = (): ViewContext => ({store: q.store, paths: q.paths, now: Date.now(), csrf: guard.allowActions ? guard.csrf : undefined, memo});

	// What each view's pages were last sent: a change that renders the same (a checkpoint, a
	// progress write that moved nothing shown) is not sent again.
	const lastSent = new Map<string, string>();
	feed.on(what => {
		for (const [view, set] of clients) {
			const parts = partsFor(view, what);
			if (!parts) continue;
			const message = `event: update\ndata: ${JSON.stringify(parts)}\n\n`;
			if (lastSent.get(view) === message) continue;
			lastSent.set(view, message);
			for (const res of set) res.write(message);
		}
	});

	/** The logs of the job pages open now are the ones the feed looks at. */
	const followLogs = () => feed.followLogs([...clients.keys()].map(jobOfView).filter((id): id is number => id !== undefined));

	/** What a view's open pages need after these changes (rendered once for all of them). */
	function partsFor(view: string, what: Set<string>): Record<string, string> | undefined {
		if (what.has('db')) {
			const v = render(view);
			return v ? {sidebar: v.sidebar, main: v.main} : undefined;
		}
		const id = jobOfView(view);
		return id !== undefined && what.has(`log:${id}`) ? {log: logTail(ctx(), id)} : undefined;
	}

	function render(view: string): View | undefined {
		const c = ctx();
		if (view === '/') return homeView(c);
		if (view === '/unlabelled') return trackerView(c, null);
		const label = /^\/tracker\/(.+)$/.exec(view)?.[1];
		if (label !== undefined) return trackerView(c, decodeURIComponent(label));
		const id = jobOfView(view);
		if (id !== undefined) {
			const job = q.store.job(id);
			return job ? jobView(c, job) : undefined;
		}
		const flowId = flowOf(view, '/flow/');
		const flow = flowId === undefined ? undefined : flowView(q.store, flowId);
		return flow && flowPage(c, flow);
	}

	const server = http.createServer((req, res) => {
		try {
			handle(req, res);
		} catch (error) {
			send(res, 500, 'text/plain', `error: ${(error as Error).message}\n`);
		}
	});

	function handle(req: http.IncomingMessage, res: http.ServerResponse): void {
		const url = new URL(req.url ?? '/', 'http://x');
		const facts: RequestFacts = {
			method: req.method ?? 'GET', host: req.headers.host, origin: req.headers.origin, cookie: req.headers.cookie,
			authorization: req.headers.authorization, queryToken: url.searchParams.get('token'),
		};
		const verdict = checkRequest(guard, facts);
		if (!verdict.ok) return send(res, verdict.status, 'text/plain', `${verdict.message}\n`);
		if (verdict.setCookie) {
			res.setHeader('set-cookie', `${COOKIE}=${encodeURIComponent(guard.token!)}; HttpOnly; SameSite=Strict; Path=/`);
			// The token leaves the address bar (and the history) at once.
			url.searchParams.delete('token');
			if (req.method === 'GET' && !url.pathname.startsWith('/api/')) return redirect(res, url.pathname + url.search);
		}
		const path = url.pathname;
		if (req.method === 'POST') return action(req, res, facts, path);
		if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, 'text/plain', 'method not allowed\n');
		if (path === '/static/style.css') return send(res, 200, 'text/css; charset=utf-8', STYLE);
		if (path === '/static/live.js') return send(res, 200, 'text/javascript; charset=utf-8', SCRIPT);
		if (path === '/events') return events(req, res, url.searchParams.get('view') ?? '/');
		if (path === '/api/status') return json(res, statusApi(q.store, Date.now(), url.searchParams.get('label') ?? undefined));
		if (path === '/api/jobs') return json(res, jobsApi(q.store, url.searchParams.get('label') ?? undefined));
		if (path === '/api/flows') return json(res, flowsApi(q.store, q.paths, url.searchParams.get('label') ?? undefined));
		const flowId = flowOf(path, '/api/flows/');
		if (flowId !== undefined) {
			const flow = flowApi(q.store, q.paths, flowId);
			return flow ? json(res, flow) : send(res, 404, 'application/json', '{"error":"no such flow"}\n');
		}
		const apiId = /^\/api\/jobs\/(\d+)$/.exec(path)?.[1];
		if (apiId !== undefined) {
			const job = q.store.job(Number(apiId));
			return job ? json(res, listJobJson(job)) : send(res, 404, 'application/json', '{"error":"no such job"}\n');
		}
		const view = render(path);
		if (!view) return send(res, 404, 'text/plain', 'not found\n');
		send(res, 200, 'text/html; charset=utf-8', page({...view, view: path}));
	}

	function events(req: http.IncomingMessage, res: http.ServerResponse, view: string): void {
		res.writeHead(200, {...SECURITY_HEADERS, 'content-type': 'text/event-stream', connection: 'keep-alive'});
		res.write('retry: 3000\n\n');
		const set = clients.get(view) ?? new Set();
		set.add(res);
		clients.set(view, set);
		followLogs();
		req.on('close', () => {
			set.delete(res);
			if (set.size === 0) {
				clients.delete(view);
				lastSent.delete(view);
				followLogs();
			}
		});
	}

	function action(req: http.IncomingMessage, res: http.ServerResponse, facts: RequestFacts, path: string): void {
		const m = /^\/job\/(\d+)\/(retry|cancel)$/.exec(path);
		if (!m) return send(res, 404, 'text/plain', 'not found\n');
		let body = '';
		req.setEncoding('utf8');
		req.on('data', (chunk: string) => {
			body += chunk;
			if (body.length > 4096) req.destroy();
		});
		req.on('end', () => {
			const verdict = checkAction(guard, facts, new URLSearchParams(body).get('csrf') ?? undefined);
			if (!verdict.ok) return send(res, verdict.status, 'text/plain', `${verdict.message}\n`);
			const id = Number(m[1]);
			try {
				if (m[2] === 'retry') {
					retryJob(q, id);
					ensureRunner(q);
				} else {
					cancelJob(q, id);
				}
			} catch (error) {
				return send(res, 409, 'text/plain', `${(error as Error).message}\n`);
			}
			feed.mark('db');
			redirect(res, `/job/${id}`);
		});
	}

	return {
		server,
		close: () => new Promise<void>(resolve => {
			feed.close();
			for (const set of clients.values()) for (const res of set) res.end();
			server.close(() => resolve());
			server.closeAllConnections();
		}),
	};
}

/** `/job/12` → 12 */
function jobOfView(view: string): number | undefined {
	const id = /^\/job\/(\d+)$/.exec(view)?.[1];
	return id === undefined ? undefined : Number(id);
}

/** `/flow/f3` (or `/flow/3`) → 3, after `prefix`. */
function flowOf(path: string, prefix: string): number | undefined {
	if (!path.startsWith(prefix)) return undefined;
	const id = /^[fF]?(\d+)$/.exec(path.slice(prefix.length))?.[1];
	return id === undefined ? undefined : Number(id);
}

function send(res: http.ServerResponse, status: number, type: string, body: string): void {
	res.writeHead(status, {...SECURITY_HEADERS, 'content-type': type, 'content-length': Buffer.byteLength(body)});
	res.end(body);
}

const json = (res: http.ServerResponse, value: unknown) => send(res, 200, 'application/json', JSON.stringify(value) + '\n');

function redirect(res: http.ServerResponse, to: string): void {
	res.writeHead(303, {...SECURITY_HEADERS, location: to});
	res.end();
}
