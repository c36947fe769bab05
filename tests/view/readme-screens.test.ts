// The README's screens are the captures in docs/screens/ (written by tests/e2e/tui-screens.test.ts
// with QUEUE_TUI_WRITE_SCREENS=1), word for word: a capture regenerated without the README, or a
// README picture edited by hand, fails here.
import fs from 'node:fs';
import {expect, it} from 'vitest';

it.each(['tui-40', 'tui-100', 'help-40'])('README shows docs/screens/%s.txt as captured', name => {
	const capture = fs.readFileSync(`docs/screens/${name}.txt`, 'utf8');
	expect(capture.trim().length).toBeGreaterThan(0);
	expect(fs.readFileSync('README.md', 'utf8')).toContain('```\n' + capture + '```\n');
});
