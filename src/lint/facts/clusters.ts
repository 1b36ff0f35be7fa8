/**
 * Which targets belong together: the cluster a target belongs to, its cluster mates, and the
 * documents a patch is judged with (its own plus those of the other patches of its cluster). A
 * patch alone says little; rules that judge it as part of its cluster ask here, and the grouping is
 * done once per target list.
 * @module
 */
import { dirname } from 'node:path'
import type { TalosDocument } from '../../talos/documents.ts'
import type { LintTarget } from '../rule.ts'

/** The cluster a target belongs to: talhelper/intent cluster name, else its directory. */
export function clusterKey(target: LintTarget): string {
  return target.cluster ?? dirname(target.source.path)
}

const clusterCache = new WeakMap<readonly LintTarget[], Map<string, LintTarget[]>>()

/** Targets of the same cluster (the target itself included). Grouped once per target list. */
export function sameCluster(target: LintTarget, targets: readonly LintTarget[]): LintTarget[] {
  let groups = clusterCache.get(targets)
  if (!groups) {
    groups = new Map()
    for (const other of targets) {
      const key = clusterKey(other)
      const group = groups.get(key)
      if (group) group.push(other)
      else groups.set(key, [other])
    }
    clusterCache.set(targets, groups)
  }
  return groups.get(clusterKey(target)) ?? [target]
}

/**
 * The documents a partial target is judged with: its own, plus those of the other partial targets
 * of its cluster (patches applied together). A whole node stands on its own.
 */
export function judgedDocuments(target: LintTarget, targets: readonly LintTarget[]): TalosDocument[][] {
  if (target.complete) return [target.documents]
  return [
    target.documents,
    ...sameCluster(target, targets)
      .filter(other => other !== target && !other.complete && other.kind !== 'schematic')
      .map(other => other.documents),
  ]
}

/** Nodes compared with each other: one cluster, one role. */
export interface RoleGroup<F> {
  cluster: string
  role: LintTarget['role']
  members: Array<{ target: LintTarget; fact: F }>
}

/**
 * Groups targets by cluster and role, in target order, keeping those `factOf` has a fact for.
 * Cross-node rules compare within a role: control planes with Tailscale and workers without can be
 * a design (the hybrid layout), so a role is judged against itself or against the other role whole.
 */
export function groupByClusterRole<F>(
  targets: readonly LintTarget[],
  factOf: (target: LintTarget) => F | undefined,
): RoleGroup<F>[] {
  const groups = new Map<string, RoleGroup<F>>()
  for (const target of targets) {
    const fact = factOf(target)
    if (fact === undefined) continue
    const cluster = clusterKey(target)
    const key = `${cluster}\0${target.role ?? 'node'}`
    let group = groups.get(key)
    if (!group) {
      group = { cluster, role: target.role, members: [] }
      groups.set(key, group)
    }
    group.members.push({ target, fact })
  }
  return [...groups.values()]
}

/** A role as messages say it: `control-plane`, `worker`, or `node` when unknown. */
export function roleName(role: LintTarget['role']): string {
  return role === 'controlplane' ? 'control-plane' : (role ?? 'node')
}
