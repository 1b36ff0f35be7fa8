/**
 * The environment of the Tailscale extension's `ExtensionServiceConfig`. The extension runs
 * containerboot, which is configured only through `TS_*` variables; Talos passes every entry
 * literally (T7), so this module is where their syntax is made right.
 * @module
 */

import { DEFAULT_TUN_MTU, maxTunMtuForLink } from './mtu.ts'

/** Link types that decide `TS_DEBUG_MTU` (T14). */
export const LINK_TYPES = ['ethernet', 'pppoe', 'mobile', 'overlay'] as const
export type LinkType = (typeof LINK_TYPES)[number]

/**
 * Typical MTU of the underlying link per type, and why. The tailscale0 MTU is this minus WireGuard's
 * 80-byte worst-case overhead, never below 1280 (T14).
 */
export const LINK_MTU: Readonly<Record<LinkType, { mtu: number; why: string }>> = {
  ethernet: { mtu: 1500, why: 'standard Ethernet frame payload' },
  pppoe: { mtu: 1492, why: 'Ethernet 1500 minus the 8-byte PPPoE header' },
  mobile: {
    mtu: 1400,
    why: 'mobile carriers tunnel user traffic (GTP, 464XLAT) and often deliver 1400-1440; 1400 is the safe end',
  },
  overlay: {
    mtu: 1420,
    why: 'the node sits behind another WireGuard-style tunnel, whose default MTU is 1420',
  },
}

/** The tailscale0 MTU for a link type: link MTU minus WireGuard overhead, at least 1280. */
export function tunMtuForLink(link: LinkType): number {
  return Math.max(DEFAULT_TUN_MTU, maxTunMtuForLink(LINK_MTU[link].mtu))
}

/** Variables the extension presets; an ExtensionServiceConfig cannot override them (T5). */
export const EXTENSION_PRESET_VARIABLES = ['TS_SOCKET', 'TS_STATE_DIR', 'TS_USERSPACE'] as const

/** The variable containerboot reads the auth key (or OAuth client secret) from. */
export const AUTH_KEY_VARIABLE = 'TS_AUTHKEY'

/** Every `tailscale up` flag talscale writes into TS_EXTRA_ARGS (checked against Tailscale's table in tests). */
export const UP_FLAGS_USED = ['advertise-tags', 'login-server', 'reset', 'snat-subnet-routes', 'ssh'] as const

/** Every tailscaled flag talscale writes into TS_TAILSCALED_EXTRA_ARGS (T8: `--port` is one). */
export const TAILSCALED_FLAGS_USED = ['port'] as const

/** Every variable talscale may write (checked against Tailscale's list of names in tests). */
export const VARIABLES_USED = [
  'TS_ACCEPT_DNS',
  'TS_AUTHKEY',
  'TS_AUTH_ONCE',
  'TS_DEBUG_MTU',
  'TS_EXTRA_ARGS',
  'TS_HOSTNAME',
  'TS_ROUTES',
  'TS_TAILSCALED_EXTRA_ARGS',
] as const

/** What one node's Tailscale should do, already resolved from the intent. */
export interface TailscaleEnvInput {
  /** Tailscale hostname (`TS_HOSTNAME`); a DNS label. */
  hostname: string
  /** Canonical CIDRs this node advertises as a subnet router; empty for none (no default routes). */
  routes: readonly string[]
  /** Masquerade subnet-route traffic (`--snat-subnet-routes`, Tailscale's default true). */
  snat: boolean
  exitNode: boolean
  /** `tag:...` names for `--advertise-tags`; required when the key is an OAuth client secret (T15). */
  tags: readonly string[]
  ssh: boolean
  /** Control server URL (Headscale); undefined for Tailscale's own. */
  loginServer?: string | undefined
  acceptDns: boolean
  authOnce: boolean
  /** tailscale0 MTU (`TS_DEBUG_MTU`), only when the intent sets one explicitly (T14). */
  mtu?: number | undefined
  /** Pinned UDP port for tailscaled, or undefined to leave it random (T8). */
  port?: number | undefined
}

/** One variable with the reason it is there, for the bundle's README. */
export interface EnvEntry {
  name: string
  value: string
  /** Why the entry is there, naming the fact (T-number, docs/facts.md). */
  why: string
}

/**
 * The service environment for one node, in a fixed order. The auth key is not part of it: it is
 * joined at apply time (see {@link authKeyEntry}) so that no secret lands in the bundle.
 * Defaults are not restated: TS_ACCEPT_DNS and TS_AUTH_ONCE appear only when true (T10, T16).
 */
export function tailscaleEnvironment(input: TailscaleEnvInput): EnvEntry[] {
  const entries: EnvEntry[] = []
  entries.push({
    name: 'TS_HOSTNAME',
    value: input.hostname,
    why: 'Stable device name in the tailnet, so MagicDNS names and certSANs match (T13).',
  })
  // An exit node advertises the default routes. They go in TS_ROUTES with the subnet routes rather
  // than as --advertise-exit-node in TS_EXTRA_ARGS: containerboot passes TS_ROUTES to both `up`
  // and `set` (TS_EXTRA_ARGS only to `up`), and enables forwarding for the routes in it.
  const routes = input.exitNode ? [...input.routes, '0.0.0.0/0', '::/0'] : [...input.routes]
  if (routes.length > 0) {
    entries.push({
      name: 'TS_ROUTES',
      value: routes.join(','),
      why: `Routes go in TS_ROUTES, not --advertise-routes: containerboot applies it on \`up\` and \`set\` and enables forwarding for it${input.exitNode ? '; 0.0.0.0/0 and ::/0 (both, as Tailscale requires) make the node an exit node' : ''}.`,
    })
  }
  const upArgs: string[] = []
  if (input.loginServer !== undefined) upArgs.push(`--login-server=${input.loginServer}`)
  if (input.tags.length > 0) upArgs.push(`--advertise-tags=${input.tags.join(',')}`)
  if (input.ssh) upArgs.push('--ssh')
  if (input.routes.length > 0 && !input.snat) upArgs.push('--snat-subnet-routes=false')
  // With TS_AUTH_ONCE=false containerboot runs `tailscale up` on every start; without --reset,
  // removing a flag later fails with "requires mentioning all non-default flags" (T16).
  if (!input.authOnce) upArgs.push('--reset')
  if (upArgs.length > 0) {
    entries.push({
      name: 'TS_EXTRA_ARGS',
      value: upArgs.join(' '),
      why: input.authOnce
        ? 'Only `tailscale up` flags belong here (T8); with TS_AUTH_ONCE they apply at the first login only (T16); tags are required with OAuth (T15).'
        : 'Only `tailscale up` flags belong here (T8); --reset keeps later edits from crash-looping the service (T16); tags are required with OAuth (T15).',
    })
  }
  if (input.port !== undefined) {
    entries.push({
      name: 'TS_TAILSCALED_EXTRA_ARGS',
      value: `--port=${input.port}`,
      why: '--port is a tailscaled flag (T8): in TS_EXTRA_ARGS it makes `tailscale up` exit 2. Pinned so firewall rules can match it (T17).',
    })
  }
  if (input.acceptDns) {
    entries.push({
      name: 'TS_ACCEPT_DNS',
      value: 'true',
      why: 'Asked for in the intent. Under containerboot the default is false (T10).',
    })
  }
  if (input.authOnce) {
    entries.push({
      name: 'TS_AUTH_ONCE',
      value: 'true',
      why: 'Log in only once; later changes to TS_EXTRA_ARGS are then NOT applied on a logged-in node (T16).',
    })
  }
  if (input.mtu !== undefined && input.mtu !== DEFAULT_TUN_MTU) {
    entries.push({
      name: 'TS_DEBUG_MTU',
      value: String(input.mtu),
      why: `Asked for in the intent (tailscale.mtu). A debugging knob: above 1280 packets larger than the path carries are dropped silently when the path MTU is smaller than the link's (PPPoE, DS-Lite, tunnels), since tailscaled does not discover the path MTU by default (T14).`,
    })
  }
  for (const entry of entries) assertLiteralValue(entry.name, entry.value)
  return entries
}

/** `KEY=VALUE` lines for an ExtensionServiceConfig `environment` list. */
export function formatEnvironment(entries: readonly EnvEntry[]): string[] {
  return entries.map(entry => `${entry.name}=${entry.value}`)
}

/** Choices for an OAuth client secret used as an auth key (T15). */
export interface OAuthOptions {
  ephemeral: boolean
  preauthorized: boolean
}

/**
 * The query containerboot's `tailscale up` reads from an OAuth client secret used as auth key.
 * Both attributes are always written: Tailscale's own defaults (ephemeral=true,
 * preauthorized=false) are the wrong ones for a server (T15).
 */
export function oauthQuery(options: OAuthOptions): string {
  return `?ephemeral=${options.ephemeral}&preauthorized=${options.preauthorized}`
}

/** The full `TS_AUTHKEY=...` entry for a secret value; the caller keeps it out of any committed file. */
export function authKeyEntry(secret: string, oauth?: OAuthOptions): string {
  const value = oauth ? `${secret}${oauthQuery(oauth)}` : secret
  assertLiteralValue(AUTH_KEY_VARIABLE, value, false)
  return `${AUTH_KEY_VARIABLE}=${value}`
}

// Talos passes values literally (T7): a quote or newline would reach containerboot as part of the
// value. Inputs are validated upstream, so reaching this is a bug, not a user error.
function assertLiteralValue(name: string, value: string, quoteValue = true): void {
  if (/["'\n\r\0]/.test(value) || (name !== 'TS_EXTRA_ARGS' && /\s/.test(value))) {
    throw new Error(
      `invalid value for ${name}${quoteValue ? ` "${value}"` : ''}: quotes and whitespace are passed literally`,
    )
  }
  if ((EXTENSION_PRESET_VARIABLES as readonly string[]).includes(name)) {
    throw new Error(`${name} is preset by the extension and cannot be overridden (T5)`)
  }
}
