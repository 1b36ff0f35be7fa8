import { availableParallelism } from 'node:os'
import { defineConfig } from 'vitest/config'

// Pure unit tests: they import library modules and call them (or run the CLI in-process), touch no
// global state, so they share one module graph per worker (no per-file isolation). Re-importing
// the lint graph for each of the ~85 rule test files was most of the suite's time.
// Membership is by directory: a test added under one of these directories is a unit test.
const UNIT = [
  'test/core/**/*.test.ts',
  'test/factory/**/*.test.ts',
  'test/graph/**/*.test.ts',
  'test/intent/**/*.test.ts',
  'test/lint/**/*.test.ts',
  'test/render/**/*.test.ts',
  'test/report/**/*.test.ts',
  'test/tailscale/**/*.test.ts',
  'test/talos/**/*.test.ts',
]

// Upstream oracles are read only by `npm run test:conformance` (vitest.conformance.config.ts), and
// browser tests only by `npm run test:browser` (vitest.browser.config.ts).
const EXCLUDE = ['test/conformance/**', 'test/browser/**', '**/node_modules/**']

export default defineConfig({
  test: {
    reporters: ['default', './test/support/summary-reporter.ts'],
    // One worker per core (vitest's default leaves one core to its main process, which on a 2-core
    // machine meant one worker; the main process is mostly idle and many tests wait on children).
    maxWorkers: availableParallelism(),
    setupFiles: ['./test/support/fuzz-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    projects: [
      {
        extends: true,
        test: { name: 'unit', include: UNIT, exclude: EXCLUDE, isolate: false },
      },
      {
        // Everything else: servers, child processes, the built binary, temp directories, env.
        extends: true,
        test: {
          name: 'integration',
          include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
          exclude: [...EXCLUDE, ...UNIT],
          globalSetup: ['./test/support/global-setup.ts'],
        },
      },
    ],
  },
})
