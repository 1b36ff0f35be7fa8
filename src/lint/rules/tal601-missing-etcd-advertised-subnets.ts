import { etcdAdvertisedSubnets } from '../../talos/accessors.ts'
import { TAILNET_IPV4 } from '../../talos/net.ts'
import { addSetting } from '../facts/edits.ts'
import { lanOrder } from '../facts/node-ip.ts'
import { usesTailscale } from '../facts/tailscale-use.ts'
import { missingAt } from '../locations.ts'
import { CONFIG_KINDS, defineRule } from '../rule.ts'
import { lanOrderMessage } from './util/node-ip.ts'

export default defineRule({
  code: 'TAL601',
  name: 'missing-etcd-advertised-subnets',
  topic: 'node-ip',
  severity: 'error',
  scope: 'target',
  kinds: CONFIG_KINDS,
  messages: {
    affected: `control plane without etcd advertisedSubnets: the tailnet address (${TAILNET_IPV4}) sorts before the LAN {{lan}}, so once tailscale0 is up etcd advertises its tailnet IP to its peers`,
    unknown: `control plane without etcd advertisedSubnets: on a LAN in 172.16.0.0/12 or 192.168.0.0/16, which sort after the tailnet range ${TAILNET_IPV4}, etcd advertises its tailnet IP once tailscale0 is up (10.0.0.0/8 sorts before it and keeps its address)`,
  },
  fixTitle: 'Pin etcd to the LAN with cluster.etcd.advertisedSubnets',
  fix: 'safe',
  docs: {
    summary: 'A Tailscale control plane without etcd advertisedSubnets.',
    why: 'Without advertisedSubnets etcd advertises the first routed address in sort order, and a 100.64.0.0/10 tailnet address sorts before 172.16/12 and 192.168/16 LAN addresses, so peers are told to reach etcd over the tailnet (T12).',
    invalid: `version: v1alpha1
machine:
  type: controlplane
  token: abc.def
  network:
    interfaces:
      - interface: eth0
        addresses: [192.168.1.11/24]
cluster:
  etcd:
    image: registry.k8s.io/etcd:v3.6.4
---
apiVersion: v1alpha1
kind: ExtensionServiceConfig
name: tailscale
environment:
  - TS_AUTHKEY=\${TS_AUTHKEY}
`,
    valid: `version: v1alpha1
machine:
  type: controlplane
  token: abc.def
cluster:
  etcd:
    advertisedSubnets: [192.168.1.0/24]
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
    if (
      !target.complete ||
      target.partial ||
      target.role !== 'controlplane' ||
      !usesTailscale(target, targets)
    )
      return
    if (etcdAdvertisedSubnets(target.documents).lists.length > 0) return
    const order = lanOrder(target)
    if (order.safe) return
    const at = missingAt(target, 'v1alpha1', ['cluster', 'etcd', 'advertisedSubnets']) ?? {
      source: target.source,
    }
    const edits =
      order.lan.length > 0
        ? addSetting(target, ['cluster', 'etcd', 'advertisedSubnets'], order.lan)
        : undefined
    report({
      at,
      ...lanOrderMessage(order),
      ...(edits ? { edits } : {}),
    })
  },
})
