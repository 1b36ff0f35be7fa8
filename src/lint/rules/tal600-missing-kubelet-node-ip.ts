import { kubeletValidSubnets } from '../../talos/accessors.ts'
import { TAILNET_IPV4 } from '../../talos/net.ts'
import { addSetting } from '../facts/edits.ts'
import { lanOrder } from '../facts/node-ip.ts'
import { usesTailscale } from '../facts/tailscale-use.ts'
import { missingAt } from '../locations.ts'
import { CONFIG_KINDS, defineRule } from '../rule.ts'
import { lanOrderMessage } from './util/node-ip.ts'

export default defineRule({
  code: 'TAL600',
  name: 'missing-kubelet-node-ip',
  topic: 'node-ip',
  severity: 'error',
  scope: 'target',
  kinds: CONFIG_KINDS,
  messages: {
    affected: `kubelet has no nodeIP.validSubnets: the tailnet address (${TAILNET_IPV4}) sorts before the LAN {{lan}}, so once tailscale0 is up kubelet registers the node with its tailnet IP`,
    unknown: `kubelet has no nodeIP.validSubnets: on a LAN in 172.16.0.0/12 or 192.168.0.0/16, which sort after the tailnet range ${TAILNET_IPV4}, kubelet registers the node with its tailnet IP once tailscale0 is up (10.0.0.0/8 sorts before it and keeps its address)`,
  },
  fixTitle: 'Pin kubelet to the LAN with nodeIP.validSubnets',
  fix: 'safe',
  docs: {
    summary: 'A Tailscale node without a kubelet node IP pin.',
    why: 'Kubelet takes the first routed address in sort order, and a 100.64.0.0/10 tailnet address sorts before 172.16/12 and 192.168/16 LAN addresses (after 10/8), so without validSubnets the node’s Kubernetes IP flips to the tailnet (T12).',
    invalid: `version: v1alpha1
machine:
  type: worker
  token: abc.def
  network:
    interfaces:
      - interface: eth0
        addresses: [192.168.1.21/24]
---
apiVersion: v1alpha1
kind: ExtensionServiceConfig
name: tailscale
environment:
  - TS_AUTHKEY=\${TS_AUTHKEY}
`,
    valid: `version: v1alpha1
machine:
  type: worker
  token: abc.def
  kubelet:
    nodeIP:
      validSubnets: [192.168.1.0/24]
---
apiVersion: v1alpha1
kind: ExtensionServiceConfig
name: tailscale
environment:
  - TS_AUTHKEY=\${TS_AUTHKEY}
`,
    exampleKind: 'machine-config',
  },
  check({ target, targets, report }) {
    if (!target.complete || target.partial || !usesTailscale(target, targets)) return
    if (kubeletValidSubnets(target.documents, target.talosVersion).lists.length > 0) return
    const order = lanOrder(target)
    if (order.safe) return
    const at = missingAt(target, 'KubeNodeConfig', ['nodeIP']) ??
      missingAt(target, 'v1alpha1', ['machine', 'kubelet', 'nodeIP']) ?? { source: target.source }
    const edits =
      order.lan.length > 0
        ? addSetting(target, ['machine', 'kubelet', 'nodeIP', 'validSubnets'], order.lan, {
            kind: 'KubeNodeConfig',
            path: ['nodeIP', 'validSubnets'],
            since: 14,
          })
        : undefined
    report({
      at,
      ...lanOrderMessage(order),
      ...(edits ? { edits } : {}),
    })
  },
})
