/**
 * Whether a target runs Tailscale: it configures the `tailscale` extension service, or its image
 * carries the extension; and, for a lone patch, whether its cluster does. Most Tailscale-on-Talos
 * rules stay silent on nodes that do not run Tailscale, so this answer is cached per target, and
 * kept (settled) after a whole node's documents are dropped.
 * @module
 */
import { TAILSCALE_EXTENSION } from '../../factory/index.ts'
import { tailscaleServices } from '../../tailscale/parse.ts'
import { installExtensions } from '../../talos/accessors.ts'
import type { LintTarget } from '../rule.ts'
import { sameCluster } from './clusters.ts'
import { forgetNodeSchematic, hasTailscaleExtension } from './schematics.ts'

/** True when the target holds an ExtensionServiceConfig named `tailscale`. */
export function hasTailscaleService(target: LintTarget): boolean {
  return tailscaleServices(target.documents).length > 0
}

/**
 * Whether the target is meant to run Tailscale: it configures the `tailscale` extension service,
 * its schematic carries the extension, or it still lists the extension the pre-1.10 way.
 */
export function usesTailscale(target: LintTarget, targets: readonly LintTarget[] = []): boolean {
  const settled = settledUses.get(target)
  if (settled !== undefined) return settled
  const cached = usesCache.get(target)
  if (cached?.targets === targets) return cached.value
  const value = computeUsesTailscale(target, targets)
  usesCache.set(target, { targets, value })
  return value
}

const usesCache = new WeakMap<LintTarget, { targets: readonly LintTarget[]; value: boolean }>()
const settledUses = new WeakMap<LintTarget, boolean>()

/**
 * Called before a whole node's documents are dropped (`lintSources` does, once its rules have run):
 * keeps what other targets still ask of it (whether it uses Tailscale, for the patches of its
 * cluster) and forgets the cached facts that hold its documents (a `Located` holds its document).
 * A whole node's answers depend only on itself and the schematic files, so `targets` must hold
 * every schematic target of the run.
 */
export function settleTarget(target: LintTarget, targets: readonly LintTarget[]): void {
  settledUses.set(target, usesTailscale(target, targets))
  forgetNodeSchematic(target)
  usesCache.delete(target)
}

function computeUsesTailscale(target: LintTarget, targets: readonly LintTarget[]): boolean {
  if (hasTailscaleService(target)) return true
  if (target.schematic?.extensions?.includes(TAILSCALE_EXTENSION)) return true
  if (installExtensions(target.documents).some(entry => /(^|\/)tailscale(:|@|$)/.test(entry.value)))
    return true
  return hasTailscaleExtension(target, targets) === true
}

/**
 * Whether Tailscale is in play for this target: the target itself, or (for a lone patch, which is
 * judged on what it contains) any target of its cluster.
 */
export function tailscaleInPlay(target: LintTarget, targets: readonly LintTarget[]): boolean {
  if (usesTailscale(target, targets)) return true
  if (target.complete) return false
  return clusterUsesTailscale(target, targets)
}

const clusterTailscale = new WeakMap<LintTarget[], boolean>()

function clusterUsesTailscale(target: LintTarget, targets: readonly LintTarget[]): boolean {
  const group = sameCluster(target, targets)
  let uses = clusterTailscale.get(group)
  if (uses === undefined) {
    uses = group.some(other => usesTailscale(other, targets))
    clusterTailscale.set(group, uses)
  }
  return uses
}
