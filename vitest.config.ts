import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    // Upstream oracles are read only by `npm run test:conformance` (vitest.conformance.config.ts).
    exclude: ['test/conformance/**', 'test/browser/**', '**/node_modules/**'],
    reporters: ['default', './test/support/summary-reporter.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
})
