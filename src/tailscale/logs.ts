/**
 * What `ext-tailscale` log lines mean. containerboot, the `tailscale` CLI and tailscaled print a
 * handful of messages that explain nearly every broken Talos node; each class here maps one family
 * of them to an explanation and a fix. Pure: text in, matches out.
 * @module
 */
import type { Severity, Topic } from '../core/finding.ts'
import { redactSecrets } from '../core/secrets.ts'
import { tailscaledFlag } from './flags.ts'

/** The code of a log class: a doctor code in the DOC2xx range. */
export type LogCode = `DOC2${number}`

/** One kind of log line, with what it means and what to do. Codes are doctor codes (DOC2xx). */
export interface LogClass {
  code: LogCode
  name: string
  topic: Topic
  severity: Severity
  /** One sentence: what the class is about (docs index, SARIF). */
  summary: string
  /** Why it happens; may use the matched line's captures. */
  explain: (match: RegExpMatchArray) => string
  /** What to do; may use the captures. */
  fix: (match: RegExpMatchArray) => string
  /** Generic fix title for the docs and `help:` lines. */
  fixTitle: string
  patterns: readonly RegExp[]
}

/** A classified log line. */
export interface LogMatch {
  code: LogCode
  name: string
  topic: Topic
  severity: Severity
  /** 1-based line number in the classified text. */
  line: number
  /** The line as read, secrets redacted, trimmed to a readable length. */
  text: string
  explanation: string
  fix: string
}

/** The longest line we run patterns on; longer lines are cut so matching stays linear and cheap. */
export const MAX_LOG_LINE = 4096

/**
 * Turns a Go format template (`error parsing X value %q: %w`) into a regular expression that
 * matches the formatted message anywhere in a line.
 */
export function templateToRegExp(template: string): RegExp {
  let source = ''
  for (let i = 0; i < template.length; i++) {
    const char = template[i]!
    if (char === '%' && i + 1 < template.length) {
      const verb = template[i + 1]!
      if (verb === 'q') source += '"(?:[^"\\\\]|\\\\.)*"'
      else if (verb === 'd') source += '-?\\d+'
      else if (verb === '%') source += '%'
      else source += '.*?'
      i++
      continue
    }
    source += char.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')
  }
  return new RegExp(source)
}

/**
 * containerboot's configuration errors (`cmd/containerboot/settings.go` validate(), v1.102.2), each
 * with what it means on Talos and what to change in the ExtensionServiceConfig.
 */
export const CONTAINERBOOT_FATALS: ReadonlyArray<{ template: string; explain: string; fix: string }> = [
  {
    template: 'TS_AUTHKEY cannot be used with TS_CLIENT_ID, TS_CLIENT_SECRET, TS_ID_TOKEN, or TS_AUDIENCE.',
    explain: 'an auth key and an OAuth/workload-identity credential were both given; containerboot takes one',
    fix: 'keep either TS_AUTHKEY or the TS_CLIENT_* variables in the ExtensionServiceConfig, not both',
  },
  {
    template: 'TS_ID_TOKEN is set but TS_CLIENT_ID is not set',
    explain: 'workload identity federation needs the client ID that the ID token is exchanged for',
    fix: 'add TS_CLIENT_ID, or remove TS_ID_TOKEN and use TS_AUTHKEY',
  },
  {
    template: 'TS_AUDIENCE is set but TS_CLIENT_ID is not set',
    explain: 'workload identity federation needs the client ID that the audience belongs to',
    fix: 'add TS_CLIENT_ID, or remove TS_AUDIENCE',
  },
  {
    template: 'TS_ID_TOKEN and TS_CLIENT_SECRET cannot both be set',
    explain: 'an ID token (federation) and a client secret (OAuth) are two different login methods',
    fix: 'keep one of TS_ID_TOKEN and TS_CLIENT_SECRET',
  },
  {
    template: 'TS_ID_TOKEN and TS_AUDIENCE cannot both be set',
    explain: 'TS_AUDIENCE asks containerboot to fetch an ID token itself, so a given TS_ID_TOKEN conflicts',
    fix: 'keep one of TS_ID_TOKEN and TS_AUDIENCE',
  },
  {
    template: 'TS_AUDIENCE and TS_CLIENT_SECRET cannot both be set',
    explain: 'an audience (federation) and a client secret (OAuth) are two different login methods',
    fix: 'keep one of TS_AUDIENCE and TS_CLIENT_SECRET',
  },
  {
    template: 'TS_DEST_IP is not supported with TS_USERSPACE',
    explain:
      'forwarding to a destination IP needs kernel networking; the extension presets TS_USERSPACE=false',
    fix: 'remove TS_USERSPACE from the ExtensionServiceConfig (the extension already runs in kernel mode)',
  },
  {
    template: 'TS_EXPERIMENTAL_DEST_DNS_NAME is not supported with TS_USERSPACE',
    explain: 'forwarding to a DNS name needs kernel networking',
    fix: 'remove TS_USERSPACE from the ExtensionServiceConfig',
  },
  {
    template: 'TS_EXPERIMENTAL_DEST_DNS_NAME and TS_DEST_IP cannot both be set',
    explain: 'containerboot forwards to one destination only',
    fix: 'keep one of TS_DEST_IP and TS_EXPERIMENTAL_DEST_DNS_NAME',
  },
  {
    template: 'TS_TAILNET_TARGET_IP is not supported with TS_USERSPACE',
    explain: 'egress to a tailnet target needs kernel networking',
    fix: 'remove TS_USERSPACE from the ExtensionServiceConfig',
  },
  {
    template: 'TS_TAILNET_TARGET_FQDN is not supported with TS_USERSPACE',
    explain: 'egress to a tailnet target needs kernel networking',
    fix: 'remove TS_USERSPACE from the ExtensionServiceConfig',
  },
  {
    template: 'Both TS_TAILNET_TARGET_IP and TS_TAILNET_FQDN cannot be set',
    explain: 'containerboot sends egress traffic to one tailnet target only',
    fix: 'keep one of TS_TAILNET_TARGET_IP and TS_TAILNET_TARGET_FQDN',
  },
  {
    template:
      'TS_EXPERIMENTAL_VERSIONED_CONFIG_DIR cannot be set in combination with TS_HOSTNAME, TS_EXTRA_ARGS, TS_AUTHKEY, TS_ROUTES, TS_ACCEPT_DNS, TS_CLIENT_ID, TS_CLIENT_SECRET, TS_ID_TOKEN, TS_AUDIENCE.',
    explain:
      'with a versioned config directory tailscaled reads its settings from files, never from `tailscale up`',
    fix: 'either drop TS_EXPERIMENTAL_VERSIONED_CONFIG_DIR or move every listed setting into the config file',
  },
  {
    template: 'no tailscaled config file found in %q for current capability version %d',
    explain: 'the versioned config directory has no cap-<N>.hujson file for this Tailscale version',
    fix: 'add the config file for the running capability version, or drop TS_EXPERIMENTAL_VERSIONED_CONFIG_DIR',
  },
  {
    template: 'error validating whether directory with tailscaled config file %s exists: %v',
    explain: 'the versioned config directory cannot be read inside the container',
    fix: 'mount the directory with configFiles or drop TS_EXPERIMENTAL_VERSIONED_CONFIG_DIR',
  },
  {
    template: 'TS_EXPERIMENTAL_ENABLE_FORWARDING_OPTIMIZATIONS is not supported in userspace mode',
    explain: 'the forwarding optimisation is a kernel-mode feature',
    fix: 'remove TS_USERSPACE or the optimisation flag',
  },
  {
    template: 'EXPERIMENTAL_ALLOW_PROXYING_CLUSTER_TRAFFIC_VIA_INGRESS is not supported in userspace mode',
    explain: 'this is a Kubernetes-operator ingress setting and has no meaning on a Talos host',
    fix: 'remove EXPERIMENTAL_ALLOW_PROXYING_CLUSTER_TRAFFIC_VIA_INGRESS from the ExtensionServiceConfig',
  },
  {
    template:
      'EXPERIMENTAL_ALLOW_PROXYING_CLUSTER_TRAFFIC_VIA_INGRESS is set but this is not a cluster ingress proxy',
    explain: 'this is a Kubernetes-operator ingress setting and has no meaning on a Talos host',
    fix: 'remove EXPERIMENTAL_ALLOW_PROXYING_CLUSTER_TRAFFIC_VIA_INGRESS from the ExtensionServiceConfig',
  },
  {
    template: 'EXPERIMENTAL_ALLOW_PROXYING_CLUSTER_TRAFFIC_VIA_INGRESS is set but POD_IP is not set',
    explain: 'this is a Kubernetes-operator ingress setting and has no meaning on a Talos host',
    fix: 'remove EXPERIMENTAL_ALLOW_PROXYING_CLUSTER_TRAFFIC_VIA_INGRESS from the ExtensionServiceConfig',
  },
  {
    template: 'TS_EGRESS_PROXIES_CONFIG_PATH is only supported for Tailscale running on Kubernetes',
    explain: 'egress proxy configs belong to the Kubernetes operator, not to a Talos host',
    fix: 'remove TS_EGRESS_PROXIES_CONFIG_PATH from the ExtensionServiceConfig',
  },
  {
    template: 'TS_INGRESS_PROXIES_CONFIG_PATH is only supported for Tailscale running on Kubernetes',
    explain: 'ingress proxy configs belong to the Kubernetes operator, not to a Talos host',
    fix: 'remove TS_INGRESS_PROXIES_CONFIG_PATH from the ExtensionServiceConfig',
  },
  {
    template: 'error parsing TS_HEALTHCHECK_ADDR_PORT value %q: %w',
    explain: 'the value is not an address:port such as [::]:9002',
    fix: 'set TS_ENABLE_HEALTH_CHECK=true (and TS_LOCAL_ADDR_PORT if needed) instead of the deprecated variable',
  },
  {
    template:
      'TS_HEALTHCHECK_ADDR_PORT is deprecated and will be removed in 1.82.0, use TS_ENABLE_HEALTH_CHECK and optionally TS_LOCAL_ADDR_PORT',
    explain: 'the deprecated health check address cannot be combined with TS_ENABLE_HEALTH_CHECK',
    fix: 'remove TS_HEALTHCHECK_ADDR_PORT and keep TS_ENABLE_HEALTH_CHECK (plus TS_LOCAL_ADDR_PORT)',
  },
  {
    template: 'error parsing TS_LOCAL_ADDR_PORT value %q: %w',
    explain: 'the value is not an address:port such as [::]:9002',
    fix: 'fix TS_LOCAL_ADDR_PORT (address:port) or remove it to use [::]:9002',
  },
  {
    template: 'error parsing TS_DEBUG_ADDR_PORT value %q: %w',
    explain: 'the value is not an address:port',
    fix: 'fix TS_DEBUG_ADDR_PORT (address:port) or remove it',
  },
  {
    template: 'POD_IPs can contain at most 2 IPs, got %d (%v)',
    explain: 'POD_IPS is Kubernetes plumbing and should not be set on a Talos host',
    fix: 'remove POD_IP/POD_IPS from the ExtensionServiceConfig',
  },
  {
    template: 'error parsing TS_BOOT_TIMEOUT value %q: %w',
    explain: 'TS_BOOT_TIMEOUT (Tailscale 1.103+) takes a Go duration such as 120s or 5m',
    fix: 'write TS_BOOT_TIMEOUT as a Go duration (for example 120s)',
  },
]

const fatalPatterns = CONTAINERBOOT_FATALS.map(entry => ({
  ...entry,
  regexp: templateToRegExp(entry.template),
}))

const fixed = (text: string) => () => text

/** Every log class, ordered so that the most specific pattern of a line wins. */
export const LOG_CLASSES: readonly LogClass[] = [
  {
    code: 'DOC201',
    name: 'containerboot-invalid-config',
    topic: 'extension-service',
    severity: 'error',
    summary: 'containerboot rejected the environment of the ExtensionServiceConfig and exited.',
    patterns: fatalPatterns.map(entry => entry.regexp),
    explain: match => {
      const entry = fatalPatterns.find(candidate => candidate.regexp.test(match[0]))
      return `containerboot refuses to start: ${entry?.explain ?? 'its configuration is invalid'}; the service restarts and fails again`
    },
    fix: match =>
      fatalPatterns.find(candidate => candidate.regexp.test(match[0]))?.fix ??
      'correct the variable named in the message in the ExtensionServiceConfig',
    fixTitle: 'Correct the variable the message names in the ExtensionServiceConfig named `tailscale`.',
  },
  {
    code: 'DOC202',
    name: 'up-requires-all-flags',
    topic: 'state',
    severity: 'error',
    summary:
      '`tailscale up` refuses to run because a flag was removed since the last boot (crash loop, T16).',
    patterns: [/requires mentioning all(?:\s+non-default flags|\s*$)/],
    explain: fixed(
      'with TS_AUTH_ONCE=false containerboot runs `tailscale up` on every start; a flag, TS_HOSTNAME or TS_ROUTES removed since the state in /var/lib/tailscale was written makes it refuse, and the service crash-loops (T16)',
    ),
    fix: fixed(
      'add --reset to TS_EXTRA_ARGS (or set TS_ROUTES="" to clear routes explicitly), apply, and remove --reset again once the node is Running',
    ),
    fixTitle: 'Add `--reset` to TS_EXTRA_ARGS for one boot, then remove it.',
  },
  {
    code: 'DOC203',
    name: 'device-approval-wait',
    topic: 'auth',
    severity: 'warning',
    summary: 'The node waits for device approval in the admin console.',
    patterns: [/machine authorization required, please visit the admin panel/, /NeedsMachineAuth/],
    explain: fixed(
      'device approval is on and the auth key is not pre-approved; containerboot waits 60 s, exits and restarts until someone approves the device',
    ),
    fix: fixed(
      'approve the device in the admin console, or use a pre-approved key (`talscale tailnet mint-key` creates one; for OAuth secrets add ?preauthorized=true)',
    ),
    fixTitle: 'Approve the device, or enrol with a pre-approved key.',
  },
  {
    code: 'DOC204',
    name: 'unknown-flag',
    topic: 'flags',
    severity: 'error',
    summary:
      'A flag in TS_EXTRA_ARGS or TS_TAILSCALED_EXTRA_ARGS is not known to the program that received it.',
    patterns: [/flag provided but not defined: -{1,2}([A-Za-z0-9_-]+)/],
    explain: match => {
      const flag = match[1] ?? ''
      return tailscaledFlag(flag) !== undefined
        ? `--${flag} is a tailscaled flag, but it reached \`tailscale up\` through TS_EXTRA_ARGS; up exits 2 and the service crash-loops (T8)`
        : `--${flag} is not a flag of the program it was given to; it exits 2 and the service crash-loops`
    },
    fix: match => {
      const flag = match[1] ?? ''
      if (flag === 'port')
        return 'move --port to TS_TAILSCALED_EXTRA_ARGS (for example --port=41641) or set PORT=41641 in the environment'
      return tailscaledFlag(flag) !== undefined
        ? `move --${flag} from TS_EXTRA_ARGS to TS_TAILSCALED_EXTRA_ARGS`
        : `remove --${flag}, or check \`tailscale up --help\` for the right spelling (set-only flags cannot go in TS_EXTRA_ARGS)`
    },
    fixTitle: 'Move daemon flags to TS_TAILSCALED_EXTRA_ARGS; remove unknown flags.',
  },
  {
    code: 'DOC205',
    name: 'tun-device',
    topic: 'extension-service',
    severity: 'error',
    summary: 'tailscaled cannot create or open the TUN device.',
    patterns: [
      /unable to create tuntap device file/,
      /tstun\.New\([^)]*\)/,
      /CreateTUN\([^)]*\) failed/,
      /\/dev\/net\/tun: (?:no such file|operation not permitted|permission denied)/i,
    ],
    explain: fixed(
      'kernel networking needs /dev/net/tun; the extension bind-mounts it, so this usually means TS_USERSPACE or TS_TAILSCALED_EXTRA_ARGS (--tun) was overridden, or the kernel lacks the tun module',
    ),
    fix: fixed(
      'remove --tun from TS_TAILSCALED_EXTRA_ARGS and TS_USERSPACE from the ExtensionServiceConfig; use an official Talos image with the tailscale extension',
    ),
    fixTitle: 'Do not override --tun or TS_USERSPACE; keep the extension defaults.',
  },
  {
    code: 'DOC206',
    name: 'x509-unknown-authority',
    topic: 'certs',
    severity: 'error',
    summary: 'TLS to the control server fails with an unknown certificate authority.',
    patterns: [/x509: certificate signed by unknown authority/],
    explain: fixed(
      'extension builds before v1.9.6/v1.10.0 did not mount /etc/ssl/certs, so containerboot had no CA bundle; a TLS-intercepting proxy gives the same error',
    ),
    fix: fixed(
      'upgrade to a schematic with a current siderolabs/tailscale extension (v1.10.0 or later); behind an intercepting proxy, add its CA with a TrustedRootsConfig document',
    ),
    fixTitle: 'Upgrade the tailscale extension (v1.10.0+), or trust the proxy CA.',
  },
  {
    code: 'DOC207',
    name: 'dns-failure',
    topic: 'dns',
    severity: 'error',
    summary: 'The node cannot resolve the control server or login names.',
    patterns: [
      /lookup ([A-Za-z0-9.-]+)(?: on [^:]+:\d+)?: (?:no such host|server misbehaving|i\/o timeout|Temporary failure in name resolution)/,
      /Temporary failure in name resolution/,
    ],
    explain: match =>
      `DNS lookups${match[1] ? ` of ${match[1]}` : ''} fail; the container uses the host's /etc/resolv.conf (read-only), so the Talos resolvers are wrong or unreachable, or 100.100.100.100 is the only nameserver before Tailscale is up`,
    fix: fixed(
      'check `talosctl get resolvers`; keep a LAN or public resolver before 100.100.100.100 in machine.network.nameservers (or ResolverConfig)',
    ),
    fixTitle: 'Give the node a working non-tailnet resolver.',
  },
  {
    code: 'DOC208',
    name: 'debug-mtu-invalid',
    topic: 'mtu',
    severity: 'error',
    summary: 'tailscaled exits because a TS_DEBUG_* number is not a base-10 unsigned integer.',
    patterns: [/invalid unsigned integer environment variable (\w+)/],
    explain: match =>
      `${match[1] ?? 'the variable'} must be a base-10 unsigned integer (T14); quotes, units or signs make tailscaled exit`,
    fix: match => `write ${match[1] ?? 'the variable'} as a bare number, for example TS_DEBUG_MTU=1280`,
    fixTitle: 'Write TS_DEBUG_MTU as a bare base-10 number.',
  },
  {
    code: 'DOC209',
    name: 'oauth-needs-tags',
    topic: 'auth',
    severity: 'error',
    summary: 'An OAuth client secret or federated identity was used without --advertise-tags.',
    patterns: [/(?:oauth|federated identity) authkeys require --advertise-tags/],
    explain: fixed(
      'keys minted from an OAuth client or federated identity are tailnet-owned and must carry tags (T15)',
    ),
    fix: fixed('add --advertise-tags=tag:<name> to TS_EXTRA_ARGS with a tag the OAuth client owns'),
    fixTitle: 'Add `--advertise-tags=tag:...` to TS_EXTRA_ARGS.',
  },
  {
    code: 'DOC210',
    name: 'exit-node-by-hostname',
    topic: 'routing',
    severity: 'error',
    summary: '--exit-node names a host, which cannot be resolved while Tailscale starts.',
    patterns: [/cannot resolve exit node by hostname/],
    explain: fixed('at boot there are no peers yet, so an exit node given by name cannot be found'),
    fix: fixed("use the exit node's tailnet IP or auto:any in --exit-node"),
    fixTitle: 'Give --exit-node a tailnet IP or auto:any.',
  },
  {
    code: 'DOC211',
    name: 'left-running-state',
    topic: 'state',
    severity: 'error',
    summary: 'tailscaled left the Running state and containerboot exited.',
    patterns: [/tailscaled left running state \(now in state "?(\w+)"?\), exiting/],
    explain: match => {
      const state = match[1] ?? ''
      if (state === 'NeedsLogin')
        return 'tailscaled needs a new login: the node key expired or the device was deleted from the tailnet'
      if (state === 'NeedsMachineAuth') return 'the device was de-authorised in the admin console'
      return `tailscaled moved to state ${state}; containerboot exits whenever the node stops being Running`
    },
    fix: match =>
      match[1] === 'NeedsLogin'
        ? 'disable key expiry for the node (tagged nodes have none) or give it a fresh auth key and restart ext-tailscale'
        : 'check the device in the admin console and restart ext-tailscale',
    fixTitle: 'Re-authenticate the node; disable key expiry for servers.',
  },
  {
    code: 'DOC212',
    name: 'login-key-invalid',
    topic: 'auth',
    severity: 'error',
    summary: 'The node key or the auth key has expired or is invalid.',
    patterns: [
      /node key (?:has )?expired/i,
      /invalid key: [^\n]*/,
      /auth(?:entication)? key (?:has )?expired/i,
      /API key does not exist/,
    ],
    explain: fixed(
      'the key used to log in is expired, revoked or already used (one-off keys work once), or the node key expired',
    ),
    fix: fixed(
      'mint a new key (`talscale tailnet mint-key --reusable`), update TS_AUTHKEY, and disable key expiry for server nodes',
    ),
    fixTitle: 'Mint a new auth key and update TS_AUTHKEY.',
  },
  {
    code: 'DOC213',
    name: 'kube-secret-outside-kubernetes',
    topic: 'extension-service',
    severity: 'error',
    summary: 'TS_KUBE_SECRET makes containerboot build a Kubernetes client, which fails on a Talos host.',
    patterns: [/error initializing kube client/, /error creating kube client/],
    explain: fixed(
      'with TS_KUBE_SECRET set containerboot stores state in a Kubernetes secret and reads service-account files that do not exist in a Talos extension',
    ),
    fix: fixed('remove TS_KUBE_SECRET; the extension keeps state in /var/lib/tailscale'),
    fixTitle: 'Remove TS_KUBE_SECRET from the ExtensionServiceConfig.',
  },
  {
    code: 'DOC214',
    name: 'ip-forwarding',
    topic: 'routing',
    severity: 'error',
    summary: 'containerboot could not enable IP forwarding for advertised routes.',
    patterns: [/Failed to enable IP forwarding/, /invalid subnet route/],
    explain: fixed(
      'a route in TS_ROUTES is not a valid CIDR, or a forwarding sysctl could not be set; the privileged=true hint in the message does not apply to Talos',
    ),
    fix: fixed(
      'fix the CIDRs in TS_ROUTES; do not set net.ipv4.ip_forward to "0"; for IPv6 routes set net.ipv6.conf.all.forwarding: "1" in machine.sysctls (T11)',
    ),
    fixTitle: 'Fix TS_ROUTES and the forwarding sysctls.',
  },
  {
    code: 'DOC215',
    name: 'socket-timeout',
    topic: 'flags',
    severity: 'error',
    summary: 'containerboot timed out waiting for the tailscaled socket.',
    patterns: [/timed out waiting for tailscaled socket/],
    explain: fixed(
      'tailscaled did not create the socket containerboot waits for: usually --socket in TS_TAILSCALED_EXTRA_ARGS, or tailscaled exiting early (see the lines before)',
    ),
    fix: fixed('remove --socket from TS_TAILSCALED_EXTRA_ARGS and TS_SOCKET from the ExtensionServiceConfig'),
    fixTitle: 'Do not override the tailscaled socket.',
  },
  {
    code: 'DOC216',
    name: 'too-many-arguments',
    topic: 'flags',
    severity: 'error',
    summary: '`tailscale up` got a stray argument, usually a boolean written with a space.',
    patterns: [/too many non-flag arguments/, /does not take non-flag arguments/],
    explain: fixed(
      'Go flags take booleans only as --flag=false; `--accept-dns false` leaves "false" as an argument, and quotes in TS_EXTRA_ARGS are passed literally (T7)',
    ),
    fix: fixed('write boolean flags as --flag=true/--flag=false and remove quotes from TS_EXTRA_ARGS'),
    fixTitle: 'Write booleans as `--flag=false`; no quotes in TS_EXTRA_ARGS.',
  },
  {
    code: 'DOC217',
    name: 'accept-dns-override',
    topic: 'dns',
    severity: 'info',
    summary: '--accept-dns in TS_EXTRA_ARGS overrides TS_ACCEPT_DNS.',
    patterns: [templateToRegExp('TS_EXTRA_ARGS contains --accept-dns=%v, which overrides TS_ACCEPT_DNS=%v')],
    explain: fixed(
      'containerboot moves --accept-dns from TS_EXTRA_ARGS into TS_ACCEPT_DNS; host DNS on Talos is read-only for the extension anyway (T10)',
    ),
    fix: fixed('set TS_ACCEPT_DNS only, and leave --accept-dns out of TS_EXTRA_ARGS'),
    fixTitle: 'Use TS_ACCEPT_DNS only.',
  },
  {
    code: 'DOC218',
    name: 'iptables-missing',
    topic: 'firewall',
    severity: 'warning',
    summary: 'tailscaled found no iptables and fell back to nftables.',
    patterns: [/iptables not found/, /falling back to nftables/],
    explain: fixed(
      'extension v1.13.0 shipped without the iptables binary (siderolabs/extensions#1061); tailscaled then uses nftables',
    ),
    fix: fixed('upgrade to extension v1.13.1 or later, or set TS_DEBUG_FIREWALL_MODE=nftables explicitly'),
    fixTitle: 'Upgrade the extension to v1.13.1+.',
  },
  {
    code: 'DOC219',
    name: 'boot-timeout',
    topic: 'state',
    severity: 'warning',
    summary: 'containerboot gave up waiting for tailscaled to reach Running within its boot timeout.',
    patterns: [
      // Only containerboot's own boot deadline: tailscaled logs transient deadline errors often.
      /failed to watch tailscaled for updates: [^\n]*context deadline exceeded/,
    ],
    explain: fixed(
      'containerboot waits 60 s for Running; device approval, an unreachable control server or a slow network make it exit and restart',
    ),
    fix: fixed('look for DOC203/DOC207 lines above; check that the node reaches controlplane.tailscale.com'),
    fixTitle: 'Find what keeps tailscaled from Running (approval, DNS, network).',
  },
  {
    code: 'DOC220',
    name: 'up-failed',
    topic: 'flags',
    severity: 'error',
    summary: '`tailscale up` failed; the reason is on the lines before.',
    patterns: [/failed to auth tailscale: [^\n]*exit status (\d+)/],
    explain: match =>
      match[1] === '2'
        ? '`tailscale up` exited 2, which is a flag parsing error (an unknown flag or a bad value in TS_EXTRA_ARGS)'
        : '`tailscale up` rejected its arguments or the login; containerboot exits and the service restarts',
    fix: fixed('read the line just before this one; fix TS_EXTRA_ARGS, TS_HOSTNAME, TS_ROUTES or the key'),
    fixTitle: 'Fix the argument `tailscale up` rejected.',
  },
]

/** Classifies one log line; undefined when nothing is known about it. */
export function classifyLine(text: string, line = 1): LogMatch | undefined {
  const cut = text.length > MAX_LOG_LINE ? text.slice(0, MAX_LOG_LINE) : text
  for (const logClass of LOG_CLASSES) {
    for (const pattern of logClass.patterns) {
      const match = cut.match(pattern)
      if (!match) continue
      return {
        code: logClass.code,
        name: logClass.name,
        topic: logClass.topic,
        severity: logClass.severity,
        line,
        text: redactSecrets(cut.trim()).slice(0, 300),
        explanation: redactSecrets(logClass.explain(match)),
        fix: redactSecrets(logClass.fix(match)),
      }
    }
  }
  return undefined
}

/** Classifies every line of a log; lines that match nothing are skipped. */
export function classifyLog(text: string): LogMatch[] {
  const matches: LogMatch[] = []
  const lines = text.split(/\r?\n/)
  for (let i = 0; i < lines.length; i++) {
    const match = classifyLine(lines[i]!, i + 1)
    if (match) matches.push(match)
  }
  return matches
}

/** One entry per distinct explanation: the first line that showed it, and how often it occurred. */
export interface LogDiagnosis extends LogMatch {
  count: number
}

/** The generic "tailscale up failed" class: redundant once a line says why it failed. */
const UP_FAILED = 'DOC220'

/**
 * Groups matches by class and explanation, so a crash loop is one diagnosis with a count. A failed
 * `tailscale up` is dropped when another error in the same log already says why.
 */
export function diagnoseLog(text: string): LogDiagnosis[] {
  const byKey = new Map<string, LogDiagnosis>()
  for (const match of classifyLog(text)) {
    const key = `${match.code}\0${match.explanation}`
    const seen = byKey.get(key)
    if (seen) seen.count++
    else byKey.set(key, { ...match, count: 1 })
  }
  const all = [...byKey.values()]
  const explained = all.some(entry => entry.code !== UP_FAILED && entry.severity === 'error')
  return all.filter(entry => !(explained && entry.code === UP_FAILED)).sort((a, b) => a.line - b.line)
}
