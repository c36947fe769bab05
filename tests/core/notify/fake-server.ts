import {createServer, type IncomingHttpHeaders} from 'node:http';
import type {AddressInfo} from 'node:net';
import type {NotifyEvent} from '../../../source/core/notify/types.js';

/** One request as the fake server saw it. */
export interface Recorded {
	method: string;
	path: string;
	headers: IncomingHttpHeaders;
	body: string;
	at: number;
}

/** A canned answer; `hang` never answers (for timeouts), `delayMs` answers late. */
export interface Reply {
	status?: number;
	delayMs?: number;
	headers?: Record<string, string>;
	body?: string;
	hang?: boolean;
}

/** A local stand-in for Pushover or ntfy on 127.0.0.1: the n-th request gets replies[n] (the last one repeats). */
export async function startFakeServer(replies: Reply[]) {
	const requests: Recorded[] = [];
	const server = createServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (chunk: Buffer) => chunks.push(chunk));
		req.on('end', () => {
			const reply = replies[Math.min(requests.length, replies.length - 1)];
			requests.push({
				method: req.method ?? '',
				path: req.url ?? '',
				headers: req.headers,
				body: Buffer.concat(chunks).toString('utf8'),
				at: Date.now(),
			});
			if (reply.hang) return;
			setTimeout(() => {
				res.writeHead(reply.status ?? 200, {'content-type': 'application/json', ...reply.headers});
				res.end(reply.body ?? '');
			}, reply.delayMs ?? 0);
		});
	});
	await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
	const {port} = server.address() as AddressInfo;
	return {
		url: `http://127.0.0.1:${port}`,
		requests,
		close: () =>
			new Promise<void>(resolve => {
				server.closeAllConnections();
				server.close(() => resolve());
			}),
	};
}

/** A port that was just listening and now refuses connections. */
export async function closedPortUrl(): Promise<string> {
	const server = createServer();
	await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
	const {port} = server.address() as AddressInfo;
	await new Promise<void>(resolve => server.close(() => resolve()));
	return `http://127.0.0.1:${port}`;
}

/** A sleep that records what was asked and waits only a little, so retry tests stay fast. */
export function recordingSleep() {
	const delays: number[] = [];
	const sleep = async (ms: number) => {
		delays.push(ms);
		await new Promise(resolve => setTimeout(resolve, 50));
	};
	return {delays, sleep};
}

/** A final failure, as the runner would report it. */
export function failedEvent(overrides: Partial<NotifyEvent> = {}): NotifyEvent {
	return {
		jobId: 12,
		label: 'nightly',
		kind: 'pytest',
		command: 'pytest tests/ -n auto',
		state: 'failed',
		exitCode: 1,
		signal: null,
		attempts: 3,
		durationMs: 723_000,
		line: '#12 pytest FAILED 3 tests (tests/test_api.py::test_login) 12m03s',
		reportPath: '/repo/.queue/reports/12.md',
		cwd: '/repo',
		...overrides,
	};
}

/** Fake Pushover keys: 30 alphanumerics like the real ones, valid nowhere. */
export const TOKEN = 'azGDORePK8gMaC0QOYAMyEEuzJnyUi';
export const USER = 'uQiRzpo4DXghDmr9QzzfQu27cmVRsG';
