import { defineConfig } from 'vitest/config';

// Browser tests against the built app (build/); no Svelte plugin needed, they only drive Chromium.
export default defineConfig({
	test: {
		include: ['tests/e2e/**/*.e2e.ts'],
		environment: 'node',
		testTimeout: 60_000,
		hookTimeout: 60_000,
		// One Chromium at a time: the machine has 2 cores, and parallel browsers make timings flaky.
		fileParallelism: false
	}
});
