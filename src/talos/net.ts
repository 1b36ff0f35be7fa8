/**
 * Subnet lists the way Talos reads them: kubelet `validSubnets`, etcd `advertisedSubnets` /
 * `listenSubnets` and KubeSpan `filters.endpoints` all go through siderolabs/net `FilterIPs`, where
 * entries apply in order, `!CIDR` only removes what an earlier positive entry added, and a list of
 * only exclusions selects nothing. The address parsing itself is core's (`src/core/net.ts`).
 * @module
 */
import {
  type AddressInterval,
  type Cidr,
  cidrContains,
  type IpAddress,
  intervalOf,
  parseCidr,
  parseIp,
} from '../core/net.ts'

/** The range Tailscale assigns IPv4 tailnet addresses from (CGNAT space). */
export const TAILNET_IPV4 = '100.64.0.0/10'
/** The range Tailscale assigns IPv6 tailnet addresses from. */
export const TAILNET_IPV6 = 'fd7a:115c:a1e0::/48'

/** Both tailnet ranges, parsed. */
export const TAILNET_RANGES: readonly Cidr[] = [parseCidr(TAILNET_IPV4)!, parseCidr(TAILNET_IPV6)!]

/** Talos's default pod and service subnets (`v1alpha1_clusterconfig.go PodCIDRs()/ServiceCIDRs()`). */
export const DEFAULT_POD_SUBNETS = ['10.244.0.0/16'] as const
export const DEFAULT_SERVICE_SUBNETS = ['10.96.0.0/12'] as const

/** `ParseSubnetOrAddress`: a prefix, or a bare address read as a host prefix. */
export function parseSubnetOrAddress(text: string): Cidr | undefined {
  const trimmed = text.trim()
  const cidr = parseCidr(trimmed)
  if (cidr) return cidr
  const ip = parseIp(trimmed)
  return ip ? { family: ip.family, value: ip.value, bits: ip.family === 4 ? 32 : 128 } : undefined
}

/** One entry of a `FilterIPs` list. `cidr` is undefined when the text does not parse. */
export interface FilterEntry {
  text: string
  negated: boolean
  cidr: Cidr | undefined
}

/** Parses a subnet filter list; one leading `!` marks an exclusion, as Talos's validation strips it. */
export function parseFilter(list: readonly string[]): FilterEntry[] {
  return list.map(text => {
    const negated = text.startsWith('!')
    return { text, negated, cidr: parseSubnetOrAddress(negated ? text.slice(1) : text) }
  })
}

/**
 * Whether `FilterIPs` keeps `address`: the last entry that matches it decides (a positive adds it,
 * a negative removes it if present); no matching entry means it is not selected.
 */
export function filterSelects(entries: readonly FilterEntry[], address: IpAddress): boolean {
  let selected = false
  for (const entry of entries) {
    if (entry.cidr && cidrContains(entry.cidr, address)) selected = !entry.negated
  }
  return selected
}

/** True for a non-empty list made only of `!` exclusions: it selects nothing at all. */
export function onlyExclusions(entries: readonly FilterEntry[]): boolean {
  return entries.length > 0 && entries.every(entry => entry.negated)
}

/**
 * The parts of `range` that the filter selects, each paired with the positive entry that adds it.
 * Computed on intervals, so it is exact for any list (entries are processed last to first: the
 * last matching entry decides).
 */
export function selectedWithin(
  entries: readonly FilterEntry[],
  range: Cidr,
): Array<{ entry: FilterEntry; interval: AddressInterval }> {
  let remaining: AddressInterval[] = [intervalOf(range)]
  const result: Array<{ entry: FilterEntry; interval: AddressInterval }> = []
  for (let i = entries.length - 1; i >= 0 && remaining.length > 0; i--) {
    const entry = entries[i]!
    if (!entry.cidr || entry.cidr.family !== range.family) continue
    const cut = intervalOf(entry.cidr)
    const next: AddressInterval[] = []
    for (const part of remaining) {
      const low = maxOf(part.low, cut.low)
      const high = minOf(part.high, cut.high)
      if (low > high) {
        next.push(part)
        continue
      }
      if (!entry.negated) result.push({ entry, interval: { family: part.family, low, high } })
      if (part.low < low) next.push({ family: part.family, low: part.low, high: low - 1n })
      if (high < part.high) next.push({ family: part.family, low: high + 1n, high: part.high })
    }
    remaining = next
  }
  return result
}

// Math.max/min do not take bigints.
function maxOf(a: bigint, b: bigint): bigint {
  return a > b ? a : b
}

function minOf(a: bigint, b: bigint): bigint {
  return a < b ? a : b
}

/**
 * Where a LAN prefix sorts against the tailnet IPv4 range under Talos's address order (both sort
 * algorithms compare address bytes first for disjoint prefixes): `before` (10/8: the LAN address
 * still wins), `after` (172.16/12, 192.168/16: the tailnet address is picked first), or `overlap`.
 */
export function orderAgainstTailnet(lan: Cidr): 'before' | 'after' | 'overlap' | 'other-family' {
  if (lan.family !== 4) return 'other-family'
  const tail = intervalOf(TAILNET_RANGES[0]!)
  const own = intervalOf(lan)
  if (own.high < tail.low) return 'before'
  if (own.low > tail.high) return 'after'
  return 'overlap'
}

/** True when the address is a tailnet address of either family. */
export function isTailnetAddress(address: IpAddress): boolean {
  return TAILNET_RANGES.some(range => cidrContains(range, address))
}
