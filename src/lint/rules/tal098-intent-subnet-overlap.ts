import { type Cidr, canonicalCidr, cidrsOverlap, parseCidr } from '../../core/net.ts'
import { TAILNET_RANGES } from '../../talos/net.ts'
import { defineRule } from '../rule.ts'
import { intentFile } from './util/intent.ts'

const SUBNET_KEYS = ['lanSubnets', 'podSubnets', 'serviceSubnets'] as const

export default defineRule({
  code: 'TAL098',
  name: 'intent-subnet-overlap',
  topic: 'routing',
  severity: 'error',
  scope: 'target',
  kinds: ['intent'],
  messages: {
    clash:
      '{{path}} {{cidr}} overlaps {{otherPath}} {{other}}: addresses in the overlap are routed to two places',
    tailnet:
      '{{path}} {{cidr}} overlaps the tailnet range {{other}}: tailnet peers use those addresses, so traffic to the overlap is routed ambiguously',
  },
  fixTitle: 'Choose non-overlapping LAN, pod and service subnets outside the tailnet ranges',
  fix: 'none',
  docs: {
    summary:
      'Finds LAN, pod, service and route subnets that overlap each other or the tailnet address ranges.',
    why: 'Kubernetes needs pod, service and node networks to be disjoint, and Tailscale gives its nodes addresses from 100.64.0.0/10 and fd7a:115c:a1e0::/48, so a cluster subnet inside those ranges collides with tailnet routes; the kubelet and etcd pins (T12) also assume the LAN is distinct.',
    invalid: `version: 1
cluster:
  name: home
  endpoint: https://10.0.0.10:6443
  lanSubnets: [10.0.0.0/16]
  podSubnets: [10.0.0.0/8]
tailscale:
  auth:
    authKey: { env: TS_AUTHKEY }
nodes:
  - { hostname: cp-1, role: controlplane, address: 10.0.0.11 }
`,
    valid: `version: 1
cluster:
  name: home
  endpoint: https://192.168.1.10:6443
  lanSubnets: [192.168.1.0/24]
tailscale:
  auth:
    authKey: { env: TS_AUTHKEY }
nodes:
  - { hostname: cp-1, role: controlplane, address: 192.168.1.11 }
`,
    exampleKind: 'intent',
  },
  check(context) {
    const file = intentFile(context.target)
    if (!file) return
    const { intent, doc } = file
    const entries: Array<{ path: string; at: Array<string | number>; text: string; cidr: Cidr }> = []
    for (const key of SUBNET_KEYS) {
      intent.cluster[key].forEach((text, index) => {
        const cidr = parseCidr(text)
        if (cidr) entries.push({ path: `cluster.${key}`, at: ['cluster', key, index], text, cidr })
      })
    }
    const routes: typeof entries = []
    intent.nodes.forEach((node, nodeIndex) => {
      node.subnetRouter?.routes.forEach((route, index) => {
        const cidr = parseCidr(route)
        if (cidr)
          routes.push({
            path: `nodes[${nodeIndex}].subnetRouter.routes`,
            at: ['nodes', nodeIndex, 'subnetRouter', 'routes', index],
            text: route,
            cidr,
          })
      })
    })
    const report = (
      entry: (typeof entries)[number],
      messageId: 'clash' | 'tailnet',
      otherPath: string,
      other: string,
    ) =>
      context.report({
        at: file.at(entry.at),
        messageId,
        data: { path: entry.path, cidr: entry.text, otherPath, other },
      })
    // Cluster subnets against each other, each pair once, reported where the user wrote one of
    // them (a default like serviceSubnets has no place in the file).
    const written = (entry: (typeof entries)[number]) => doc.hasIn(entry.at)
    entries.forEach((entry, i) => {
      for (const earlier of entries.slice(0, i)) {
        if (earlier.path === entry.path || !cidrsOverlap(earlier.cidr, entry.cidr)) continue
        if (written(entry)) report(entry, 'clash', earlier.path, earlier.text)
        else report(earlier, 'clash', entry.path, entry.text)
        break
      }
    })
    for (const entry of [...entries, ...routes]) {
      const range = TAILNET_RANGES.find(cidr => cidrsOverlap(cidr, entry.cidr))
      if (range) report(entry, 'tailnet', 'tailnet', canonicalCidr(range))
    }
  },
})
