/**
 * `TS_DEBUG_MTU`, the TUN MTU override tailscaled reads at start (net/tstun/mtu.go, T14).
 * @module
 */

/** tailscaled's TUN MTU when `TS_DEBUG_MTU` is unset. */
export const DEFAULT_TUN_MTU = 1280

/** Below this the kernel removes IPv6 from `tailscale0`. */
export const IPV6_MIN_MTU = 1280

/** Larger values are silently clamped to this (wireguard-go MaxContentSize on Linux: 65535 - 32 - 8). */
export const MAX_TUN_MTU = 65495

/** WireGuard's worst-case (IPv6) encapsulation overhead that tailscaled assumes: 40+8+4+4+8+16. */
export const WIREGUARD_OVERHEAD = 80

const UINT32_MAX = 4294967295

/** Result of reading `TS_DEBUG_MTU` the way envknob.LookupUintSized(…, 10, 32) does. */
export type MtuValue =
  /** Empty: tailscaled treats it as unset and uses the default. */
  { kind: 'unset' } | { kind: 'invalid' } | { kind: 'ok'; value: number }

/** Go's strconv.ParseUint(text, 10, 32): digits only, no sign, no spaces, at most 4294967295. */
export function parseDebugMtu(text: string): MtuValue {
  if (text === '') return { kind: 'unset' }
  if (!/^[0-9]+$/.test(text)) return { kind: 'invalid' }
  const value = Number(text)
  if (!Number.isSafeInteger(value) || value > UINT32_MAX) return { kind: 'invalid' }
  return { kind: 'ok', value }
}

/** The largest TUN MTU a link of `linkMtu` carries without fragmenting WireGuard packets. */
export function maxTunMtuForLink(linkMtu: number): number {
  return linkMtu - WIREGUARD_OVERHEAD
}
