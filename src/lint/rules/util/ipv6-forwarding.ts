/**
 * Shared by TAL801 and TAL803: the IPv6 routes a node advertises, whether `net.ipv6.conf.all.forwarding`
 * is on for it, and the edit that turns it on (Talos sets only `conf.default.forwarding`, T11).
 * @module
 */
import type { TextEdit } from '../../../core/finding.ts'
import { sysctls } from '../../../talos/accessors.ts'
import { parseSubnetOrAddress } from '../../../talos/net.ts'
import { judgedDocuments } from '../../facts/clusters.ts'
import { addSetting } from '../../facts/edits.ts'
import type { AdvertisedRoute } from '../../facts/tailscale-intent.ts'
import type { LintTarget } from '../../rule.ts'
import { replaceScalar } from '../../yaml-edits.ts'

export const IPV6_FORWARDING = 'net.ipv6.conf.all.forwarding'

/** Undefined when forwarding is on; else how it stands (`"0"` or `not set`) and the fix. */
export function ipv6ForwardingOff(
  target: LintTarget,
  targets: readonly LintTarget[],
): { current: string; edits?: TextEdit[] } | undefined {
  let current: ReturnType<ReturnType<typeof sysctls>['get']>
  for (const docs of judgedDocuments(target, targets)) {
    const found = sysctls(docs, target.talosVersion).get(IPV6_FORWARDING)
    if (found?.value.trim() === '1') return undefined
    current ??= found
  }
  const edits = current
    ? replaceScalar(current.doc, current.node, '"1"')
    : addSetting(target, ['machine', 'sysctls', IPV6_FORWARDING], '1', {
        kind: 'SysctlConfig',
        path: ['params', IPV6_FORWARDING],
        since: 14,
      })
  return { current: current ? `"${current.value}"` : 'not set', ...(edits ? { edits } : {}) }
}

/** The IPv6 routes among `routes`: those from `--advertise-routes` when `fromFlag`, else those from TS_ROUTES. */
export function ipv6Routes(routes: readonly AdvertisedRoute[], fromFlag: boolean): AdvertisedRoute[] {
  return routes.filter(
    route => (route.flag !== undefined) === fromFlag && parseSubnetOrAddress(route.cidr)?.family === 6,
  )
}
