import { TAILSCALE_EXTENSION } from '../../factory/index.ts'
import { clusterKey, groupByClusterRole, roleName } from '../facts/clusters.ts'
import { describeExtensions, type NodeSchematic, nodeSchematic, shortId } from '../facts/schematics.ts'
import { CONFIG_KINDS, defineRule, type LintTarget } from '../rule.ts'

export default defineRule({
  code: 'TAL107',
  name: 'mixed-schematics',
  topic: 'image',
  severity: 'warning',
  scope: 'project',
  kinds: CONFIG_KINDS,
  messages: {
    mixed:
      '{{node}} installs schematic {{schematic}} ({{extensions}}) without the tailscale extension, while {{count}} other {{role}}node(s) of cluster "{{cluster}}" install {{majority}} ({{majorityExtensions}}) with it: the next install or upgrade leaves this node without Tailscale',
  },
  fixTitle:
    'Add siderolabs/tailscale to this node’s schematic, or mark the deliberate difference with a talscale-ignore comment',
  fix: 'none',
  docs: {
    summary: 'A node lacks the tailscale extension that most nodes of its role in the cluster install.',
    why: 'The schematic decides which extensions a node has after every install and upgrade (T1, T3); a node whose image URL was copied from an old config loses tailscale at its next upgrade. Only the difference that matters to Tailscale is reported: nodes that differ in other extensions (storage drivers on workers), or a role that runs without Tailscale on purpose, are left alone.',
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
  - hostname: cp-3
    ipAddress: 192.168.1.13
    controlPlane: true
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
    // Compared within a role: control planes with Tailscale and workers without is a design, not drift.
    const groups = groupByClusterRole(targets, target => {
      const schematic = facts ? facts.get(target) : schematicFact(target)
      if (!schematic?.extensions || schematic.from === 'default' || schematic.from === 'unknown')
        return undefined
      return { schematic, key: schematic.id ?? [...schematic.extensions].sort().join(',') }
    })
    for (const { members } of groups) {
      const nodes = members.map(({ target, fact }) => ({ target, ...fact }))
      const has = (node: (typeof nodes)[number]) => node.schematic.extensions!.includes(TAILSCALE_EXTENSION)
      const withTailscale = nodes.filter(has)
      const without = nodes.filter(node => !has(node))
      // Only a clear majority with Tailscale makes the others look like drift.
      if (without.length === 0 || withTailscale.length <= without.length) continue
      const counts = new Map<string, number>()
      for (const node of withTailscale) counts.set(node.key, (counts.get(node.key) ?? 0) + 1)
      const [majorityKey] = [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0]!
      const majority = withTailscale.find(node => node.key === majorityKey)!.schematic
      for (const node of without) {
        report({
          at: { source: node.schematic.source, node: node.schematic.node ?? null },
          messageId: 'mixed',
          data: {
            node: node.target.hints.node ? `node "${node.target.hints.node}"` : `"${node.target.label}"`,
            schematic: describe(node.schematic),
            extensions: describeExtensions(node.schematic.extensions!),
            count: withTailscale.length,
            role: node.target.role ? `${roleName(node.target.role)} ` : '',
            cluster: clusterKey(node.target),
            majority: describe(majority),
            majorityExtensions: describeExtensions(majority.extensions!),
          },
          related: [
            {
              at: { source: majority.source, node: majority.node ?? null },
              message: `the schematic with the tailscale extension that ${withTailscale.length} node(s) of the cluster install`,
            },
          ],
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
