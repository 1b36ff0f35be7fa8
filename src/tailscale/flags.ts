/**
 * The flags of `tailscale up`/`login`/`set` and of `tailscaled`, as shipped in the Talos extension
 * (Tailscale 1.102.2). Data only: the test in `test/tailscale/flags.test.ts` checks every entry
 * against the upstream reference tables, so nothing here may be invented.
 * @module
 */

/** How Go's `flag` package reads a flag's value. Bools take no separate argument. */
export type FlagKind = 'bool' | 'string' | 'int' | 'duration'

/** The `tailscale` sub-commands a CLI flag is registered on. */
export type CliCommand = 'up' | 'login' | 'set'

/** One flag of the `tailscale` CLI or of `tailscaled`. */
export interface FlagSpec {
  /** Name without dashes. */
  name: string
  kind: FlagKind
  /** Operating systems the flag is registered on; absent means all. Talos is `linux`. */
  os?: readonly string[]
  /** Registered but hidden from `--help`. */
  hidden?: boolean
  /** Accepted values, when the CLI checks them against a fixed set. */
  values?: readonly string[]
  /** Old spellings the CLI rewrites before parsing (`CleanUpArgs`). */
  aliases?: readonly string[]
}

/** A flag of the `tailscale` CLI, with the sub-commands that accept it. */
export interface CliFlagSpec extends FlagSpec {
  commands: readonly CliCommand[]
}

const UNIX_PEER_CREDS = ['linux', 'darwin', 'freebsd', 'solaris', 'illumos'] as const

/** Every flag of `tailscale up`, `login` and `set` (cmd/tailscale/cli/up.go, set.go). */
export const CLI_FLAGS: readonly CliFlagSpec[] = [
  { name: 'qr', kind: 'bool', commands: ['up', 'login'] },
  {
    name: 'qr-format',
    kind: 'string',
    commands: ['up', 'login'],
    values: ['auto', 'ascii', 'large', 'small'],
  },
  { name: 'auth-key', kind: 'string', commands: ['up', 'login'], aliases: ['authkey'] },
  { name: 'audience', kind: 'string', commands: ['up', 'login'] },
  { name: 'client-id', kind: 'string', commands: ['up', 'login'] },
  { name: 'client-secret', kind: 'string', commands: ['up', 'login'] },
  { name: 'id-token', kind: 'string', commands: ['up', 'login'] },
  { name: 'login-server', kind: 'string', commands: ['up', 'login'] },
  { name: 'accept-routes', kind: 'bool', commands: ['up', 'login', 'set'] },
  { name: 'accept-dns', kind: 'bool', commands: ['up', 'login', 'set'] },
  { name: 'host-routes', kind: 'bool', commands: ['up', 'login'], hidden: true, values: ['true'] },
  { name: 'exit-node', kind: 'string', commands: ['up', 'login', 'set'] },
  { name: 'exit-node-allow-lan-access', kind: 'bool', commands: ['up', 'login', 'set'] },
  { name: 'shields-up', kind: 'bool', commands: ['up', 'login', 'set'] },
  { name: 'ssh', kind: 'bool', commands: ['up', 'login', 'set'] },
  { name: 'advertise-tags', kind: 'string', commands: ['up', 'login'] },
  { name: 'hostname', kind: 'string', commands: ['up', 'login', 'set'] },
  { name: 'advertise-routes', kind: 'string', commands: ['up', 'login', 'set'] },
  { name: 'advertise-connector', kind: 'bool', commands: ['up', 'login', 'set'] },
  { name: 'advertise-exit-node', kind: 'bool', commands: ['up', 'login', 'set'] },
  { name: 'report-posture', kind: 'bool', commands: ['up', 'login', 'set'], aliases: ['posture-checking'] },
  { name: 'operator', kind: 'string', commands: ['up', 'login', 'set'], os: UNIX_PEER_CREDS },
  { name: 'snat-subnet-routes', kind: 'bool', commands: ['up', 'login', 'set'], os: ['linux'] },
  { name: 'stateful-filtering', kind: 'bool', commands: ['up', 'login', 'set'], os: ['linux'] },
  {
    name: 'netfilter-mode',
    kind: 'string',
    commands: ['up', 'login', 'set'],
    os: ['linux'],
    values: ['on', 'nodivert', 'off'],
  },
  { name: 'unattended', kind: 'bool', commands: ['up', 'login', 'set'], os: ['windows'] },
  { name: 'timeout', kind: 'duration', commands: ['up', 'login'] },
  { name: 'nickname', kind: 'string', commands: ['login', 'set'] },
  { name: 'json', kind: 'bool', commands: ['up'] },
  { name: 'reset', kind: 'bool', commands: ['up'] },
  { name: 'force-reauth', kind: 'bool', commands: ['up'] },
  { name: 'accept-risk', kind: 'string', commands: ['up', 'set'] },
  { name: 'update-check', kind: 'bool', commands: ['set'] },
  { name: 'auto-update', kind: 'bool', commands: ['set'] },
  { name: 'webclient', kind: 'bool', commands: ['set'] },
  { name: 'remote-config', kind: 'bool', commands: ['set'], hidden: true },
  { name: 'sync', kind: 'bool', commands: ['set'], hidden: true },
  { name: 'relay-server-port', kind: 'string', commands: ['set'] },
  { name: 'relay-server-static-endpoints', kind: 'string', commands: ['set'] },
]

/** Every flag of `tailscaled` (cmd/tailscaled/tailscaled.go). Tri-state bools parse like bools. */
export const TAILSCALED_FLAGS: readonly FlagSpec[] = [
  { name: 'verbose', kind: 'int' },
  { name: 'cleanup', kind: 'bool' },
  { name: 'debug', kind: 'string' },
  { name: 'tun', kind: 'string' },
  { name: 'port', kind: 'int' },
  { name: 'state', kind: 'string' },
  { name: 'encrypt-state', kind: 'bool', os: ['linux', 'windows'] },
  { name: 'statedir', kind: 'string' },
  { name: 'socket', kind: 'string' },
  { name: 'bird-socket', kind: 'string', os: ['linux'] },
  { name: 'version', kind: 'bool' },
  { name: 'no-logs-no-support', kind: 'bool' },
  { name: 'config', kind: 'string' },
  { name: 'hardware-attestation', kind: 'bool', os: ['linux', 'windows', 'darwin', 'ios', 'android'] },
  { name: 'socks5-server', kind: 'string' },
  { name: 'outbound-http-proxy-listen', kind: 'string' },
  { name: 'syspolicy-file', kind: 'string' },
  { name: 'syslog', kind: 'bool', os: ['linux', 'freebsd', 'openbsd'] },
]

/** The OS the extension runs on: flags registered only elsewhere do not exist there. */
export const TALOS_OS = 'linux'

const byName = <T extends FlagSpec>(flags: readonly T[]): Map<string, T> => {
  const map = new Map<string, T>()
  for (const flag of flags) {
    map.set(flag.name, flag)
    for (const alias of flag.aliases ?? []) map.set(alias, flag)
  }
  return map
}

const CLI_BY_NAME = byName(CLI_FLAGS)
const TAILSCALED_BY_NAME = byName(TAILSCALED_FLAGS)

/** True when the flag is registered on `os`. */
export function availableOn(flag: FlagSpec, os: string = TALOS_OS): boolean {
  return flag.os === undefined || flag.os.includes(os)
}

/** A CLI flag by name or alias (any sub-command, any OS). */
export function cliFlag(name: string): CliFlagSpec | undefined {
  return CLI_BY_NAME.get(name)
}

/** A tailscaled flag by name. */
export function tailscaledFlag(name: string): FlagSpec | undefined {
  return TAILSCALED_BY_NAME.get(name)
}

/** The flag `tailscale <command>` accepts on Linux under this name, after alias rewriting. */
export function commandFlag(command: CliCommand, name: string): CliFlagSpec | undefined {
  const flag = CLI_BY_NAME.get(name)
  return flag?.commands.includes(command) && availableOn(flag) ? flag : undefined
}

/** Names (canonical and aliases) `tailscale up` accepts on Linux: candidates for suggestions. */
export function upFlagNames(): string[] {
  return CLI_FLAGS.filter(flag => flag.commands.includes('up') && availableOn(flag) && !flag.hidden).map(
    flag => flag.name,
  )
}

/** Names `tailscaled` accepts on Linux. */
export function tailscaledFlagNames(): string[] {
  return TAILSCALED_FLAGS.filter(flag => availableOn(flag)).map(flag => flag.name)
}
