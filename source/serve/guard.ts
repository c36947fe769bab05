/**
 * Who may talk to the dashboard: pure checks on a request's Host, token and Origin, so the
 * security rules are tested without a socket. The server module applies them to each request.
 */
import crypto from 'node:crypto';

export interface GuardConfig {
	/** The token every request must carry (cookie, bearer or `?token=`), or undefined on 127.0.0.1 without one. */
	token?: string;
	/** Host header values that name this server (`127.0.0.1:8088`, `localhost:8088`, …). */
	hosts: Set<string>;
	/** Form token for POST actions (one per server run). */
	csrf: string;
	allowActions: boolean;
}

export const COOKIE = 'qtui_token';

/** Equal strings in time that does not depend on where they differ (hashes make the lengths equal). */
export function sameSecret(a: string, b: string): boolean {
	const ha = crypto.createHash('sha256').update(a).digest();
	const hb = crypto.createHash('sha256').update(b).digest();
	return crypto.timingSafeEqual(ha, hb);
}

/** A fresh random token (URL-safe). */
export const newSecret = () => crypto.randomBytes(24).toString('base64url');

/** Addresses that need no token: the loopback defaults only (any other bind needs one). */
export const isDefaultLoopback = (host: string) => ['127.0.0.1', '::1', 'localhost'].includes(host);

/** The Host header values this server answers to: the bound name (and loopback aliases) with the port. */
export function allowedHosts(host: string, port: number, extra: string[] = []): Set<string> {
	const names = new Set([host, ...extra]);
	if (isDefaultLoopback(host)) for (const n of ['127.0.0.1', 'localhost', '::1']) names.add(n);
	const out = new Set<string>();
	for (const n of names) {
		const name = n.includes(':') ? `[${n}]` : n;
		out.add(`${name}:${port}`.toLowerCase());
		if (port === 80) out.add(name.toLowerCase());
	}
	return out;
}

/** The value of one cookie from a Cookie header. */
export function cookieValue(header: string | undefined, name: string): string | undefined {
	for (const part of (header ?? '').split(';')) {
		const i = part.indexOf('=');
		if (i > 0 && part.slice(0, i).trim() === name) return decodeURIComponent(part.slice(i + 1).trim());
	}
	return undefined;
}

export interface RequestFacts {
	method: string;
	host?: string;
	origin?: string;
	cookie?: string;
	authorization?: string;
	/** `?token=` from the URL. */
	queryToken?: string | null;
}

/** What to do with a request: go on, or answer with this status (421 wrong Host, 401 no/wrong token). */
export type Verdict = {ok: true; setCookie: boolean} | {ok: false; status: number; message: string};

export function checkRequest(g: GuardConfig, r: RequestFacts): Verdict {
	if (!r.host || !g.hosts.has(r.host.toLowerCase())) return {ok: false, status: 421, message: 'this server does not answer to that Host'};
	if (g.token === undefined) return {ok: true, setCookie: false};
	if (r.queryToken != null) {
		return sameSecret(r.queryToken, g.token) ? {ok: true, setCookie: true} : {ok: false, status: 401, message: 'wrong token'};
	}
	const bearer = /^Bearer\s+(.+)$/i.exec(r.authorization ?? '')?.[1];
	const given = bearer ?? cookieValue(r.cookie, COOKIE);
	if (given === undefined) return {ok: false, status: 401, message: 'a token is needed (open the URL serve printed)'};
	return sameSecret(given, g.token) ? {ok: true, setCookie: false} : {ok: false, status: 401, message: 'wrong token'};
}

/** A POST action: actions on, the form's CSRF token, and an Origin naming this server. */
export function checkAction(g: GuardConfig, r: RequestFacts, formCsrf: string | undefined): Verdict {
	if (!g.allowActions) return {ok: false, status: 403, message: 'actions are off (serve --allow-actions turns them on)'};
	if (!r.origin || !g.hosts.has(r.origin.replace(/^https?:\/\//i, '').toLowerCase())) return {ok: false, status: 403, message: 'cross-origin request refused'};
	if (formCsrf === undefined || !sameSecret(formCsrf, g.csrf)) return {ok: false, status: 403, message: 'missing or wrong form token'};
	return {ok: true, setCookie: false};
}
