/**
 * The cluster's network topology as plain data: which nodes run Tailscale, which routes each one
 * advertises, which tailnet policy entry approves each route, and the networks around them. Built
 * from a bundle plan, so the picture shows exactly what `generate` writes. Pure.
 * @module
 */
import type { Plan } from '../generate/plan.ts'
import type { Policy } from '../tailscale/policy.ts'

/** Who or what approves one advertised route or exit node. */
export interface Approval {
  /** The policy entry, e.g. `autoApprovers.routes["10.244.0.0/16"]`, or undefined when nothing does. */
  entry?: string
  /** The principals the entry names (tags), in policy order. */
  approvers: string[]
}

/** One advertised route of one node. */
export interface RouteEdge {
  cidr: string
  /** What the route is: a cluster network name or a plain CIDR. */
  label: 'pods' | 'services' | 'lan' | 'cidr'
  approval: Approval
}

/** One node as the picture shows it. */
export interface TopologyNode {
  hostname: string
  role: 'controlplane' | 'worker'
  address: string
  /** The tailnet hostname (with the MagicDNS suffix when known), or undefined without Tailscale. */
  tailnetName?: string
  routes: RouteEdge[]
  exitNode?: Approval
}

/** Everything the topology picture and the Mermaid block draw. */
export interface Topology {
  cluster: string
  talosVersion: string
  lanSubnets: string[]
  podSubnets: string[]
  serviceSubnets: string[]
  /** The tailnet's DNS name, when the intent gives it. */
  tailnetDomain?: string
  tags: string[]
  kubespan: boolean
  firewall: 'allow' | 'block'
  nodes: TopologyNode[]
}

/** Builds the topology from a plan and the policy generated for it. */
export function buildTopology(plan: Plan, policy: Policy, talosVersion: string): Topology {
  const { intent } = plan
  const routeApprovers = policy.autoApprovers?.routes ?? {}
  const exitApprovers = policy.autoApprovers?.exitNode
  const nodes = plan.nodes.map((node): TopologyNode => {
    const out: TopologyNode = {
      hostname: node.node.hostname,
      role: node.node.role,
      address: node.node.address,
      routes: [],
    }
    if (node.tailscale === undefined) return out
    out.tailnetName = node.tailscale.magicDnsName ?? node.tailscale.env.hostname
    out.routes = node.tailscale.env.routes.map(cidr => ({
      cidr,
      label: routeLabel(plan, cidr),
      approval:
        routeApprovers[cidr] === undefined
          ? { approvers: [] }
          : { entry: `autoApprovers.routes["${cidr}"]`, approvers: [...routeApprovers[cidr]] },
    }))
    if (node.tailscale.env.exitNode) {
      out.exitNode =
        exitApprovers === undefined
          ? { approvers: [] }
          : { entry: 'autoApprovers.exitNode', approvers: [...exitApprovers] }
    }
    return out
  })
  const topology: Topology = {
    cluster: intent.cluster.name,
    talosVersion,
    lanSubnets: [...intent.cluster.lanSubnets],
    podSubnets: [...intent.cluster.podSubnets],
    serviceSubnets: [...intent.cluster.serviceSubnets],
    tags: [...intent.tailscale.tags],
    kubespan: intent.cluster.kubespan,
    firewall: intent.cluster.firewall,
    nodes,
  }
  if (intent.tailscale.tailnetDomain !== undefined) topology.tailnetDomain = intent.tailscale.tailnetDomain
  return topology
}

function routeLabel(plan: Plan, cidr: string): RouteEdge['label'] {
  const { cluster } = plan.intent
  if (cluster.podSubnets.includes(cidr)) return 'pods'
  if (cluster.serviceSubnets.includes(cidr)) return 'services'
  if (cluster.lanSubnets.includes(cidr)) return 'lan'
  return 'cidr'
}

/** One sentence per fact, in a fixed order: the text alternative of the picture. */
export function describeTopology(topology: Topology): string[] {
  const lines: string[] = []
  const tailnet = topology.tailnetDomain ?? 'the tailnet'
  const onTailnet = topology.nodes.filter(node => node.tailnetName !== undefined)
  lines.push(
    `Talos cluster ${topology.cluster} (${topology.talosVersion}): ${count(topology.nodes.length, 'node')} on LAN ${topology.lanSubnets.join(', ')}, ${count(onTailnet.length, 'node')} on ${tailnet}${topology.tags.length > 0 ? ` tagged ${topology.tags.join(', ')}` : ' without tags'}.`,
  )
  for (const node of topology.nodes) {
    const parts = [`${node.hostname} (${node.role}, ${node.address})`]
    parts.push(node.tailnetName === undefined ? 'does not run Tailscale' : `is ${node.tailnetName}`)
    for (const route of node.routes) {
      parts.push(
        `advertises ${route.cidr}${route.label === 'cidr' ? '' : ` (${route.label})`}, ${approvedBy(route.approval)}`,
      )
    }
    if (node.exitNode) parts.push(`is an exit node, ${approvedBy(node.exitNode)}`)
    lines.push(`${parts.join('; ')}.`)
  }
  if (topology.kubespan)
    lines.push('KubeSpan meshes the nodes over WireGuard (UDP 51820), apart from the tailnet.')
  lines.push(`Ingress firewall: ${topology.firewall === 'block' ? 'block by default' : 'allow'}.`)
  return lines
}

/** "approved by autoApprovers.routes[...] (tag:a)" or "needs approval in the admin console". */
export function approvedBy(approval: Approval): string {
  return approval.entry === undefined
    ? 'needs approval in the admin console'
    : `approved by ${approval.entry} (${approval.approvers.join(', ')})`
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`
}
