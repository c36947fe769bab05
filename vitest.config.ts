import {defineConfig} from 'vitest/config';

/**
 * Two groups. `unit`: pure code, Ink rendered in memory, local HTTP stand-ins — the inner loop,
 * under a minute. `e2e`: anything that starts real processes (runners, pytest, tmux, the Claude
 * Code client, Chromium, Slurm). A test file that spawns a process is named `*.e2e.test.ts` or
 * lives in `tests/e2e/`.
 *
 * Two cores are the norm here, so the pool stays small and the timeouts generous rather than flaky.
 */
const e2e = ['tests/e2e/**/*.test.{ts,tsx}', 'tests/**/*.e2e.test.{ts,tsx}'];

export default defineConfig({
	test: {
		pool: 'forks',
		poolOptions: {forks: {maxForks: 2, minForks: 1}},
		testTimeout: 60_000,
		hookTimeout: 60_000,
		projects: [
			{extends: true, test: {name: 'unit', include: ['tests/**/*.test.{ts,tsx}'], exclude: e2e}},
			{extends: true, test: {name: 'e2e', include: e2e, globalSetup: ['tests/claude-code/install-client.ts']}},
		],
	},
});
