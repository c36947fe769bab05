import fs from 'node:fs';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {RECORD_FILE, applyInstall, settingsPath, type ApplyOptions} from '../../source/integrations/claude-files.js';
import {CLAUDE_MD_SNIPPET, SKILL_MD} from '../../source/integrations/skill-text.js';
import {FIXTURES, isCanonical, oursByEvent, parseFixture, withoutOurs} from './settings-fixtures.js';
import {backups, project, tree} from './temp-project.js';

const run = (root: string, extra: Partial<ApplyOptions> = {}) => applyInstall({scope: 'local', projectRoot: root, ...extra});

describe.each(FIXTURES.filter(f => !f.invalid))('files: $name', fixture => {
	it('installs with a backup, idempotently, and uninstalls back to the original', () => {
		const {root, file} = project(fixture.text);
		const r = run(root);
		expect(r.ok).toBe(true);
		const installed = fs.readFileSync(file, 'utf8');
		expect(installed).toBe(r.settings.text);
		expect(withoutOurs(JSON.parse(installed))).toEqual(withoutOurs(parseFixture(fixture.text)));
		expect(Object.keys(oursByEvent(JSON.parse(installed)))).toHaveLength(4);
		if (fixture.text === undefined) {
			expect(r.settings.action).toBe('created');
			expect(r.settings.backupPath).toBeUndefined();
		} else {
			expect(r.settings.action).toBe('updated');
			expect(fs.readFileSync(r.settings.backupPath!, 'utf8')).toBe(fixture.text);
		}
		expect(fs.readFileSync(r.skill.path, 'utf8')).toBe(SKILL_MD);
		expect(tree(root).filter(p => p.includes('.tmp-'))).toEqual([]);

		const again = run(root);
		expect(again.settings.action).toBe('unchanged');
		expect(again.settings.backupPath).toBeUndefined();
		expect(again.skill.action).toBe('unchanged');
		expect(fs.readFileSync(file, 'utf8')).toBe(installed);
		expect(backups(file)).toHaveLength(fixture.text === undefined ? 0 : 1);

		const u = run(root, {uninstall: true});
		expect(u.ok).toBe(true);
		expect(u.skill.action).toBe('removed');
		expect(fs.existsSync(path.join(root, '.claude', 'skills'))).toBe(false);
		expect(fs.existsSync(path.join(root, '.claude', RECORD_FILE))).toBe(false);
		if (fixture.text === undefined) {
			expect(u.settings.action).toBe('removed');
			expect(fs.existsSync(file)).toBe(false);
			return;
		}
		const after = fs.readFileSync(file, 'utf8');
		const original = parseFixture(fixture.text);
		expect(JSON.parse(after)).toEqual(fixture.ours ? withoutOurs(original) : original);
		if (!fixture.ours && isCanonical(fixture.text)) expect(after).toBe(fixture.text);
		expect(fs.readFileSync(u.settings.backupPath!, 'utf8')).toBe(installed);
		expect(tree(root).filter(p => p.includes('.tmp-'))).toEqual([]);
	});
});

describe.each(FIXTURES.filter(f => f.invalid))('files rejected: $name', fixture => {
	it('changes nothing, writes no backup, returns the error and the snippet', () => {
		const {root, file} = project(fixture.text);
		const before = tree(root);
		for (const uninstall of [false, true]) {
			const r = run(root, {uninstall, claudeMd: true});
			if (uninstall && fixture.badShape) continue; // Nothing of ours to remove: a no-op, not an error.
			expect(r.ok).toBe(false);
			expect(r.error).toContain(file);
			expect(r.error).not.toContain('\n');
			expect(r.snippet).toContain('"asyncRewake": true');
		}
		expect(fs.readFileSync(file, 'utf8')).toBe(fixture.text);
		expect(tree(root)).toEqual(before);
	});
});

describe('files: details', () => {
	it('restores a wrapped foreign statusLine byte-exactly from the record', () => {
		const text = JSON.stringify({statusLine: {type: 'command', command: "sl.sh --sep ' | '", padding: 0}, model: 'opus'}, null, 2) + '\n';
		const {root, file} = project(text);
		const r = run(root);
		expect(r.previousStatusLine).toEqual({type: 'command', command: "sl.sh --sep ' | '", padding: 0});
		const record = JSON.parse(fs.readFileSync(r.recordPath, 'utf8'));
		expect(record.settings['settings.local.json'].previousStatusLine).toEqual(r.previousStatusLine);
		expect(JSON.parse(fs.readFileSync(file, 'utf8')).statusLine.refreshInterval).toBe(5);
		run(root); // Re-install must not lose the recorded value.
		run(root, {uninstall: true});
		expect(fs.readFileSync(file, 'utf8')).toBe(text);
	});

	it('dry run returns the would-be text and touches nothing', () => {
		const {root, file} = project('{\n  "model": "opus"\n}\n');
		const before = tree(root);
		const r = run(root, {dryRun: true, claudeMd: true});
		expect(r.settings.action).toBe('updated');
		expect(JSON.parse(r.settings.text!).model).toBe('opus');
		expect(r.skill.action).toBe('created');
		expect(r.claudeMd?.action).toBe('created');
		expect(tree(root)).toEqual(before);
		expect(fs.readFileSync(file, 'utf8')).toBe('{\n  "model": "opus"\n}\n');
	});

	it('keeps the file mode of the original, 0644 for a new file', () => {
		const {root, file} = project('{}\n');
		fs.chmodSync(file, 0o600);
		run(root);
		expect(fs.statSync(file).mode & 0o777).toBe(0o600);
		const fresh = project();
		run(fresh.root);
		expect(fs.statSync(fresh.file).mode & 0o777).toBe(0o644);
	});

	it('writes through a symlinked settings file', () => {
		const {root, file} = project();
		const target = path.join(root, 'dotfiles-settings.json');
		fs.writeFileSync(target, '{}\n');
		fs.mkdirSync(path.dirname(file), {recursive: true});
		fs.symlinkSync(target, file);
		run(root);
		expect(fs.lstatSync(file).isSymbolicLink()).toBe(true);
		expect(Object.keys(oursByEvent(JSON.parse(fs.readFileSync(target, 'utf8'))))).toHaveLength(4);
	});

	it('appends the CLAUDE.md snippet once and removes it byte-exactly', () => {
		const {root} = project();
		const md = path.join(root, 'CLAUDE.md');
		const prose = '# Project\n\nUse pnpm.\n';
		fs.writeFileSync(md, prose);
		expect(run(root, {claudeMd: true}).claudeMd?.action).toBe('updated');
		expect(run(root, {claudeMd: true}).claudeMd?.action).toBe('unchanged');
		const text = fs.readFileSync(md, 'utf8');
		expect(text.split(CLAUDE_MD_SNIPPET)).toHaveLength(2);
		expect(text).toBe(prose + '\n' + CLAUDE_MD_SNIPPET);
		expect(run(root, {uninstall: true}).claudeMd?.action).toBe('updated');
		expect(fs.readFileSync(md, 'utf8')).toBe(prose);
	});

	it('deletes a CLAUDE.md it created', () => {
		const {root} = project();
		expect(run(root, {claudeMd: true}).claudeMd?.action).toBe('created');
		expect(run(root, {uninstall: true}).claudeMd?.action).toBe('removed');
		expect(fs.existsSync(path.join(root, 'CLAUDE.md'))).toBe(false);
	});

	it('never clobbers a user /queue skill, and keeps an edited copy of ours on uninstall', () => {
		const {root} = project();
		const skill = path.join(root, '.claude', 'skills', 'queue', 'SKILL.md');
		fs.mkdirSync(path.dirname(skill), {recursive: true});
		fs.writeFileSync(skill, 'my own skill\n');
		expect(run(root).skill.action).toBe('kept');
		expect(fs.readFileSync(skill, 'utf8')).toBe('my own skill\n');

		const other = project();
		run(other.root);
		const ours = path.join(other.root, '.claude', 'skills', 'queue', 'SKILL.md');
		fs.appendFileSync(ours, 'my note\n');
		expect(run(other.root, {uninstall: true}).skill.action).toBe('kept');
		expect(fs.readFileSync(ours, 'utf8')).toBe(SKILL_MD + 'my note\n');

	});

	it('upgrades an unedited old copy of ours', async () => {
		const {createHash} = await import('node:crypto');
		const {root} = project();
		const r = run(root);
		const old = 'old version of ours\n';
		fs.writeFileSync(r.skill.path, old);
		const record = JSON.parse(fs.readFileSync(r.recordPath, 'utf8'));
		record.skillSha256 = createHash('sha256').update(old).digest('hex');
		fs.writeFileSync(r.recordPath, JSON.stringify(record));
		expect(run(root).skill.action).toBe('updated');
		expect(fs.readFileSync(r.skill.path, 'utf8')).toBe(SKILL_MD);
	});

	it('resolves the three scopes', () => {
		expect(settingsPath('local', '/p', '/h')).toBe('/p/.claude/settings.local.json');
		expect(settingsPath('project', '/p', '/h')).toBe('/p/.claude/settings.json');
		expect(settingsPath('user', '/p', '/h')).toBe('/h/.claude/settings.json');
	});

	it('user scope writes under home and leaves the project alone', () => {
		const {root} = project();
		const home = project().root;
		const r = applyInstall({scope: 'user', projectRoot: root, home, claudeMd: true});
		expect(r.settings.path).toBe(path.join(home, '.claude', 'settings.json'));
		expect(r.claudeMd?.path).toBe(path.join(home, '.claude', 'CLAUDE.md'));
		expect(fs.existsSync(path.join(home, '.claude', 'skills', 'queue', 'SKILL.md'))).toBe(true);
		expect(tree(root)).toEqual([]);
	});
});
