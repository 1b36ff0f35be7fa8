import fc from 'fast-check'
import { describe, it } from 'vitest'
import { arbitraryIntentInput, FUZZ_RUNS } from '../support/intent-arbitrary.ts'
import { checkRandomIntent } from './helpers.ts'

// Schema validity and upstream flag and variable names are checked against the oracles in
// test/conformance/generate-property.test.ts; this property holds without them.
describe('random valid intents', () => {
  // Generous: each run builds (and checks) whole bundles; FUZZ_RUNS may be large.
  it('give deterministic bundles with well-formed files and no secret value', {
    timeout: 60_000 + FUZZ_RUNS * 1_000,
  }, () => {
    fc.assert(
      fc.property(arbitraryIntentInput(), input => checkRandomIntent(input)),
      { numRuns: FUZZ_RUNS },
    )
  })
})
