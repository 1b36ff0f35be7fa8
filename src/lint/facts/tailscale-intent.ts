/**
 * What a node's tailscale service asks for: the routes it advertises, whether it is an exit node,
 * whether it turns source NAT off, and the UDP port it pins. Read from `TS_ROUTES`/`PORT` and the
 * `TS_EXTRA_ARGS`/`TS_TAILSCALED_EXTRA_ARGS` flags, with the first document that sets a key winning
 * (T5), so the forwarding, route and firewall rules all see one reading of the service.
 * @module
 */
import {
  boolFlagValue,
  type EnvEntry,
  lastFlag,
  type ParsedFlag,
  type TailscaleService,
  tailscaleServices,
} from '../../tailscale/parse.ts'
import { isOpaque } from '../../talos/accessors.ts'
import type { TalosDocument } from '../../talos/documents.ts'

/** A route the node advertises, with the entry (and flag) it came from. */
export interface AdvertisedRoute {
  cidr: string
  entry: EnvEntry
  flag?: ParsedFlag
}

/** Routing and port intent of a node's tailscale service configs (first occurrence of a key wins, T5). */
export interface TailscaleIntent {
  services: TailscaleService[]
  /** Advertised routes from `TS_ROUTES` and `--advertise-routes`. */
  routes: AdvertisedRoute[]
  exitNode: { entry: EnvEntry; flag: ParsedFlag } | undefined
  /** `--snat-subnet-routes=false`. */
  snatOff: { entry: EnvEntry; flag: ParsedFlag } | undefined
  /** The pinned UDP port (`PORT=` or tailscaled `--port`), if any. */
  port: { value: string; entry: EnvEntry; flag?: ParsedFlag } | undefined
}

const intentCache = new WeakMap<readonly TalosDocument[], TailscaleIntent>()

export function tailscaleIntent(docs: readonly TalosDocument[]): TailscaleIntent {
  const cached = intentCache.get(docs)
  if (cached) return cached
  const services = tailscaleServices(docs)
  // Across several documents (a node assembled from unmerged patches) the lists would be appended,
  // so the first document that sets a key wins.
  const pick = <T>(read: (service: TailscaleService) => T | undefined): T | undefined => {
    for (const service of services) {
      const value = read(service)
      if (value !== undefined) return value
    }
    return undefined
  }
  const extra = pick(service => service.extraArgs)
  const daemon = pick(service => service.daemonArgs)
  const routes: AdvertisedRoute[] = []
  const tsRoutes = pick(service => service.effectiveEntry.get('TS_ROUTES'))
  if (tsRoutes?.value && !isOpaque(tsRoutes.value)) {
    for (const cidr of splitList(tsRoutes.value)) routes.push({ cidr, entry: tsRoutes })
  }
  const advertise = lastFlag(extra?.args, 'advertise-routes')
  if (extra && advertise?.value && !isOpaque(advertise.value)) {
    for (const cidr of splitList(advertise.value)) routes.push({ cidr, entry: extra.entry, flag: advertise })
  }
  const exit = lastFlag(extra?.args, 'advertise-exit-node')
  const snat = lastFlag(extra?.args, 'snat-subnet-routes')
  const portFlag = lastFlag(daemon?.args, 'port')
  const portEnv = pick(service => service.effectiveEntry.get('PORT'))
  let port: TailscaleIntent['port']
  if (daemon && portFlag?.value) port = { value: portFlag.value, entry: daemon.entry, flag: portFlag }
  else if (portEnv?.value) port = { value: portEnv.value, entry: portEnv }
  const intent: TailscaleIntent = {
    services,
    routes,
    exitNode: extra && exit && boolFlagValue(exit) === true ? { entry: extra.entry, flag: exit } : undefined,
    snatOff: extra && snat && boolFlagValue(snat) === false ? { entry: extra.entry, flag: snat } : undefined,
    port,
  }
  intentCache.set(docs, intent)
  return intent
}

function splitList(text: string): string[] {
  return text
    .split(',')
    .map(part => part.trim())
    .filter(Boolean)
}
