/** knownSchematic against the reference schematic vectors (../shared/reference/factory). */
import { describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import { EMPTY_SCHEMATIC_ID } from '../../src/factory/index.ts'
import { knownSchematic } from '../../src/lint/facts/schematics.ts'
import { referenceJson } from '../support/reference.ts'

describe('knownSchematic', () => {
  it('agrees with every reference vector made only of extensions it knows', () => {
    const vectors = referenceJson('factory/schematic-vectors.json') as Array<{
      yaml: string
      id: string
    }>
    let checked = 0
    for (const vector of vectors) {
      const schematic = parse(vector.yaml) as { customization?: Record<string, unknown> }
      const customization = schematic.customization ?? {}
      const keys = Object.keys(customization)
      if (Object.keys(schematic).length !== 1 || keys.some(key => key !== 'systemExtensions')) continue
      const extensions =
        (customization.systemExtensions as { officialExtensions?: string[] } | undefined)
          ?.officialExtensions ?? []
      const known = knownSchematic(vector.id)
      if (!known) continue
      expect(known).toEqual(extensions)
      checked++
    }
    // The empty schematic, tailscale alone and qemu-guest-agent alone are among the vectors.
    expect(checked).toBeGreaterThanOrEqual(3)
    expect(knownSchematic(EMPTY_SCHEMATIC_ID)).toEqual([])
  })
})
