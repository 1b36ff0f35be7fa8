import {
  CONFIG_KINDS,
  clusterKey,
  describeExtensions,
  type NodeSchematic,
  nodeSchematic,
  shortId,
  TAILSCALE_EXTENSION,
} from '../node-facts.ts'
import { defineRule, type LintTarget } from '../rule.ts'

export default defineRule({
  code: 'TAL107',
  name: 'mixed-schematics',
  topic: 'image',
  severity: 'warning',
  scope: 'project',
  kinds: CONFIG_KINDS,
  messages: {
    mixed:
      '{{node}} uses schematic {{schematic}} ({{extensions}}), while {{count}} other node(s) of cluster "{{cluster}}" use {{majority}} ({{majorityExtensions}})',
  },
  fixTitle:
    'Use one schematic for every node of the cluster, or mark the deliberate difference with a talscale-ignore comment',
  fix: 'none',
  docs: {
    summary: 'Nodes of one cluster install from different schematics.',
    why: 'The schematic decides which extensions a node has after every install and upgrade (T1, T3); nodes that drift apart lose tailscale (or gain extensions) one by one, usually by accident when an image URL is copied from an old config.',
    invalid: `clusterName: home
endpoint: https://192.168.1.10:6443
nodes:
  - hostname: cp-1
    ipAddress: 192.168.1.11
    controlPlane: true
    schematic:
      customization:
        systemExtensions:
          officialExtensions: [siderolabs/tailscale]
  - hostname: cp-2
    ipAddress: 192.168.1.12
    controlPlane: true
    schematic:
      customization:
        systemExtensions:
          officialExtensions: [siderolabs/tailscale]
  - hostname: worker-1
    ipAddress: 192.168.1.21
    controlPlane: false
    schematic:
      customization:
        systemExtensions:
          officialExtensions: [siderolabs/intel-ucode]
`,
    valid: `clusterName: home
endpoint: https://192.168.1.10:6443
nodes:
  - hostname: cp-1
    ipAddress: 192.168.1.11
    controlPlane: true
  - hostname: worker-1
    ipAddress: 192.168.1.21
    controlPlane: false
controlPlane:
  schematic:
    customization:
      systemExtensions:
        officialExtensions: [siderolabs/tailscale]
worker:
  schematic:
    customization:
      systemExtensions:
        officialExtensions: [siderolabs/tailscale]
`,
    exampleKind: 'talhelper-node',
  },
  collect: ({ target }) => schematicFact(target),
  check({ targets, report, facts }) {
    const clusters = new Map<string, Array<{ target: LintTarget; schematic: SchematicFact; key: string }>>()
    for (const target of targets) {
      const schematic = facts ? facts.get(target) : schematicFact(target)
      if (!schematic?.extensions || schematic.from === 'default' || schematic.from === 'unknown') continue
      const key = schematic.id ?? [...schematic.extensions].sort().join(',')
      const cluster = clusterKey(target)
      const list = clusters.get(cluster) ?? []
      list.push({ target, schematic, key })
      clusters.set(cluster, list)
    }
    for (const [cluster, nodes] of clusters) {
      const counts = new Map<string, number>()
      for (const node of nodes) counts.set(node.key, (counts.get(node.key) ?? 0) + 1)
      if (counts.size < 2) continue
      // The schematic most nodes use is the reference; on a tie, one with tailscale, then key order.
      const withTailscale = (key: string) =>
        nodes.find(node => node.key === key)!.schematic.extensions!.includes(TAILSCALE_EXTENSION) ? 0 : 1
      const [majorityKey, majorityCount] = [...counts].sort(
        (a, b) => b[1] - a[1] || withTailscale(a[0]) - withTailscale(b[0]) || (a[0] < b[0] ? -1 : 1),
      )[0]!
      const majority = nodes.find(node => node.key === majorityKey)!.schematic
      for (const node of nodes) {
        if (node.key === majorityKey) continue
        report({
          at: { source: node.schematic.source, node: node.schematic.node ?? null },
          messageId: 'mixed',
          data: {
            node: node.target.hints.node ? `node "${node.target.hints.node}"` : `"${node.target.label}"`,
            schematic: describe(node.schematic),
            extensions: describeExtensions(node.schematic.extensions!),
            count: majorityCount,
            cluster,
            majority: describe(majority),
            majorityExtensions: describeExtensions(majority.extensions!),
          },
        })
      }
    }
  },
})

/** What this rule needs of a node's schematic: no `Located`, which would keep the node's documents. */
type SchematicFact = Pick<NodeSchematic, 'extensions' | 'id' | 'from' | 'source' | 'node'>

// The project's schematic files are not consulted here (only IDs talscale knows, and a schematic
// linked to the node itself), as when this rule saw only the config targets.
function schematicFact(target: LintTarget): SchematicFact | undefined {
  if (!target.complete) return undefined
  const { extensions, id, from, source, node } = nodeSchematic(target, NO_TARGETS)
  return { extensions, id, from, source, node }
}

const NO_TARGETS: readonly LintTarget[] = []

function describe(schematic: SchematicFact): string {
  return schematic.id ? shortId(schematic.id) : 'from its image'
}
