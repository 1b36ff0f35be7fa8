import { canonicalCidr, cidrsOverlap } from '../../core/net.ts'
import { boolFlagValue, lastFlag } from '../../tailscale/parse.ts'
import { podSubnets, serviceSubnets } from '../../talos/accessors.ts'
import { parseSubnetOrAddress, TAILNET_RANGES } from '../../talos/net.ts'
import { clusterKey } from '../facts/clusters.ts'
import { lanSubnets } from '../facts/node-ip.ts'
import { tailscaleIntent } from '../facts/tailscale-intent.ts'
import { CONFIG_KINDS, defineRule, type LintTarget, type Location } from '../rule.ts'
import { atFlag } from './util/esc.ts'

/** What this rule keeps of each target while its documents are at hand. */
interface RouteFacts {
  /** Where --accept-routes is turned on, if it is. */
  accept?: Location
  /** Subnet routes the target advertises (default routes and tailnet ranges left out). */
  routes: string[]
  /** The node's own networks: LAN (or its address), pod and service CIDRs. */
  own: Array<{ what: string; cidr: string }>
}

function routeFacts(target: LintTarget): RouteFacts {
  const intent = tailscaleIntent(target.documents)
  const extra = intent.services.find(service => service.extraArgs)?.extraArgs
  const flag = lastFlag(extra?.args, 'accept-routes')
  const routes = intent.routes
    .map(route => parseSubnetOrAddress(route.cidr))
    .filter(cidr => cidr !== undefined && cidr.bits > 0 && !TAILNET_RANGES.some(r => cidrsOverlap(r, cidr)))
    .map(cidr => canonicalCidr(cidr!))
  const facts: RouteFacts = { routes, own: [] }
  if (!extra || !flag || boolFlagValue(flag) !== true) return facts
  facts.accept = atFlag(extra.entry, flag)
  for (const cidr of lanSubnets(target)) facts.own.push({ what: 'LAN', cidr })
  // Defaults apply only to a whole node; a patch is judged on what it sets.
  const pods = podSubnets(target.documents, target.talosVersion)
  const services = serviceSubnets(target.documents, target.talosVersion)
  if (pods.at || target.complete)
    for (const cidr of pods.values) facts.own.push({ what: 'pod network', cidr })
  if (services.at || target.complete)
    for (const cidr of services.values) facts.own.push({ what: 'service network', cidr })
  return facts
}

export default defineRule<'own', RouteFacts>({
  code: 'TAL804',
  name: 'accept-routes-own-subnet',
  topic: 'routing',
  severity: 'warning',
  scope: 'project',
  kinds: CONFIG_KINDS,
  messages: {
    own: '--accept-routes makes this node install the subnet routes other nodes advertise, and {{route}} (advertised by {{by}}) covers its own {{what}} {{cidr}}: routing table 52 then sends the cluster’s own traffic for it into the tailnet',
  },
  fixTitle: 'Remove --accept-routes from nodes that sit inside the advertised subnets',
  fix: 'none',
  docs: {
    summary: 'A node accepts subnet routes that cover its own LAN, pod or service network.',
    why: "With --accept-routes, tailscale installs the routes other nodes advertise into routing table 52, which Linux consults before the main table; when a route covers the node's own LAN or the cluster's pod or service CIDR, traffic that should stay local (kubelet, etcd, pods) goes into the tailnet instead (T11). Nodes of the cluster that advertise those subnets do not need to accept them.",
    invalid: `clusterName: home
endpoint: https://192.168.1.10:6443
clusterPodNets: [10.244.0.0/16]
nodes:
  - hostname: cp-1
    ipAddress: 192.168.1.11
    controlPlane: true
  - hostname: cp-2
    ipAddress: 192.168.1.12
    controlPlane: true
controlPlane:
  extensionServices:
    - name: tailscale
      environment:
        - TS_AUTHKEY=\${TS_AUTHKEY}
        - TS_ROUTES=10.244.0.0/16
        - TS_EXTRA_ARGS=--accept-routes
`,
    valid: `clusterName: home
endpoint: https://192.168.1.10:6443
clusterPodNets: [10.244.0.0/16]
nodes:
  - hostname: cp-1
    ipAddress: 192.168.1.11
    controlPlane: true
  - hostname: cp-2
    ipAddress: 192.168.1.12
    controlPlane: true
controlPlane:
  extensionServices:
    - name: tailscale
      environment:
        - TS_AUTHKEY=\${TS_AUTHKEY}
        - TS_ROUTES=10.244.0.0/16
`,
    exampleKind: 'talhelper-node',
  },
  collect: ({ target }) => routeFacts(target),
  check({ targets, facts, report }) {
    const factsOf = (target: LintTarget) => facts?.get(target) ?? routeFacts(target)
    const byCluster = new Map<string, LintTarget[]>()
    for (const target of targets) {
      if (!CONFIG_KINDS.includes(target.kind)) continue
      const list = byCluster.get(clusterKey(target)) ?? []
      list.push(target)
      byCluster.set(clusterKey(target), list)
    }
    // A patch shared by several nodes is one place to fix: one finding there.
    const reported = new Set<string>()
    for (const nodes of byCluster.values()) {
      for (const node of nodes) {
        const mine = factsOf(node)
        if (!mine.accept) continue
        const place = `${mine.accept.source.path}\0${mine.accept.range?.[0] ?? mine.accept.node?.range?.[0]}`
        if (reported.has(place)) continue
        // Its own routes are never installed on the node itself: only the other nodes' routes count.
        let found: { route: string; by: LintTarget; what: string; cidr: string } | undefined
        for (const other of nodes) {
          if (other === node || found) continue
          for (const route of factsOf(other).routes) {
            const routeCidr = parseSubnetOrAddress(route)!
            const hit = mine.own.find(own => {
              const cidr = parseSubnetOrAddress(own.cidr)
              return cidr !== undefined && cidrsOverlap(routeCidr, cidr)
            })
            if (hit) {
              found = { route, by: other, ...hit }
              break
            }
          }
        }
        if (!found) continue
        reported.add(place)
        report({
          at: mine.accept,
          messageId: 'own',
          data: {
            route: found.route,
            by: found.by.hints.node ? `node "${found.by.hints.node}"` : `"${found.by.label}"`,
            what: found.what,
            cidr: found.cidr,
          },
        })
      }
    }
  },
})
