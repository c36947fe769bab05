import {defineConfig} from 'vitest/config';

// Tests start real processes (runners, pytest, tmux): two cores are the norm here,
// so keep the pool small and the timeouts generous rather than flaky.
export default defineConfig({
	test: {
		include: ['tests/**/*.test.ts', 'tests/**/*.test.tsx'],
		pool: 'forks',
		poolOptions: {forks: {maxForks: 2, minForks: 1}},
		testTimeout: 60_000,
		hookTimeout: 60_000,
	},
});
