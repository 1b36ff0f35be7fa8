/**
 * Which address kubelet and etcd pick on a node that runs Tailscale (T12): where the node's LAN is,
 * whether that LAN sorts before the tailnet range (if not, the tailnet address wins), and the
 * subnet pins (kubelet `validSubnets`, etcd `advertisedSubnets`/`listenSubnets`) that decide. The
 * node IP rules (TAL60x) and the subnet-route rules read the LAN from here, so they agree on it.
 * @module
 */
import { type Cidr, canonicalCidr, cidrsOverlap, parseCidr } from '../../core/net.ts'
import {
  clusterEndpoint,
  endpointHost,
  etcdAdvertisedSubnets,
  etcdListenSubnets,
  kubeletValidSubnets,
  type ListSetting,
  staticAddresses,
} from '../../talos/accessors.ts'
import {
  isTailnetAddress,
  orderAgainstTailnet,
  parseSubnetOrAddress,
  TAILNET_RANGES,
} from '../../talos/net.ts'
import type { LintTarget } from '../rule.ts'

/**
 * The LAN subnets of a node: hints (intent, talhelper) first, else its static interface addresses,
 * else the specific subnets its other pin already names (kubelet pinned to 192.168.1.0/24 tells
 * where etcd belongs too).
 */
export function lanSubnets(target: LintTarget): string[] {
  const fromHints = (target.hints.lanSubnets ?? []).filter(text => parseSubnetOrAddress(text))
  if (fromHints.length > 0) return fromHints
  const result: string[] = []
  const add = (cidr: Cidr | undefined) => {
    if (!cidr || cidr.bits === 0 || TAILNET_RANGES.some(range => cidrsOverlap(range, cidr))) return
    const network = canonicalCidr(cidr)
    if (!result.includes(network)) result.push(network)
  }
  for (const address of staticAddresses(target.documents)) {
    const cidr = parseCidr(address.value.trim())
    if (cidr && !isTailnetAddress(cidr)) add(cidr)
  }
  if (result.length > 0) return result
  const pins = [
    ...kubeletValidSubnets(target.documents, target.talosVersion).entries,
    ...etcdAdvertisedSubnets(target.documents).entries,
  ]
  for (const pin of pins) if (!pin.value.startsWith('!')) add(parseSubnetOrAddress(pin.value))
  return result
}

/** A subnet list that decides which address kubelet or etcd uses (T12). */
export interface PinSetting {
  /** How the setting is named in messages. */
  label: string
  /** Who picks an address with it. */
  who: 'kubelet' | 'etcd'
  list: ListSetting
}

/** kubelet `validSubnets`, etcd `advertisedSubnets` and `listenSubnets` of a target (those set). */
export function nodeIpPins(target: LintTarget): PinSetting[] {
  const pins: PinSetting[] = [
    {
      label: 'kubelet nodeIP.validSubnets',
      who: 'kubelet',
      list: kubeletValidSubnets(target.documents, target.talosVersion),
    },
    { label: 'etcd advertisedSubnets', who: 'etcd', list: etcdAdvertisedSubnets(target.documents) },
    { label: 'etcd listenSubnets', who: 'etcd', list: etcdListenSubnets(target.documents) },
  ]
  return pins.filter(pin => pin.list.lists.length > 0)
}

/** What is known about where the node's LAN sorts against the tailnet range (T12). */
export interface LanOrder {
  /** LAN subnets as known (hints or static addresses). */
  lan: string[]
  /** The IPv4 LAN subnets that sort after (or overlap) 100.64.0.0/10, so the tailnet address wins. */
  affected: string[]
  /** True when the LAN is known and none of it is affected (a 10/8 LAN keeps its address). */
  safe: boolean
}

const lanOrders = new WeakMap<LintTarget, LanOrder>()

export function lanOrder(target: LintTarget): LanOrder {
  const cached = lanOrders.get(target)
  if (cached) return cached
  const order = computeLanOrder(target)
  lanOrders.set(target, order)
  return order
}

function computeLanOrder(target: LintTarget): LanOrder {
  const lan = lanSubnets(target)
  const v4 = lan.map(text => parseSubnetOrAddress(text)).filter(cidr => cidr?.family === 4)
  const affected = lan.filter(text => {
    const cidr = parseSubnetOrAddress(text)
    return cidr?.family === 4 && orderAgainstTailnet(cidr) !== 'before'
  })
  if (lan.length === 0) {
    // No LAN in view (DHCP, as `talosctl gen config` leaves it): the cluster endpoint, when it is an
    // IPv4 address, is a VIP or a control plane's address on the LAN in real clusters. One in 10.0.0.0/8
    // sorts before the tailnet, so kubelet and etcd keep their LAN address.
    const endpoint = clusterEndpoint(target.documents, target.talosVersion)
    const host = endpoint ? endpointHost(endpoint.value) : undefined
    const cidr = host ? parseSubnetOrAddress(host) : undefined
    if (cidr?.family === 4 && !isTailnetAddress(cidr) && orderAgainstTailnet(cidr) === 'before')
      return { lan, affected, safe: true }
  }
  return { lan, affected, safe: v4.length > 0 && affected.length === 0 }
}
