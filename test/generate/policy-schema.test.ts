/**
 * The tailnet policy fragment validates against a schema of Tailscale's policy file format (written
 * from Tailscale's documentation: test/fixtures/tailscale/policy.schema.json), and it works in a
 * default-deny tailnet: every advertised route and every exit node is covered by a grant.
 */
import { readFileSync } from 'node:fs'
import { Ajv2020 } from 'ajv/dist/2020.js'
import { describe, expect, it } from 'vitest'
import { sourceFromText } from '../../src/core/source.ts'
import { generateBundle } from '../../src/generate/index.ts'
import { planBundle } from '../../src/generate/plan.ts'
import { EXAMPLE_NAMES, getExample } from '../../src/intent/examples.ts'
import { loadIntent } from '../../src/intent/load.ts'
import { parseTalosVersion } from '../../src/talos/version.ts'
import { parseHujson } from './helpers.ts'
import { generatorVariants } from './variants.ts'

const schema = JSON.parse(
  readFileSync(new URL('../fixtures/tailscale/policy.schema.json', import.meta.url), 'utf8'),
) as object
const validate = new Ajv2020({ strict: true, strictRequired: false, allErrors: true }).compile(schema)

interface PolicyShape {
  tagOwners?: Record<string, string[]>
  autoApprovers?: { routes?: Record<string, string[]>; exitNode?: string[] }
  grants?: Array<{ src: string[]; dst: string[]; ip: string[] }>
}

const VARIANTS = generatorVariants(EXAMPLE_NAMES.map(name => [name, getExample(name)]))

describe('tailnet/policy.hujson', () => {
  for (const [name, text] of VARIANTS) {
    it(`${name}: valid, and every advertised route and exit node is approved and granted`, () => {
      const intent = loadIntent(sourceFromText('talscale.yaml', text)).intent
      const bundle = generateBundle(intent)
      const policy = parseHujson(bundle.files.get('tailnet/policy.hujson')!.content) as PolicyShape
      expect(validate(policy) ? [] : validate.errors).toEqual([])
      const plan = planBundle(intent, parseTalosVersion(intent.cluster.talosVersion))
      const granted = new Set((policy.grants ?? []).flatMap(grant => grant.dst))
      for (const route of plan.routes) {
        expect(policy.autoApprovers?.routes?.[route], route).toBeDefined()
        expect(granted.has(route), route).toBe(true)
      }
      if (plan.exitNode) {
        expect(policy.autoApprovers?.exitNode).toBeDefined()
        expect(granted.has('autogroup:internet')).toBe(true)
      }
      // Every persistent node carries a tag, and the tag has an owner.
      expect(intent.tailscale.tags.length).toBeGreaterThan(0)
      for (const tag of intent.tailscale.tags) expect(policy.tagOwners?.[tag], tag).toBeDefined()
    })
  }
})

describe('the policy schema can fail', () => {
  it('refuses empty sections, unknown keys and malformed ip capabilities', () => {
    expect(validate({ tagOwners: {} })).toBe(false)
    expect(validate({ grants: [] })).toBe(false)
    expect(validate({ grant: [] })).toBe(false)
    expect(validate({ grants: [{ src: ['*'], dst: ['tag:a'], ip: ['tcp:port'] }] })).toBe(false)
    expect(validate({ grants: [{ src: ['*'], dst: ['tag:a'] }] })).toBe(false)
    expect(validate({ tagOwners: { talos: ['autogroup:admin'] } })).toBe(false)
    expect(validate({ grants: [{ src: ['autogroup:admin'], dst: ['autogroup:internet'], ip: ['*'] }] })).toBe(
      true,
    )
  })
})
