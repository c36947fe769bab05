// zsh completes only inside its line editor, so completion.e2e.test.ts runs the function with
// recording builtins; this one types Tab into a real interactive zsh in tmux, with zsh's own
// compinit, compadd and _describe, and reads what zsh put on the line and under it.
import {spawnSync} from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import {afterAll, beforeAll, expect, it} from 'vitest';
import {CLI, QueueEnv} from '../helpers/queue-env.js';
import {TmuxServer, until} from '../ui/tmux-harness.js';

const has = (cmd: string) => spawnSync('sh', ['-c', `command -v ${cmd}`]).status === 0;

let env: QueueEnv;
let tmux: TmuxServer | undefined;
afterAll(async () => {
	tmux?.kill();
	await env?.cleanup();
});

beforeAll(() => {
	env = new QueueEnv();
});

it.skipIf(!has('zsh') || !has('tmux'))('zsh: Tab in a real terminal completes the subcommand, lists job ids, hands add\'s command over', async () => {
	const bin = path.join(env.dir, 'bin');
	fs.mkdirSync(bin);
	fs.writeFileSync(path.join(bin, 'queue-tui'), `#!/bin/sh\nexec '${process.execPath}' '${CLI}' "$@"\n`, {mode: 0o755});
	fs.writeFileSync(path.join(bin, 'qtui-unique-tool'), '#!/bin/sh\n', {mode: 0o755});
	const ids = [await env.add(['--no-start', '--home', env.home, 'true']), await env.add(['--no-start', '--home', env.home, 'false'])];
	const script = path.join(env.dir, '_queue-tui');
	const r = await env.cli(['completion', 'zsh']);
	expect(r.code, r.stderr).toBe(0);
	fs.writeFileSync(script, r.stdout);

	tmux = new TmuxServer();
	const t = tmux;
	const screen = () => t.screen('z');
	t.session('z', 150, 30, env.dir, ['env', `PATH=${bin}:${process.env.PATH}`, `HOME=${env.dir}`, 'zsh', '-f']);
	t.keys('z', `PS1='ready> '; autoload -U compinit && compinit -u && source ${script} && echo loaded`, 'Enter');
	await until(() => /^loaded$/m.test(screen()), 'zsh to load the completion', 30_000, screen);

	t.keys('z', 'queue-tui complet', 'Tab');
	await until(() => /^ready> queue-tui completion *$/m.test(screen()), 'the subcommand completed', 30_000, screen);
	t.keys('z', 'C-u', `queue-tui --home ${env.home} wait `, 'Tab');
	const listing = new RegExp(`^${ids.join('\\s+')}\\s*$`, 'm');
	await until(() => listing.test(screen()), 'the job ids listed under the line', 30_000, screen);
	// After add's flags, the next word is the job's command: zsh completes it as a command name.
	t.keys('z', 'C-u', 'queue-tui add --label X qtui-uniq', 'Tab');
	await until(() => /^ready> queue-tui add --label X qtui-unique-tool *$/m.test(screen()), 'the job\'s command name completed', 30_000, screen);
});
