import {describe, expect, it} from 'vitest';
import {redact, secretsOf} from '../../../source/core/notify/redact.js';
import {TOKEN, USER} from './fake-server.js';

describe('redact', () => {
	it('removes literal, URL-encoded and base64 forms of each secret', () => {
		const secret = 'p@ss word/123';
		const text = `a ${secret} b ${encodeURIComponent(secret)} c ${Buffer.from(secret).toString('base64')}`;
		expect(redact(text, [secret])).toBe('a [redacted] b [redacted] c [redacted]');
	});

	it('masks token-shaped text it was not told about', () => {
		expect(redact('Authorization: Bearer tk_abcdefghijklmnop, next', [])).toBe('Authorization: Bearer [redacted], next');
		expect(redact('GET /x?token=abc&user=def&q=1', [])).toBe('GET /x?token=[redacted]&user=[redacted]&q=1');
		expect(redact('key tk_AgQdq7mVBoFD37zQVN29 done', [])).toBe('key [redacted] done');
		expect(redact(`app ${TOKEN} and ${USER}`, [])).toBe('app [redacted] and [redacted]');
		expect(redact('Basic dXNlcjpwYXNz', [])).toBe('Basic [redacted]');
	});

	it('leaves short secrets and ordinary text alone', () => {
		expect(redact('the queue ran 3 jobs', ['the', '', undefined])).toBe('the queue ran 3 jobs');
		expect(redact('request 647d2300-702c-4b38-8b2f-d56326ae460b ok', [])).toBe('request 647d2300-702c-4b38-8b2f-d56326ae460b ok');
	});

	it('collects secrets from config and env, including the ntfy topic', () => {
		const secrets = secretsOf(
			{pushover: {token: 'cfgtoken1'}, ntfy: {url: 'https://ntfy.sh/my-topic-123', token: 'tk_cfg123'}},
			{PUSHOVER_USER: 'envuser1', NTFY_TOKEN: 'tk_env456'},
		);
		expect(secrets.sort()).toEqual(['cfgtoken1', 'envuser1', 'my-topic-123', 'tk_cfg123', 'tk_env456'].sort());
	});
});
