import { defineConfig } from 'vitest/config'

// The browser suite: the page driven in Chromium (Debian's, through playwright-core). Kept apart from
// `npm test` because it needs a browser; .ci/run installs one and runs it.
export default defineConfig({
  test: {
    include: ['test/browser/**/*.test.ts'],
    reporters: ['default', './test/support/summary-reporter.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    fileParallelism: false,
  },
})
