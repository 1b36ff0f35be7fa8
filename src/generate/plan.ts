/**
 * The intent resolved into what each node gets: tailnet name, routes, MTU, whether it needs IPv6
 * forwarding. Everything later stages write is decided here once, so files agree with each other.
 * @module
 */
import { InputError } from '../core/errors.ts'
import type { Intent, IntentNode, SecretRef } from '../intent/schema.ts'
import type { TailscaleEnvInput } from '../tailscale/env.ts'
import type { InstallDisk } from '../talos/forms.ts'
import { parseTalosVersion, type TalosVersion } from '../talos/version.ts'

/** Who may own the cluster's tags and reach its APIs over the tailnet. */
export const DEFAULT_ADMINS = ['autogroup:admin'] as const

/** One node, resolved. */
export interface NodePlan {
  node: IntentNode
  platform: string
  arch: string
  /** Tailscale settings, or undefined when the node does not run Tailscale. */
  tailscale?: {
    env: TailscaleEnvInput
    /** `<hostname>.<tailnetDomain>` when the tailnet domain is known. */
    magicDnsName?: string
  }
  /** IPv6 routes or an exit node need `net.ipv6.conf.all.forwarding` (T11). */
  needsIpv6Forwarding: boolean
  /** The install disk (node setting, else cluster.installDisk); undefined keeps gen config's default. */
  installDisk?: InstallDisk
}

/** The intent resolved for one Talos version. */
export interface Plan {
  intent: Intent
  /** The Talos version the nodes run: installer and boot media tags. */
  version: TalosVersion
  /**
   * The config contract: the Talos version whose document forms the patches use, i.e. the
   * `--talos-version` the configs are generated with (T18). Equal to `version` unless a cluster
   * created with an older contract is upgraded.
   */
  contract: TalosVersion
  nodes: NodePlan[]
  /** Union of all advertised routes, for the tailnet policy. */
  routes: string[]
  exitNode: boolean
  admins: readonly string[]
  auth: { ref: SecretRef; oauth?: { ephemeral: boolean; preauthorized: boolean } }
}

/** Expands `pods`/`services`/`lan` to the cluster's subnets and drops duplicates, keeping order. */
export function expandRoutes(intent: Intent, routes: readonly string[]): string[] {
  const out: string[] = []
  for (const route of routes) {
    const expanded =
      route === 'pods'
        ? intent.cluster.podSubnets
        : route === 'services'
          ? intent.cluster.serviceSubnets
          : route === 'lan'
            ? intent.cluster.lanSubnets
            : [route]
    for (const cidr of expanded) if (!out.includes(cidr)) out.push(cidr)
  }
  return out
}

/** The tailnet hostname of a node from the pattern (`{node}`, `{cluster}`, `{role}`). */
export function tailnetHostname(intent: Intent, node: IntentNode): string {
  return intent.tailscale.hostname
    .replaceAll('{node}', node.hostname)
    .replaceAll('{cluster}', intent.cluster.name)
    .replaceAll('{role}', node.role)
}

/**
 * The Talos version a bundle targets: `override` (`--talos-version`, parsed when given as text) or
 * the intent's `cluster.talosVersion`. Errors name where the version came from.
 */
export function resolveTalosVersion(intent: Intent, override?: TalosVersion | string): TalosVersion {
  if (override === undefined) return parseTalosVersion(intent.cluster.talosVersion, 'cluster.talosVersion')
  return typeof override === 'string' ? parseTalosVersion(override, '--talos-version') : override
}

/** Resolves the intent for `version`. Pure. */
export function planBundle(
  intent: Intent,
  version: TalosVersion,
  admins: readonly string[] = DEFAULT_ADMINS,
  contract: TalosVersion = version,
): Plan {
  const ts = intent.tailscale
  // TS_DEBUG_MTU is a debugging knob: tailscaled's 1280 is safe on every path, path MTU discovery is
  // off by default, and the link MTU is not the path MTU (PPPoE, DS-Lite, tunnels). Only an explicit
  // tailscale.mtu sets it; the link type never does (T14).
  const mtu = ts.mtu
  // With an OAuth client secret every `tailscale up` mints a new auth key through the API; a node
  // that starts while its uplink is down then crash-loops. Log in once and keep the identity (T16).
  const authOnce = ts.authOnce || ts.auth.oauthClientSecret !== undefined
  const port = ts.port === 'random' ? undefined : ts.port
  const allRoutes: string[] = []
  let exitNode = false
  const nodes = intent.nodes.map((node, index): NodePlan => {
    const routes = node.subnetRouter ? expandRoutes(intent, node.subnetRouter.routes) : []
    for (const route of routes) if (!allRoutes.includes(route)) allRoutes.push(route)
    if (node.tailscale && node.exitNode) exitNode = true
    const plan: NodePlan = {
      node,
      platform: node.platform ?? intent.image.platform,
      arch: node.arch ?? intent.image.arch,
      needsIpv6Forwarding: node.tailscale && (node.exitNode || routes.some(route => route.includes(':'))),
    }
    const disk = node.installDisk ?? intent.cluster.installDisk
    if (disk !== undefined) plan.installDisk = disk
    if (node.tailscale) {
      const hostname = tailnetHostname(intent, node)
      if (hostname.length > 63) {
        throw new InputError(
          `node ${node.hostname}: the tailnet hostname "${hostname}" from the pattern "${ts.hostname}" is ${hostname.length} characters long; a DNS label has at most 63.`,
          {
            location: { file: '', path: `nodes[${index}].hostname` },
            hint: 'Shorten the node name or the tailscale.hostname pattern.',
          },
        )
      }
      plan.tailscale = {
        env: {
          hostname,
          routes,
          snat: node.subnetRouter?.snat ?? true,
          exitNode: node.exitNode,
          tags: ts.tags,
          ssh: ts.ssh,
          loginServer: ts.loginServer,
          acceptDns: ts.acceptDns,
          authOnce,
          ...(mtu === undefined ? {} : { mtu }),
          port,
        },
      }
      if (ts.tailnetDomain !== undefined) plan.tailscale.magicDnsName = `${hostname}.${ts.tailnetDomain}`
    }
    return plan
  })
  const { auth } = ts
  const resolvedAuth: Plan['auth'] =
    auth.oauthClientSecret !== undefined
      ? {
          ref: auth.oauthClientSecret as SecretRef,
          oauth: { ephemeral: auth.ephemeral, preauthorized: auth.preauthorized },
        }
      : { ref: auth.authKey as SecretRef }
  return {
    intent,
    version,
    contract,
    nodes,
    routes: allRoutes,
    exitNode,
    admins: admins.length > 0 ? admins : DEFAULT_ADMINS,
    auth: resolvedAuth,
  }
}
