/**
 * The dashboard in a real browser: Debian's Chromium driven by playwright-core (never a
 * downloaded browser). Live bar, tracker page, a failed job's report, retry. Screenshots go to a
 * temp dir, or to the README's `docs/screens/` only when QUEUE_TUI_CAPTURE=1 asks (the test leaves
 * the tree clean otherwise).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {chromium, type BrowserContext} from 'playwright-core';
import {afterEach, describe, expect, it} from 'vitest';
import {QueueEnv} from '../helpers/queue-env.js';
import {startServe, type ServeProc} from '../helpers/serve-proc.js';

const CHROMIUM = '/usr/bin/chromium';
const CAPTURE = process.env.QUEUE_TUI_CAPTURE === '1';
let env: QueueEnv;
let serve: ServeProc | undefined;
let browser: BrowserContext | undefined;
let profile: string | undefined;
let shots: string | undefined;
afterEach(async () => {
	await browser?.close();
	await serve?.stop();
	if (profile) fs.rmSync(profile, {recursive: true, force: true});
	if (shots && !CAPTURE) fs.rmSync(shots, {recursive: true, force: true});
	await env?.cleanup();
});

function writeSuites(dir: string): void {
	fs.mkdirSync(path.join(dir, 'slow'), {recursive: true});
	fs.mkdirSync(path.join(dir, 'broken'), {recursive: true});
	fs.writeFileSync(path.join(dir, 'slow', 'test_slow.py'), 'import time, pytest\n\n@pytest.mark.parametrize("i", range(60))\ndef test_step(i):\n    time.sleep(0.25)\n');
	fs.writeFileSync(path.join(dir, 'broken', 'test_io.py'), [
		'def test_ok():\n    assert True\n',
		'def test_roundtrip():\n    data = {"a": 1}\n    assert data == {"a": 2}, "<script>alert(1)</script>"\n',
		'def test_parse():\n    raise ValueError("bad header")\n',
	].join('\n'));
}

describe.skipIf(!fs.existsSync(CHROMIUM))('serve in Chromium', () => {
	it('shows a running bar advance live, the tracker page, a failed report, and retries it', async () => {
		env = new QueueEnv();
		writeSuites(env.dir);
		const failed = await env.add(['--label', 'QUAL-044', '--retries', '0', '--', 'python3', '-m', 'pytest', 'broken']);
		await env.cli(['wait', String(failed)]);
		fs.writeFileSync(path.join(env.dir, '.queue-tui.json'), JSON.stringify({workflows: {quality: {steps: [
			{name: 'unit', run: ['python3', '-c', 'print("12 passed")'], retries: 0},
			{name: 'extract', run: ['python3', '-c', 'print("40/40 images")'], retries: 0},
		], checks: [{name: 'outputs', shell: 'echo 0 files in workspace/QUAL-044; exit 1', retries: 0}]}}}));
		expect((await env.cli(['flow', 'run', 'quality', '--label', 'QUAL-044', '--wait'])).code).toBe(1);
		await env.add(['--label', 'QUAL-051', '--retries', '0', '--', 'python3', '-c', 'print("done")']);
		const slow = await env.add(['--label', 'QUAL-044', '--retries', '0', '--', 'python3', '-m', 'pytest', 'slow']);
		serve = await startServe(env, ['--allow-actions']);
		profile = fs.mkdtempSync(path.join(os.tmpdir(), 'qtui-chromium-'));
		// A fresh profile (playwright-core passes it as --user-data-dir).
		browser = await chromium.launchPersistentContext(profile, {
			executablePath: CHROMIUM,
			viewport: {width: 1280, height: 800},
			args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
				'--disable-component-update', '--disable-sync'],
		});
		const page = await browser.newPage();
		await page.goto(`${serve.base}/`);
		await page.evaluate(() => ((window as unknown as {marker: number}).marker = 1));
		const bar = page.locator('.job.running [role=progressbar]');
		await bar.first().waitFor({timeout: 60_000});
		const first = Number(await bar.first().getAttribute('aria-valuenow'));
		await page.waitForFunction(start => {
			const el = document.querySelector('.job.running [role=progressbar]');
			return el !== null && Number(el.getAttribute('aria-valuenow')) > start + 5;
		}, first, {timeout: 60_000});
		// The same document: the bar moved over SSE, not by a reload.
		expect(await page.evaluate(() => (window as unknown as {marker?: number}).marker)).toBe(1);
		expect(await page.locator('#sidebar').innerText()).toContain('QUAL-044');
		// The flow is one block with its steps and its check, not three loose jobs.
		const flow = page.locator('main li.flow[data-flow="f1"]');
		expect(await flow.count()).toBe(1);
		expect(await flow.locator('li.step').allInnerTexts()).toEqual(['OK unit', 'OK extract', 'FAILED outputs check exit 1']);
		expect(await flow.locator('.result').innerText()).toContain('check outputs: 0 files in workspace/QUAL-044');
		shots = CAPTURE ? path.resolve('docs/screens') : fs.mkdtempSync(path.join(os.tmpdir(), 'qtui-shots-'));
		fs.mkdirSync(shots, {recursive: true});
		await page.screenshot({path: path.join(shots, 'dashboard-1280.png')});
		await page.setViewportSize({width: 390, height: 844});
		await page.screenshot({path: path.join(shots, 'dashboard-390.png')});

		// The flow's own page, on a phone: its steps and check with their states, and what the check printed.
		await flow.locator('a[href="/flow/f1"]').click();
		await page.waitForURL(/\/flow\/f1$/);
		expect(await page.locator('table.flow-steps tbody tr').evaluateAll(rows => rows.map(r => [...r.querySelectorAll('td')].slice(0, 3).map(td => td.textContent)))).toEqual([
			['step', 'unit', 'OK'], ['step', 'extract', 'OK'], ['check', 'outputs', 'FAILED'],
		]);
		expect(await page.locator('main .failed-output pre').innerText()).toContain('0 files in workspace/QUAL-044');
		// Readable at 390 px: nothing wider than the screen.
		expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
		await page.screenshot({path: path.join(shots, 'flow-390.png')});
		await page.setViewportSize({width: 1280, height: 800});
		await page.screenshot({path: path.join(shots, 'flow-1280.png')});
		await page.goto(`${serve.base}/`);

		await page.click('#sidebar a:has-text("QUAL-044")');
		await page.waitForURL(/\/tracker\/QUAL-044$/);
		expect(await page.locator('main').innerText()).toContain('test_roundtrip');
		expect(await page.locator('main li.flow[data-flow="f1"] li.step').count()).toBe(3);
		await page.click(`main a[href="/job/${failed}"]`);
		await page.waitForURL(new RegExp(`/job/${failed}$`));
		const report = await page.locator('main').innerText();
		expect(report).toContain('FAILED');
		expect(report).toContain('test_parse');
		expect(report).toContain('<script>alert(1)</script>');
		expect(await page.locator('main script').count()).toBe(0);
		await page.screenshot({path: path.join(shots, 'job-1280.png')});
		await page.setViewportSize({width: 390, height: 844});
		await page.screenshot({path: path.join(shots, 'job-390.png')});

		await page.click('button:has-text("Retry")');
		await env.until(() => env.job(failed).state !== 'failed', 'the retry to queue the job');
		// Back on the job's page (the POST answers with a redirect), which no longer offers a retry.
		await page.waitForFunction(() => location.pathname.startsWith('/job/') && document.body.innerText.includes('QUEUED'), undefined, {timeout: 60_000});
		expect(env.job(slow).state).not.toBe('cancelled');
	}, 180_000);
});
