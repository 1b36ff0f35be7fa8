import { defineConfig } from 'vitest/config'

// The shell suite: the zsh and fish completion scripts loaded in real zsh and fish (Debian's
// packages). Kept apart from `npm test`, which must pass on a machine with bash only; .ci/run
// installs both shells and runs it. The bash script is tested inside `npm test`.
export default defineConfig({
  test: {
    include: ['test/shells/**/*.test.ts'],
    reporters: ['default', './test/support/summary-reporter.ts'],
    testTimeout: 30_000,
  },
})
