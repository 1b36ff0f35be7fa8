import type { Reporter, TestModule } from 'vitest/node'

/**
 * Prints the plain `N passed, N failed, N skipped` line that CI reads to count what ran.
 * vitest's own summary is decorated, so the count is taken from the test tree instead.
 */
export default class SummaryReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>): void {
    let passed = 0
    let failed = 0
    let skipped = 0
    for (const testModule of testModules) {
      for (const test of testModule.children.allTests()) {
        const state = test.result().state
        if (state === 'passed') passed++
        else if (state === 'failed') failed++
        else skipped++
      }
      // A file that fails to load has no tests; count it so the line cannot claim a clean run.
      if (testModule.state() === 'failed' && [...testModule.children.allTests()].length === 0) failed++
    }
    process.stdout.write(`\n${passed} passed, ${failed} failed, ${skipped} skipped\n`)
  }
}
