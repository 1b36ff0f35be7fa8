/**
 * IP addresses and CIDR prefixes with Go `net/netip` parsing rules (no leading zeros, no zones,
 * no `::` that stands for nothing), parsed to big integers so that containment, overlap and
 * canonical form (host bits zero, RFC 5952 text) are exact. Shared by the intent loader, the
 * Talos subnet filters and the Tailscale route checks; the domain rules on top live there.
 * @module
 */
import { isIPv4 } from 'node:net'

/** A parsed address: family and value as an unsigned integer (32 or 128 bits). */
export interface IpAddress {
  family: 4 | 6
  value: bigint
}

/** A parsed prefix such as `192.168.1.0/24`. */
export interface Cidr {
  family: 4 | 6
  /** The address as written, host bits included. */
  value: bigint
  bits: number
}

/** Parses an IPv4 or IPv6 address (no zone, no prefix); undefined when it is not one. */
export function parseIp(text: string): IpAddress | undefined {
  if (isIPv4(text)) {
    const parts = text.split('.')
    // Node accepts leading zeros nowhere, but be explicit: `010` reads as octal in some tools.
    if (parts.some(part => part.length > 1 && part.startsWith('0'))) return undefined
    return { family: 4, value: parts.reduce((acc, part) => (acc << 8n) | BigInt(Number(part)), 0n) }
  }
  if (isIpv6Address(text)) return { family: 6, value: parseIpv6(text) }
  return undefined
}

/**
 * Node's `isIPv6` without a zone (`%eth0`), checked by hand: the first call of `isIPv6` compiles a
 * large regular expression, about 10 ms of every `check` start-up. Same grammar: 8 groups of 1-4 hex
 * digits, one `::` standing for at least one zero group, and a dotted IPv4 tail worth two groups.
 */
export function isIpv6Address(text: string): boolean {
  if (text.length < 2 || text.length > 45) return false
  const lastColon = text.lastIndexOf(':')
  if (lastColon < 0) return false
  let head = text
  const tail = text.slice(lastColon + 1)
  if (tail.includes('.')) {
    if (!isIPv4(tail)) return false
    head = `${text.slice(0, lastColon + 1)}0:0`
  }
  const halves = head.split('::')
  if (halves.length > 2) return false
  const groups = (half: string) => (half === '' ? [] : half.split(':'))
  const all = halves.flatMap(groups)
  if (!all.every(group => /^[0-9a-fA-F]{1,4}$/.test(group))) return false
  return halves.length === 2 ? all.length <= 7 : all.length === 8
}

function parseIpv6(text: string): bigint {
  let head = text
  const embedded = /(\d+\.\d+\.\d+\.\d+)$/.exec(text)
  if (embedded) {
    const v4 = parseIp(embedded[1]!)!.value
    const tail = `${((v4 >> 16n) & 0xffffn).toString(16)}:${(v4 & 0xffffn).toString(16)}`
    head = `${text.slice(0, -embedded[1]!.length)}${tail}`
  }
  const [left, right] = head.includes('::') ? head.split('::') : [head, undefined]
  const leftGroups = left ? left.split(':').filter(g => g !== '') : []
  const rightGroups = right ? right.split(':').filter(g => g !== '') : []
  const missing = 8 - leftGroups.length - rightGroups.length
  const groups =
    right === undefined ? leftGroups : [...leftGroups, ...Array(missing).fill('0'), ...rightGroups]
  return groups.reduce((acc, group) => (acc << 16n) | BigInt(Number.parseInt(group, 16)), 0n)
}

/** Parses `ADDRESS/BITS`; undefined when the text is not a prefix of either family. */
export function parseCidr(text: string): Cidr | undefined {
  const slash = text.indexOf('/')
  if (slash === -1) return undefined
  const address = parseIp(text.slice(0, slash))
  const bitsText = text.slice(slash + 1)
  if (!address || !/^(0|[1-9]\d{0,2})$/.test(bitsText)) return undefined
  const bits = Number(bitsText)
  if (bits > (address.family === 4 ? 32 : 128)) return undefined
  return { family: address.family, value: address.value, bits }
}

function width(family: 4 | 6): bigint {
  return family === 4 ? 32n : 128n
}

function hostMask(cidr: Pick<Cidr, 'family' | 'bits'>): bigint {
  return (1n << (width(cidr.family) - BigInt(cidr.bits))) - 1n
}

/** The prefix with its host bits cleared (Go's `Prefix.Masked`). */
export function maskCidr(cidr: Cidr): Cidr {
  return { family: cidr.family, value: cidr.value & ~hostMask(cidr), bits: cidr.bits }
}

/** True when the prefix has no host bits set (`10.0.0.0/8`, not `10.0.0.1/8`). */
export function isMaskedCidr(cidr: Cidr): boolean {
  return (cidr.value & hostMask(cidr)) === 0n
}

/** The prefix as written, in canonical address text, host bits kept (`10.0.0.1/8`). */
export function formatCidr(cidr: Cidr): string {
  return `${formatIp(cidr)}/${cidr.bits}`
}

/** The prefix with host bits cleared, in canonical text (`192.168.1.0/24`, `fd00::/8`). */
export function canonicalCidr(cidr: Cidr): string {
  return formatCidr(maskCidr(cidr))
}

/** Canonical text of an address: dotted quad, or RFC 5952 (lower case, longest zero run as `::`). */
export function formatIp(address: IpAddress): string {
  if (address.family === 4) {
    return [24n, 16n, 8n, 0n].map(shift => String((address.value >> shift) & 0xffn)).join('.')
  }
  const groups: number[] = []
  for (let i = 7; i >= 0; i--) groups.push(Number((address.value >> BigInt(i * 16)) & 0xffffn))
  let bestStart = -1
  let bestLength = 1
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) {
      i++
      continue
    }
    let j = i
    while (j < 8 && groups[j] === 0) j++
    if (j - i > bestLength) {
      bestStart = i
      bestLength = j - i
    }
    i = j
  }
  const hex = groups.map(group => group.toString(16))
  if (bestStart === -1) return hex.join(':')
  return `${hex.slice(0, bestStart).join(':')}::${hex.slice(bestStart + bestLength).join(':')}`
}

/** True when `address` lies inside `cidr` (same family only). */
export function cidrContains(cidr: Cidr, address: IpAddress): boolean {
  if (cidr.family !== address.family) return false
  const mask = ~hostMask(cidr)
  return (cidr.value & mask) === (address.value & mask)
}

/** True when two prefixes share at least one address. */
export function cidrsOverlap(a: Cidr, b: Cidr): boolean {
  if (a.family !== b.family) return false
  const shorter = a.bits <= b.bits ? a : b
  const longer = shorter === a ? b : a
  return cidrContains(shorter, { family: longer.family, value: longer.value })
}

/** True when `inner` lies entirely inside `outer`. */
export function cidrWithin(inner: Cidr, outer: Cidr): boolean {
  return inner.family === outer.family && inner.bits >= outer.bits && cidrContains(outer, inner)
}

/** An inclusive range of addresses of one family. */
export interface AddressInterval {
  family: 4 | 6
  low: bigint
  high: bigint
}

/** The first and last address of a prefix. */
export function intervalOf(cidr: Cidr): AddressInterval {
  const host = hostMask(cidr)
  const low = cidr.value & ~host
  return { family: cidr.family, low, high: low | host }
}
