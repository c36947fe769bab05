import fs from 'node:fs';
import {describe, expect, it} from 'vitest';
import {pluginFiles} from '../../source/integrations/claude-plugin.js';
import {SKILL_MD} from '../../source/integrations/skill-text.js';
import {settingsSnippet} from '../../source/integrations/claude-settings.js';

describe('the Claude Code plugin in the package', () => {
	it('its committed files are what the code generates (the same hooks and skill as init claude)', () => {
		for (const [file, text] of Object.entries(pluginFiles())) expect(fs.readFileSync(file, 'utf8'), `${file} is stale`).toBe(text);
		const hooks = JSON.parse(pluginFiles()['claude-plugin/hooks/hooks.json']!).hooks;
		expect(hooks).toEqual(JSON.parse(settingsSnippet()).hooks);
		expect(pluginFiles()['claude-plugin/skills/queue/SKILL.md']).toBe(SKILL_MD);
	});

	it('ships in the npm package', () => {
		const files = (JSON.parse(fs.readFileSync('package.json', 'utf8')) as {files: string[]}).files;
		expect(files).toEqual(expect.arrayContaining(['.claude-plugin', 'claude-plugin']));
	});
});
