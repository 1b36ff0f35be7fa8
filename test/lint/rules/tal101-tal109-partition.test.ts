/**
 * TAL101 and TAL109 split the nodes whose tailscale ExtensionServiceConfig has no extension to run
 * it: over random clusters of control planes and workers, with and without the extension and the
 * config, every such node is reported by exactly one of the two, no other node by either, and
 * TAL109 takes exactly the nodes of a role none of whose nodes has the extension while another role
 * of the same cluster has it (the hybrid layout).
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { sourceFromText } from '../../../src/core/source.ts'
import { runRules } from '../../../src/lint/engine.ts'
import tal101 from '../../../src/lint/rules/tal101-tailscale-service-without-extension.ts'
import tal109 from '../../../src/lint/rules/tal109-tailscale-service-on-role-without-extension.ts'
import { targetFromSource } from '../../../src/lint/targets.ts'
import { FUZZ_RUNS } from '../../support/fuzz.ts'
import { ESC, installImage, node, QEMU_ID, QEMU_TAILSCALE_ID, TAILSCALE_ID } from './talos-cases.ts'

interface NodeCase {
  cluster: 'a' | 'b'
  role: 'controlplane' | 'worker'
  extension: boolean
  config: boolean
}

const nodeCase = fc.record({
  cluster: fc.constantFrom('a' as const, 'b' as const),
  role: fc.constantFrom('controlplane' as const, 'worker' as const),
  extension: fc.boolean(),
  config: fc.boolean(),
  // Two schematics with the extension and one without, so nodes of a role need not share an ID.
  withId: fc.constantFrom(TAILSCALE_ID, QEMU_TAILSCALE_ID),
})

function expected(nodes: readonly NodeCase[]): { tal101: Set<number>; tal109: Set<number> } {
  const tal101 = new Set<number>()
  const tal109 = new Set<number>()
  nodes.forEach((n, i) => {
    if (!n.config || n.extension) return
    const role = nodes.filter(o => o.cluster === n.cluster && o.role === n.role)
    const others = nodes.filter(o => o.cluster === n.cluster && o.role !== n.role)
    const hybrid = role.every(o => !o.extension) && others.some(o => o.extension)
    ;(hybrid ? tal109 : tal101).add(i)
  })
  return { tal101, tal109 }
}

describe('TAL101 and TAL109 over random clusters', () => {
  it('report every node whose config has no extension exactly once, by the layout of its role', () => {
    fc.assert(
      fc.property(fc.array(nodeCase, { minLength: 1, maxLength: 8 }), nodes => {
        const targets = nodes.map((n, i) => {
          const id = n.extension ? n.withId : QEMU_ID
          const text = node(
            n.role,
            installImage(`factory.talos.dev/metal-installer/${id}:v1.13.9`),
            ...(n.config ? [ESC] : []),
          )
          return targetFromSource(sourceFromText(`${n.cluster}/node-${i}.yaml`, text))
        })
        const findings = runRules([tal101, tal109], targets)
        const reported = (code: string) =>
          new Set(
            findings
              .filter(finding => finding.code === code)
              .map(finding => Number(/node-(\d+)\.yaml$/.exec(finding.file)![1])),
          )
        const want = expected(nodes)
        expect(reported('TAL101')).toEqual(want.tal101)
        expect(reported('TAL109')).toEqual(want.tal109)
        // One finding per node: nodes do not share a schematic location here.
        expect(findings).toHaveLength(want.tal101.size + want.tal109.size)
      }),
      { numRuns: FUZZ_RUNS },
    )
  })
})
