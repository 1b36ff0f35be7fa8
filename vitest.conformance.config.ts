import { defineConfig } from 'vitest/config'

// The conformance suite: tests against upstream oracles in ../shared/reference (or
// $TALSCALE_REFERENCE_DIR). Kept apart from `npm test`, which must pass on a fresh clone without them.
export default defineConfig({
  test: {
    include: ['test/conformance/**/*.test.ts'],
    reporters: ['default', './test/support/summary-reporter.ts'],
    setupFiles: ['./test/support/fuzz-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
})
