import { roleName } from '../facts/clusters.ts'
import { type ServiceReach, serviceReach, type Unserved, unservedServices } from '../facts/service-reach.ts'
import { CONFIG_KINDS, defineRule } from '../rule.ts'

export default defineRule<'hybrid', ServiceReach>({
  code: 'TAL109',
  name: 'tailscale-service-on-role-without-extension',
  topic: 'image',
  severity: 'warning',
  scope: 'project',
  kinds: CONFIG_KINDS,
  messages: {
    hybrid:
      'ExtensionServiceConfig "tailscale" reaches {{count}} {{role}} node(s) of cluster "{{cluster}}" ({{nodes}}), none of whose schematics has siderolabs/tailscale, while {{otherCount}} {{other}} node(s) have it: on those {{role}} nodes the config is inert and only hands them the auth key. If the {{role}} nodes should join the tailnet, add siderolabs/tailscale to their schematic; if only the {{other}} nodes should (the hybrid layout, with the Tailscale Kubernetes operator for apps), scope the ExtensionServiceConfig to the {{other}} nodes’ own patch',
  },
  fixTitle:
    'Add siderolabs/tailscale to the schematic of this role, or move the ExtensionServiceConfig into the patch of the role that has it',
  fix: 'none',
  docs: {
    summary:
      'The tailscale ExtensionServiceConfig reaches a whole role of a cluster (all workers) whose schematic lacks the extension, while another role has it.',
    why: 'Talos accepts an ExtensionServiceConfig for any name (T7), so without siderolabs/tailscale in the schematic (T1, T3) the config is inert on those nodes, yet each of them receives the auth key in its machine config. Extension on the control planes and the Tailscale Kubernetes operator for apps is a sound design (the hybrid layout) that often keeps the config in a patch all nodes share; it cannot be told apart from a forgotten extension, so this is a warning that names both readings, where a single node without the extension is TAL101’s error.',
    invalid: example({ shared: true }),
    valid: example({ shared: false }),
    exampleKind: 'talhelper-node',
  },
  collect: ({ target, targets }) => serviceReach(target, targets),
  check({ targets, report, facts }) {
    const { hybrid } = unservedServices(
      targets,
      target => facts?.get(target) ?? serviceReach(target, targets),
    )
    for (const group of hybrid) {
      const data = {
        count: group.nodes.length,
        role: roleName(group.role),
        cluster: group.cluster,
        nodes: nameList(group.nodes),
        otherCount: group.otherCount,
        other: roleName(group.other),
      }
      // Nodes that share one schematic (a talhelper or Omni role section) get one finding there.
      const seen = new Set<string>()
      for (const { at } of group.nodes) {
        const key = `${at.source.path}\0${at.node?.range?.[0] ?? -1}`
        if (seen.has(key)) continue
        seen.add(key)
        report({
          at,
          messageId: 'hybrid',
          data,
          related: [
            {
              at: group.otherAt,
              message: `the schematic with siderolabs/tailscale that the ${data.other} nodes install`,
            },
          ],
        })
      }
    }
  },
})

const SHOWN = 3

// The docs examples: a talconfig whose ExtensionServiceConfig every node gets (invalid) or only the
// control planes (valid), with the extension in the control-plane schematic only.
function example({ shared }: { shared: boolean }): string {
  const patch = (indent: string) =>
    `${indent}patches:\n${indent}  - |-\n${[
      'apiVersion: v1alpha1',
      'kind: ExtensionServiceConfig',
      'name: tailscale',
      'environment:',
      '  - TS_AUTHKEY=${TS_AUTHKEY}',
    ]
      .map(line => `${indent}    ${line}\n`)
      .join('')}`
  const extensions = (list: string) =>
    `  schematic: {customization: {systemExtensions: {officialExtensions: [${list}]}}}\n`
  return `clusterName: lab
endpoint: https://10.0.0.10:6443
${shared ? patch('') : ''}nodes:
  - {hostname: cp-1, ipAddress: 10.0.0.11, controlPlane: true}
  - {hostname: gpu-1, ipAddress: 10.0.0.21, controlPlane: false}
controlPlane:
${extensions('siderolabs/tailscale')}${shared ? '' : patch('  ')}worker:
${extensions('siderolabs/nvidia-container-toolkit-lts')}`
}

function nameList(nodes: readonly Unserved[]): string {
  const names = nodes.map(({ target }) => `"${target.hints.node ?? target.label}"`)
  if (names.length <= SHOWN) return names.join(', ')
  return `${names.slice(0, SHOWN).join(', ')} and ${names.length - SHOWN} more`
}
