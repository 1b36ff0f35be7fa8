import { readFileSync } from 'node:fs'
import { Ajv } from 'ajv'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import { EXAMPLE_NAMES, getExample, INTENT_TEMPLATE } from '../../src/intent/examples.ts'
import { intentJsonSchema, renderIntentJsonSchema, SCHEMA_FILE } from '../../src/intent/json-schema.ts'
import { IntentSchema } from '../../src/intent/schema.ts'
import { arbitraryIntentInput, FUZZ_RUNS } from '../support/intent-arbitrary.ts'

const committed = readFileSync(new URL(`../../${SCHEMA_FILE}`, import.meta.url), 'utf8')

function compile() {
  const ajv = new Ajv({ strict: false, allErrors: true })
  return ajv.compile(intentJsonSchema())
}

const VALID = {
  version: 1,
  cluster: { name: 'home', endpoint: 'https://192.168.1.10:6443', lanSubnets: ['192.168.1.0/24'] },
  tailscale: { auth: { authKey: { env: 'TS_AUTHKEY' } } },
  nodes: [{ hostname: 'cp-1', role: 'controlplane', address: '192.168.1.11' }],
}

// biome-ignore lint/suspicious/noExplicitAny: mutations break the intent's type on purpose.
type Mutation = [name: string, mutate: (intent: any) => void]

// Structural mistakes: both zod and the JSON Schema must reject them.
const STRUCTURAL: Mutation[] = [
  ['wrong version', i => (i.version = 2)],
  ['missing cluster', i => delete i.cluster],
  ['unknown top-level key', i => (i.clusters = {})],
  ['unknown nested key', i => (i.cluster.lanSubnet = ['192.168.1.0/24'])],
  ['upper-case cluster name', i => (i.cluster.name = 'Home')],
  ['http endpoint', i => (i.cluster.endpoint = 'http://192.168.1.10:6443')],
  ['empty lanSubnets', i => (i.cluster.lanSubnets = [])],
  ['lanSubnets not a list', i => (i.cluster.lanSubnets = '192.168.1.0/24')],
  ['CIDR without prefix', i => (i.cluster.lanSubnets = ['192.168.1.0'])],
  ['Talos 1.9', i => (i.cluster.talosVersion = 'v1.9.0')],
  ['Talos 2.0', i => (i.cluster.talosVersion = 'v2.0.0')],
  ['bad firewall', i => (i.cluster.firewall = 'deny')],
  ['kubespan string', i => (i.cluster.kubespan = 'yes')],
  ['unknown platform', i => (i.image = { platform: 'bare-metal' })],
  ['unknown arch', i => (i.image = { arch: 'x86_64' })],
  ['bad extension name', i => (i.image = { extensions: ['tailscale'] })],
  ['kernel arg with spaces', i => (i.image = { extraKernelArgs: ['a b'] })],
  ['overlay without image', i => (i.image = { overlay: { name: 'rpi_generic' } })],
  ['factory with path', i => (i.image = { factory: 'https://factory.example.com/x' })],
  ['no auth source', i => (i.tailscale.auth = {})],
  ['two auth sources', i => (i.tailscale.auth.oauthClientSecret = { env: 'X' })],
  ['an empty tags list (untagged nodes expire)', i => (i.tailscale.tags = [])],
  ['secret ref with two keys', i => (i.tailscale.auth.authKey = { env: 'A', file: 'b' })],
  ['secret env with a bad name', i => (i.tailscale.auth.authKey = { env: 'TS-AUTHKEY' })],
  ['bad tag', i => (i.tailscale.tags = ['talos'])],
  ['mtu below 1280', i => (i.tailscale.mtu = 1279)],
  ['mtu not an integer', i => (i.tailscale.mtu = 1400.5)],
  ['mtu above the clamp', i => (i.tailscale.mtu = 70000)],
  ['link and mtu', i => Object.assign(i.tailscale, { link: 'pppoe', mtu: 1400 })],
  ['unknown link', i => (i.tailscale.link = 'wifi')],
  ['port 0', i => (i.tailscale.port = 0)],
  ['port text', i => (i.tailscale.port = 'any')],
  ['tailnet domain with a scheme', i => (i.tailscale.tailnetDomain = 'https://tail1234.ts.net')],
  ['no nodes', i => (i.nodes = [])],
  ['bad role', i => (i.nodes[0].role = 'master')],
  ['node without address', i => delete i.nodes[0].address],
  ['node hostname with dots', i => (i.nodes[0].hostname = 'cp-1.lan')],
  ['empty routes', i => (i.nodes[0].subnetRouter = { routes: [] })],
  ['exitNode string', i => (i.nodes[0].exitNode = 'yes')],
]

// Refinements JSON Schema cannot express: zod rejects them, the JSON Schema accepts them.
const REFINEMENT_ONLY: Mutation[] = [
  ['address outside the LAN', i => (i.nodes[0].address = '10.0.0.1')],
  ['non-canonical CIDR', i => (i.cluster.lanSubnets = ['192.168.1.1/24'])],
  ['CIDR with 33 bits', i => (i.cluster.lanSubnets = ['192.168.1.0/33'])],
  ['duplicate hostnames', i => i.nodes.push({ ...i.nodes[0], role: 'worker', address: '192.168.1.12' })],
  ['no controlplane', i => (i.nodes[0].role = 'worker')],
  ['exit node without tailscale', i => Object.assign(i.nodes[0], { tailscale: false, exitNode: true })],
  ['unknown route name', i => (i.nodes[0].subnetRouter = { routes: ['lans'] })],
  ['unknown hostname placeholder', i => (i.tailscale.hostname = '{host}')],
]

function mutated([, mutate]: Mutation): unknown {
  const intent = structuredClone(VALID)
  mutate(intent)
  return intent
}

describe('talscale.schema.json', () => {
  it('is the committed output of `npm run schema`', () => {
    expect(committed, 'run `npm run schema` and commit talscale.schema.json').toBe(renderIntentJsonSchema())
  })

  it('is draft-07 and describes every property', () => {
    const schema = JSON.parse(committed)
    expect(schema.$schema).toBe('http://json-schema.org/draft-07/schema#')
    const missing: string[] = []
    interface SchemaNode {
      description?: string
      properties?: Record<string, SchemaNode>
      items?: SchemaNode
      anyOf?: SchemaNode[]
    }
    const walk = (node: SchemaNode, path: string) => {
      for (const [key, child] of Object.entries(node.properties ?? {})) {
        if (typeof child.description !== 'string' || child.description.length < 10)
          missing.push(`${path}${key}`)
        walk(child, `${path}${key}.`)
      }
      if (node.items) walk(node.items, `${path}[].`)
      for (const option of node.anyOf ?? []) walk(option, path)
    }
    walk(schema, '')
    expect(missing).toEqual([])
  })

  it('accepts the base intent in both zod and ajv', () => {
    expect(IntentSchema.safeParse(VALID).success).toBe(true)
    expect(compile()(VALID)).toBe(true)
  })

  const validate = compile()
  for (const mutation of STRUCTURAL) {
    it(`zod and ajv both reject: ${mutation[0]}`, () => {
      const intent = mutated(mutation)
      expect(IntentSchema.safeParse(intent).success, 'zod').toBe(false)
      expect(validate(intent), 'ajv').toBe(false)
    })
  }
  for (const mutation of REFINEMENT_ONLY) {
    it(`zod alone rejects (not expressible in JSON Schema): ${mutation[0]}`, () => {
      const intent = mutated(mutation)
      expect(IntentSchema.safeParse(intent).success, 'zod').toBe(false)
      expect(validate(intent), 'ajv').toBe(true)
    })
  }

  it('accepts every built-in example and the init template', () => {
    for (const text of [...EXAMPLE_NAMES.map(getExample), INTENT_TEMPLATE]) {
      const data = parse(text)
      expect(validate(data), JSON.stringify(validate.errors)).toBe(true)
      expect(IntentSchema.safeParse(data).success).toBe(true)
    }
  })

  it('agrees with zod on random valid intents', () => {
    fc.assert(
      fc.property(arbitraryIntentInput(), intent => {
        const zod = IntentSchema.safeParse(intent)
        expect(zod.success, JSON.stringify(zod.error?.issues)).toBe(true)
        expect(validate(intent), JSON.stringify(validate.errors)).toBe(true)
      }),
      { numRuns: FUZZ_RUNS },
    )
  })
})
