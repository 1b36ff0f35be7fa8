import { describe, expect, it } from 'vitest'
import { UsageError } from '../../src/core/errors.ts'
import { parseCidr } from '../../src/core/net.ts'
import { sourceFromText } from '../../src/core/source.ts'
import { FACTORY_PLATFORMS } from '../../src/factory/images.ts'
import {
  EXAMPLE_NAMES,
  getExample,
  INTENT_TEMPLATE,
  loadExample,
  SCHEMA_URL,
} from '../../src/intent/examples.ts'
import { intentJsonSchema } from '../../src/intent/json-schema.ts'
import { loadIntent } from '../../src/intent/load.ts'
import { PLATFORMS } from '../../src/intent/schema.ts'

const TEXTS: Array<[string, string]> = [
  ...EXAMPLE_NAMES.map(name => [name, getExample(name)] as [string, string]),
  ['template', INTENT_TEMPLATE],
]

describe('built-in intents', () => {
  it('are the three documented examples', () => {
    expect(EXAMPLE_NAMES).toEqual(['edge', 'homelab', 'single-node'])
  })

  for (const [name, text] of TEXTS) {
    it(`${name} loads without warnings and points editors at the schema`, () => {
      const { warnings } = loadIntent(sourceFromText(`${name}.yaml`, text))
      expect(warnings).toEqual([])
      expect(text.split('\n')[0]).toBe(`# yaml-language-server: $schema=${SCHEMA_URL}`)
      expect(SCHEMA_URL.endsWith('/talscale.schema.json')).toBe(true)
      expect(text, 'no key material').not.toMatch(/tskey-[a-z]+-[A-Za-z0-9]/)
    })

    it(`${name} cites only facts that exist (T1-T19)`, () => {
      const cited = [...text.matchAll(/\bT(\d+)\b/g)].map(match => Number(match[1]))
      expect(cited.length).toBeGreaterThan(0)
      for (const fact of cited) expect(fact >= 1 && fact <= 19, `T${fact}`).toBe(true)
    })
  }

  it('homelab: 3 control planes, 2 workers on a 192.168 LAN, one subnet router for pods, services and lan', () => {
    const { intent } = loadExample('homelab')
    expect(intent.nodes.filter(node => node.role === 'controlplane')).toHaveLength(3)
    expect(intent.nodes.filter(node => node.role === 'worker')).toHaveLength(2)
    expect(intent.cluster.lanSubnets.every(lan => lan.startsWith('192.168.'))).toBe(true)
    const routers = intent.nodes.filter(node => node.subnetRouter)
    expect(routers.map(node => node.subnetRouter!.routes)).toEqual([['pods', 'services', 'lan']])
    expect(intent.tailscale.tailnetDomain).toMatch(/\.ts\.net$/)
    expect(intent.tailscale.auth.authKey).toEqual({ env: 'TS_AUTHKEY' })
  })

  it('single-node: one control plane', () => {
    const { intent } = loadExample('single-node')
    expect(intent.nodes.map(node => node.role)).toEqual(['controlplane'])
  })

  it('edge: arm64 with an overlay, mobile link, exit node, OAuth from a file with tags', () => {
    const { intent } = loadExample('edge')
    expect(intent.image.arch).toBe('arm64')
    expect(intent.image.overlay).toEqual({
      name: 'rpi_generic',
      image: 'siderolabs/sbc-raspberrypi',
      options: {},
    })
    expect(intent.tailscale.link).toBe('mobile')
    expect(intent.nodes.some(node => node.exitNode)).toBe(true)
    expect(intent.tailscale.auth.oauthClientSecret).toHaveProperty('file')
    expect(intent.tailscale.auth.ephemeral).toBe(false)
    expect(intent.tailscale.tags.length).toBeGreaterThan(0)
  })

  it('example node addresses lie in their LANs (the examples are realistic, not only valid)', () => {
    for (const name of EXAMPLE_NAMES) {
      const { intent } = loadExample(name)
      for (const lan of intent.cluster.lanSubnets) expect(parseCidr(lan)?.family).toBe(4)
      expect(new URL(intent.cluster.endpoint).port).toBe('6443')
    }
  })

  it('the template mentions every setting of the schema', () => {
    const keys = new Set<string>()
    interface SchemaNode {
      properties?: Record<string, SchemaNode>
      items?: SchemaNode
      anyOf?: SchemaNode[]
    }
    const walk = (node: SchemaNode) => {
      for (const [key, child] of Object.entries(node.properties ?? {})) {
        keys.add(key)
        walk(child)
      }
      if (node.items) walk(node.items)
    }
    walk(intentJsonSchema() as SchemaNode)
    const missing = [...keys].filter(key => !new RegExp(`\\b${key}:`).test(INTENT_TEMPLATE))
    expect(missing).toEqual([])
  })

  it('knows exactly the platforms of the factory module (talos pkg/machinery/platforms)', () => {
    expect([...PLATFORMS].sort()).toEqual(FACTORY_PLATFORMS.map(platform => platform.name).sort())
  })

  it('an unknown example is a usage error that lists the names', () => {
    expect(() => getExample('homelabs')).toThrow(UsageError)
    try {
      getExample('homelabs')
    } catch (error) {
      expect((error as UsageError).hint).toBe('Pick one of: edge, homelab, single-node.')
    }
    expect(() => getExample('toString')).toThrow(UsageError)
  })
})
