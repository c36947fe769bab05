import fs from 'node:fs';
import path from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import {QueueEnv} from '../helpers/queue-env.js';

let env: QueueEnv;
afterEach(async () => env?.cleanup());

describe('queue-tui init claude', () => {
	it('installs hooks and the status line beside the user\'s own, idempotently, and uninstalls cleanly', async () => {
		env = new QueueEnv();
		const home = path.join(env.dir, 'home');
		const file = path.join(env.dir, '.claude', 'settings.local.json');
		fs.mkdirSync(path.dirname(file), {recursive: true});
		const original = JSON.stringify({permissions: {allow: ['Bash(ls)']}, hooks: {Stop: [{hooks: [{type: 'command', command: 'say done'}]}]}, statusLine: {type: 'command', command: '~/bin/my-status'}}, null, 2) + '\n';
		fs.writeFileSync(file, original);
		const first = await env.cli(['init', 'claude'], {env: {HOME: home}});
		expect(first.code).toBe(0);
		expect(first.stdout).toContain(file);
		const installed = fs.readFileSync(file, 'utf8');
		const s = JSON.parse(installed);
		expect(s.permissions).toEqual({allow: ['Bash(ls)']});
		expect(s.hooks.Stop[0].hooks[0]).toEqual({type: 'command', command: 'say done'});
		const ours = (event: string) => JSON.stringify(s.hooks[event]).includes('"args":["hook"');
		expect(['UserPromptSubmit', 'PostToolUse', 'SessionStart', 'Stop'].every(ours)).toBe(true);
		expect(JSON.stringify(s.hooks.Stop)).toContain('"asyncRewake":true');
		expect(s.statusLine.command).toBe("queue-tui statusline --wrap '~/bin/my-status'");
		expect(fs.existsSync(path.join(env.dir, '.claude', 'skills', 'queue', 'SKILL.md'))).toBe(true);
		expect(fs.readdirSync(path.dirname(file)).some(f => f.startsWith('settings.local.json.bak-'))).toBe(true);
		expect((await env.cli(['init', 'claude'], {env: {HOME: home}})).code).toBe(0);
		expect(fs.readFileSync(file, 'utf8')).toBe(installed);
		const un = await env.cli(['init', 'claude', '--uninstall'], {env: {HOME: home}});
		expect(un.code).toBe(0);
		expect(fs.readFileSync(file, 'utf8')).toBe(original);
		expect(fs.existsSync(path.join(env.dir, '.claude', 'skills', 'queue', 'SKILL.md'))).toBe(false);
	});

	it('refuses invalid JSON: exit 2, one line on stderr, the snippet to paste on stdout, the file untouched', async () => {
		env = new QueueEnv();
		const file = path.join(env.dir, '.claude', 'settings.json');
		fs.mkdirSync(path.dirname(file), {recursive: true});
		const broken = '{\n  // my comment\n  "model": "opus",\n}\n';
		fs.writeFileSync(file, broken);
		const r = await env.cli(['init', 'claude', '--project'], {env: {HOME: path.join(env.dir, 'home')}});
		expect(r.code).toBe(2);
		expect(r.stderr.trim().split('\n')).toHaveLength(1);
		expect(r.stderr).toMatch(/settings\.json: .*nothing was changed/);
		expect(JSON.parse(r.stdout).hooks.Stop[0].hooks[0].args).toEqual(['hook', 'stop']);
		expect(fs.readFileSync(file, 'utf8')).toBe(broken);
		expect(fs.readdirSync(path.dirname(file))).toEqual(['settings.json']);
	});

	it('--dry-run shows the result and writes nothing; bad words are usage errors', async () => {
		env = new QueueEnv();
		const r = await env.cli(['init', 'claude', '--dry-run'], {env: {HOME: path.join(env.dir, 'home')}});
		expect(r.code).toBe(0);
		expect(r.stdout).toContain('"queue-tui"');
		expect(fs.existsSync(path.join(env.dir, '.claude'))).toBe(false);
		const bad = await env.cli(['init', 'vscode']);
		expect(bad.code).toBe(2);
		expect((await env.cli(['init', 'claude', '--project', '--user'])).code).toBe(2);
	});
});
