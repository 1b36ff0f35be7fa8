import { kubeletValidSubnets } from '../../talos/accessors.ts'
import { formatTalosMinor } from '../../talos/version.ts'
import { CONFIG_KINDS, defineRule } from '../rule.ts'

export default defineRule({
  code: 'TAL604',
  name: 'deprecated-node-ip-location',
  topic: 'node-ip',
  severity: 'warning',
  scope: 'target',
  kinds: CONFIG_KINDS,
  messages: {
    deprecated:
      'machine.kubelet.nodeIP.validSubnets ({{subnets}}) is deprecated in Talos {{version}}: kubelet node IP settings moved to the KubeNodeConfig document (nodeIP.validSubnets)',
  },
  fixTitle: 'Move the pins to a KubeNodeConfig document (nodeIP.validSubnets)',
  fix: 'none',
  docs: {
    summary:
      'Kubelet node IP pins in v1alpha1 machine.kubelet on Talos v1.14, where they moved to KubeNodeConfig.',
    why: 'Talos 1.14 moved kubelet node settings to the KubeNodeConfig document; the v1alpha1 field still works but is deprecated (T18), and these pins are what keeps kubelet off the tailnet address (T12).',
    invalid: `version: v1alpha1
machine:
  type: worker
  token: abc.def
  install:
    image: factory.talos.dev/metal-installer/4a0d65c669d46663f377e7161e50cfd570c401f26fd9e7bda34a0216b6f1922b:v1.14.0
  kubelet:
    nodeIP:
      validSubnets: [192.168.1.0/24]
`,
    valid: `version: v1alpha1
machine:
  type: worker
  token: abc.def
  install:
    image: factory.talos.dev/metal-installer/4a0d65c669d46663f377e7161e50cfd570c401f26fd9e7bda34a0216b6f1922b:v1.14.0
---
apiVersion: v1alpha1
kind: KubeNodeConfig
nodeIP:
  validSubnets: [192.168.1.0/24]
`,
    exampleKind: 'machine-config',
  },
  check({ target, report }) {
    // Judged only when the version is known: a config for 1.13 read as the default 1.14 is not deprecated.
    if (target.talosVersion.minor < 14 || target.talosVersionFrom === 'default') return
    if (target.kind === 'talhelper-node') return
    // A cluster created for an older contract keeps the v1alpha1 field: the new document would conflict.
    if (target.configContract !== undefined && target.configContract.minor < 14) return
    for (const list of kubeletValidSubnets(target.documents, target.talosVersion).lists) {
      if (!list.deprecated) continue
      report({
        at: { source: list.source, node: list.keyNode ?? list.node },
        messageId: 'deprecated',
        data: {
          subnets: list.value.items.map(item => String((item as { value?: unknown }).value)).join(', '),
          version: formatTalosMinor(target.talosVersion),
        },
      })
    }
  },
})
