import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {loadConfig} from '../../../source/core/config.js';
import {ntfyHeaders, resolveNtfy} from '../../../source/core/notify/ntfy.js';
import {pushoverForm, resolvePushover} from '../../../source/core/notify/pushover.js';
import {failedEvent} from './fake-server.js';

describe('serve.publicUrl in notifications', () => {
	it('links Pushover (url) and ntfy (Click) to the job\'s or the flow\'s page; nothing without it', () => {
		const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'qtui-public-'));
		try {
			const notify = {pushover: {token: 'a'.repeat(30), user: 'u'.repeat(30)}, ntfy: {url: 'http://127.0.0.1:9/topic'}};
			fs.writeFileSync(path.join(dir, '.queue-tui.json'), JSON.stringify({serve: {publicUrl: 'http://box.tailnet:8088/'}, notify}));
			const config = loadConfig(dir).notify;
			const event = failedEvent({});
			const form = pushoverForm(event, resolvePushover(config, {})!);
			expect(form.get('url')).toBe(`http://box.tailnet:8088/job/${event.jobId}`);
			expect(ntfyHeaders(event, resolveNtfy(config, {})!).Click).toBe(`http://box.tailnet:8088/job/${event.jobId}`);

			// A flow's notification links to the flow's own page.
			const flow = {id: 'f3', name: 'quality', label: 'QUAL 044 猫', state: 'failed' as const, jobs: []};
			expect(pushoverForm(failedEvent({flow}), resolvePushover(config, {})!).get('url')).toBe('http://box.tailnet:8088/flow/f3');
			expect(pushoverForm(failedEvent({flow}), resolvePushover(config, {})!).get('url_title')).toBe('flow f3 in the dashboard');
			expect(ntfyHeaders(failedEvent({flow}), resolveNtfy(config, {})!).Click).toBe('http://box.tailnet:8088/flow/f3');

			fs.writeFileSync(path.join(dir, '.queue-tui.json'), JSON.stringify({notify}));
			const plain = loadConfig(dir).notify;
			expect(pushoverForm(event, resolvePushover(plain, {})!).get('url')).toBeNull();
			expect(ntfyHeaders(event, resolveNtfy(plain, {})!).Click).toBeUndefined();

			fs.writeFileSync(path.join(dir, '.queue-tui.json'), JSON.stringify({serve: {publicUrl: 'not a url'}}));
			expect(() => loadConfig(dir)).toThrow(/serve\.publicUrl/);
		} finally {
			fs.rmSync(dir, {recursive: true, force: true});
		}
	});
});
