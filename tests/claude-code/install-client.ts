/**
 * The Claude Code client the e2e tests drive: a pinned version from the npm registry, installed
 * into `.cache/claude-code` (gitignored) on first use. It is proprietary and large, so it is never
 * a dependency of queue-tui. Used as vitest's globalSetup for the e2e group, and by `.ci/run`.
 */
import {execFileSync, spawnSync} from 'node:child_process';
import path from 'node:path';

export const CLAUDE_VERSION = '2.1.332';
const PREFIX = path.resolve('.cache/claude-code');
export const CLAUDE_BIN = path.join(PREFIX, 'node_modules', '.bin', 'claude');

function installed(): string | undefined {
	const r = spawnSync(CLAUDE_BIN, ['--version'], {encoding: 'utf8', timeout: 60_000});
	return r.status === 0 ? r.stdout.trim().split(' ')[0] : undefined;
}

/** Installs the pinned client unless it is there; fails loudly when it can't (the core proof needs it). */
export default function setup(): void {
	if (installed() === CLAUDE_VERSION) return;
	execFileSync('npm', ['install', '--prefix', PREFIX, '--no-save', '--no-audit', '--no-fund', '--no-package-lock', `@anthropic-ai/claude-code@${CLAUDE_VERSION}`], {stdio: 'inherit', timeout: 600_000});
	const got = installed();
	if (got !== CLAUDE_VERSION) throw new Error(`Claude Code ${CLAUDE_VERSION} did not install into ${PREFIX} (got ${got ?? 'nothing'})`);
}
