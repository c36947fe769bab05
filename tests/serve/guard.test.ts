import {describe, expect, it} from 'vitest';
import {allowedHosts, checkAction, checkRequest, cookieValue, sameSecret, type GuardConfig} from '../../source/serve/guard.js';
import {t} from '../../source/serve/html.js';

const TOKEN = 'a-long-enough-token-123';
const guard = (over: Partial<GuardConfig> = {}): GuardConfig => ({token: TOKEN, hosts: allowedHosts('127.0.0.1', 8088), csrf: 'csrf-secret-value', allowActions: true, ...over});

describe('dashboard guard', () => {
	it('answers only to its own Host names, port included', () => {
		const g = guard({token: undefined});
		expect(checkRequest(g, {method: 'GET', host: '127.0.0.1:8088'}).ok).toBe(true);
		expect(checkRequest(g, {method: 'GET', host: 'LOCALHOST:8088'}).ok).toBe(true);
		expect(checkRequest(g, {method: 'GET', host: '[::1]:8088'}).ok).toBe(true);
		expect(checkRequest(g, {method: 'GET', host: 'rebind.example:8088'})).toMatchObject({ok: false, status: 421});
		expect(checkRequest(g, {method: 'GET', host: '127.0.0.1:9999'})).toMatchObject({ok: false, status: 421});
		expect(checkRequest(g, {method: 'GET'})).toMatchObject({ok: false, status: 421});
		expect(allowedHosts('100.64.0.7', 8088).has('localhost:8088')).toBe(false);
	});

	it('wants the token as a cookie, a bearer header or ?token= (which sets the cookie)', () => {
		const g = guard();
		const host = '127.0.0.1:8088';
		expect(checkRequest(g, {method: 'GET', host})).toMatchObject({ok: false, status: 401});
		expect(checkRequest(g, {method: 'GET', host, cookie: `a=b; qtui_token=${TOKEN}`})).toEqual({ok: true, setCookie: false});
		expect(checkRequest(g, {method: 'GET', host, cookie: 'qtui_token=nope'})).toMatchObject({ok: false, status: 401});
		expect(checkRequest(g, {method: 'GET', host, authorization: `Bearer ${TOKEN}`}).ok).toBe(true);
		expect(checkRequest(g, {method: 'GET', host, authorization: `Bearer ${TOKEN}x`}).ok).toBe(false);
		expect(checkRequest(g, {method: 'GET', host, queryToken: TOKEN})).toEqual({ok: true, setCookie: true});
		expect(checkRequest(g, {method: 'GET', host, queryToken: ''})).toMatchObject({ok: false, status: 401});
	});

	it('actions need --allow-actions, an Origin of this server and the form token', () => {
		const r = {method: 'POST', host: '127.0.0.1:8088', origin: 'http://127.0.0.1:8088'};
		expect(checkAction(guard(), r, 'csrf-secret-value').ok).toBe(true);
		expect(checkAction(guard({allowActions: false}), r, 'csrf-secret-value')).toMatchObject({ok: false, status: 403});
		expect(checkAction(guard(), r, undefined)).toMatchObject({ok: false, status: 403});
		expect(checkAction(guard(), r, 'csrf-secret-valuX')).toMatchObject({ok: false, status: 403});
		expect(checkAction(guard(), {...r, origin: 'http://evil.example'}, 'csrf-secret-value')).toMatchObject({ok: false, status: 403});
		expect(checkAction(guard(), {...r, origin: undefined}, 'csrf-secret-value')).toMatchObject({ok: false, status: 403});
	});

	it('compares secrets of any length, reads cookies, and escapes text', () => {
		expect(sameSecret('abc', 'abc')).toBe(true);
		expect(sameSecret('abc', 'abcd')).toBe(false);
		expect(cookieValue('x=1; qtui_token=a%20b', 'qtui_token')).toBe('a b');
		expect(t('<script>"x"&\'y\'</script>\x1b[31mred\x1b[0m')).toBe('&lt;script&gt;&quot;x&quot;&amp;&#39;y&#39;&lt;/script&gt;red');
	});
});
