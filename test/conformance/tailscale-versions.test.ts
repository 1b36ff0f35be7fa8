// The version tables of src/tailscale/versions.ts against the reference tables: every tailscale up
// flag the reference dates after Tailscale 1.82.0 (the oldest the extension shipped for a supported
// Talos release) is dated the same in UP_FLAG_SINCE, and nothing else is.
import { describe, expect, it } from 'vitest'
import { formatTailscale, UP_FLAG_SINCE } from '../../src/tailscale/versions.ts'
import { referenceJson } from '../support/reference.ts'

const up = referenceJson('tailscale', 'up-flags.json')

const newer = (since: string) => {
  const [major, minor] = since.replace(/^v/, '').split('.').map(Number)
  return major === 1 && minor! > 82
}

describe('tailscale up flag versions match the reference', () => {
  const dated = (up.flags as Array<{ name: string; since?: string; commands: string[] }>).filter(
    flag => flag.commands.includes('up') && flag.since && newer(flag.since),
  )

  it.each(dated.map(flag => [flag.name, flag.since!] as const))('--%s since %s', (name, since) => {
    expect(UP_FLAG_SINCE[name]).toBeDefined()
    expect(`v${formatTailscale(UP_FLAG_SINCE[name]!)}`).toBe(since.split(' ')[0])
  })

  it('dates no flag the reference does not', () => {
    expect(Object.keys(UP_FLAG_SINCE).sort()).toEqual(dated.map(flag => flag.name).sort())
  })
})
