import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { checkRandomIntent, flagNames } from '../generate/helpers.ts'
import { arbitraryIntentInput, FUZZ_RUNS } from '../support/intent-arbitrary.ts'
import { referenceJson } from '../support/reference.ts'
import { schemaErrors } from './talos-schema.ts'

const reference = (name: string) => referenceJson('tailscale', name)
const upFlags = new Set<string>(
  reference('up-flags.json')
    .flags.filter((flag: { commands: string[] }) => flag.commands.includes('up'))
    .map((flag: { name: string }) => flag.name),
)
const tailscaledFlags = new Set<string>(
  reference('tailscaled-flags.json').flags.map((f: { name: string }) => f.name),
)
const envNames = new Set<string>(reference('env-names.json').names.map((n: { name: string }) => n.name))

describe('random valid intents', () => {
  // Generous: each run builds (and checks) whole bundles; FUZZ_RUNS may be large.
  it('give schema-valid, deterministic bundles with correct flags and no secret value', {
    timeout: 60_000 + FUZZ_RUNS * 1_000,
  }, () => {
    fc.assert(
      fc.property(arbitraryIntentInput(), input =>
        checkRandomIntent(input, {
          file(path, content, minor) {
            if (path.startsWith('talos/')) expect(schemaErrors(content, minor), path).toEqual([])
          },
          env(name, value) {
            expect(envNames.has(name), name).toBe(true)
            if (name === 'TS_EXTRA_ARGS')
              for (const flag of flagNames(value)) expect(upFlags.has(flag), flag).toBe(true)
            if (name === 'TS_TAILSCALED_EXTRA_ARGS')
              for (const flag of flagNames(value)) expect(tailscaledFlags.has(flag), flag).toBe(true)
          },
        }),
      ),
      { numRuns: FUZZ_RUNS },
    )
  })
})
