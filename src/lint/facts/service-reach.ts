/**
 * Which nodes the tailscale ExtensionServiceConfig reaches without the extension to run it, and
 * which of them form the hybrid layout: a role none of whose nodes has siderolabs/tailscale while
 * another role of the cluster has it (extension on the control planes for out-of-band talosctl, the
 * Tailscale Kubernetes operator for apps), the config reaching them through a patch all nodes
 * share. TAL101 reports the others as errors, TAL109 the hybrid ones as warnings: both read the
 * split from here, so a node is reported by exactly one of them.
 * @module
 */
import type { Node } from 'yaml'
import type { SourceFile } from '../../core/source.ts'
import { TAILSCALE_EXTENSION } from '../../factory/index.ts'
import { tailscaleServices } from '../../tailscale/parse.ts'
import { scalarAt } from '../../talos/accessors.ts'
import type { LintTarget, Location } from '../rule.ts'
import { groupByClusterRole } from './clusters.ts'
import { extensionlessInstall, nodeSchematic } from './schematics.ts'

/**
 * What TAL101 and TAL109 keep of a node while its documents are at hand: no `Located`, which would
 * keep its documents.
 */
export interface ServiceReach {
  /** Where the tailscale ExtensionServiceConfig is named; undefined when the node has none. */
  service: Location | undefined
  /** The install image carries no extension at all: TAL102's finding, not TAL101's. */
  extensionless: boolean
  /** Official extensions of the node's schematic; undefined when they cannot be told. */
  extensions: readonly string[] | undefined
  id: string | undefined
  /** Where the schematic or install image stands. */
  source: SourceFile
  node: Node | undefined
}

/** The collect step of TAL101 and TAL109. */
export function serviceReach(target: LintTarget, targets: readonly LintTarget[]): ServiceReach {
  const services = tailscaleServices(target.documents)
  const first = services[0]
  const { extensions, id, source, node } = nodeSchematic(target, targets)
  return {
    service: first
      ? { source: first.doc.source.source, node: scalarAt(first.doc, ['name'])?.node ?? null }
      : undefined,
    extensionless: services.length > 0 && extensionlessInstall(target) !== undefined,
    extensions,
    id,
    source,
    node,
  }
}

/** A node whose tailscale service config has no extension to run it. */
export interface Unserved {
  target: LintTarget
  reach: ServiceReach
  /** Where findings about it point: the schematic or image, else the service config. */
  at: Location
}

/** The nodes of one role that form the hybrid layout. */
export interface HybridRole {
  cluster: string
  role: LintTarget['role']
  /** The nodes of the role the service config reaches, in target order. */
  nodes: Unserved[]
  /** The other role, whose nodes have the extension. */
  other: LintTarget['role']
  /** How many nodes of the other role have the extension, and where one of their schematics stands. */
  otherCount: number
  otherAt: Location
}

/**
 * Splits the nodes whose tailscale service config has no extension: `lone` are TAL101's (a node
 * among others that have it, a cluster where none has it, a node whose role cannot be told),
 * `hybrid` TAL109's. A role counts as without the extension only when every one of its whole nodes
 * can be told to lack it; one node that cannot be told keeps the error.
 */
export function unservedServices(
  targets: readonly LintTarget[],
  reachOf: (target: LintTarget) => ServiceReach | undefined,
): { lone: Unserved[]; hybrid: HybridRole[] } {
  const unserved = new Map<LintTarget, Unserved>()
  for (const target of targets) {
    const reach = reachOf(target)
    if (!reach?.service || reach.extensionless || !reach.extensions) continue
    if (reach.extensions.includes(TAILSCALE_EXTENSION)) continue
    const at: Location = reach.node ? { source: reach.source, node: reach.node } : reach.service
    unserved.set(target, { target, reach, at })
  }
  const hybrid: HybridRole[] = []
  if (unserved.size > 0) {
    const groups = groupByClusterRole(targets, target =>
      target.complete && target.role ? reachOf(target) : undefined,
    )
    const has = (reach: ServiceReach) => reach.extensions?.includes(TAILSCALE_EXTENSION) === true
    for (const group of groups) {
      if (!group.members.every(({ fact }) => fact.extensions && !has(fact))) continue
      const nodes = group.members.flatMap(({ target }) => unserved.get(target) ?? [])
      if (nodes.length === 0) continue
      const other = groups.find(
        candidate =>
          candidate.cluster === group.cluster &&
          candidate.role !== group.role &&
          candidate.members.some(({ fact }) => has(fact)),
      )
      if (!other) continue
      const served = other.members.filter(({ fact }) => has(fact))
      const example = served[0]!.fact
      hybrid.push({
        cluster: group.cluster,
        role: group.role,
        nodes,
        other: other.role,
        otherCount: served.length,
        otherAt: { source: example.source, node: example.node ?? null },
      })
      for (const node of nodes) unserved.delete(node.target)
    }
  }
  return { lone: [...unserved.values()], hybrid }
}
