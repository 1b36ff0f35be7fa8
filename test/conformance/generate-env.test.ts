/** The flags and variables generate writes, against Tailscale's own tables (../shared/reference/tailscale). */
import { describe, expect, it } from 'vitest'
import { TAILSCALED_FLAGS_USED, UP_FLAGS_USED, VARIABLES_USED } from '../../src/tailscale/env.ts'
import { referenceJson } from '../support/reference.ts'

const reference = (name: string) => referenceJson('tailscale', name)
const upFlags = new Map<string, { commands: string[]; platforms: string }>(
  reference('up-flags.json').flags.map((flag: { name: string }) => [flag.name, flag]),
)
const tailscaledFlags = new Set<string>(
  reference('tailscaled-flags.json').flags.map((f: { name: string }) => f.name),
)
const envNames = new Set<string>(reference('env-names.json').names.map((n: { name: string }) => n.name))

describe('the flags and variables talscale writes exist upstream', () => {
  it('every flag used in TS_EXTRA_ARGS is a `tailscale up` flag available on Linux', () => {
    for (const name of UP_FLAGS_USED) {
      const flag = upFlags.get(name)
      expect(flag, name).toBeDefined()
      expect(flag!.commands, name).toContain('up')
    }
  })
  it('every flag used in TS_TAILSCALED_EXTRA_ARGS is a tailscaled flag and not an up flag (T8)', () => {
    for (const name of TAILSCALED_FLAGS_USED) {
      expect(tailscaledFlags.has(name), name).toBe(true)
      expect(upFlags.has(name), name).toBe(false)
    }
  })
  it('every variable is a name Tailscale reads', () => {
    for (const name of VARIABLES_USED) expect(envNames.has(name), name).toBe(true)
  })
})
