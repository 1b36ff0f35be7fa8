/**
 * containerboot's environment as the Talos extension runs it: the variables containerboot reads,
 * which of them are booleans, what the extension presets, every `TS_*` name the Tailscale binaries
 * read, and the combinations containerboot refuses at start (with its exact messages). Data only;
 * `test/tailscale/variables.test.ts` checks it against the upstream reference tables.
 * @module
 */

/** What the extension's own service spec sets before any ExtensionServiceConfig entry (T5). */
export const EXTENSION_PRESETS: Readonly<Record<string, string>> = {
  PATH: '/sbin:/usr/local/bin',
  TS_SOCKET: '/var/run/tailscale/tailscaled.sock',
  TS_STATE_DIR: '/var/lib/tailscale',
  TS_USERSPACE: 'false',
}

/**
 * Presets an ExtensionServiceConfig cannot override: the extension's values come first and Go keeps
 * the first occurrence of a key. `PATH` is the exception (containerd replaces it in place).
 */
export const FIXED_PRESETS: readonly string[] = ['TS_SOCKET', 'TS_STATE_DIR', 'TS_USERSPACE']

/** How containerboot reads a variable. */
export type VariableKind = 'string' | 'bool' | 'path' | 'addr-port' | 'ip' | 'duration'

export interface ContainerbootVariable {
  name: string
  kind: VariableKind
  /** Other names containerboot reads for the same setting. */
  aliases?: readonly string[]
  /** Only meaningful inside Kubernetes. */
  kubernetesOnly?: boolean
  /** containerboot's default for booleans (what an unparsable value silently becomes). */
  default?: boolean
}

/** The variables containerboot itself reads (cmd/containerboot/settings.go, v1.102.2). */
export const CONTAINERBOOT_VARIABLES: readonly ContainerbootVariable[] = [
  { name: 'TS_AUTHKEY', kind: 'string', aliases: ['TS_AUTH_KEY'] },
  { name: 'TS_CLIENT_ID', kind: 'string' },
  { name: 'TS_CLIENT_SECRET', kind: 'string' },
  { name: 'TS_ID_TOKEN', kind: 'string' },
  { name: 'TS_AUDIENCE', kind: 'string' },
  { name: 'TS_HOSTNAME', kind: 'string' },
  { name: 'TS_ROUTES', kind: 'string' },
  { name: 'TS_DEST_IP', kind: 'ip' },
  { name: 'TS_EXPERIMENTAL_DEST_DNS_NAME', kind: 'string' },
  { name: 'TS_TAILNET_TARGET_IP', kind: 'ip' },
  { name: 'TS_TAILNET_TARGET_FQDN', kind: 'string' },
  { name: 'TS_TAILSCALED_EXTRA_ARGS', kind: 'string' },
  { name: 'TS_EXTRA_ARGS', kind: 'string' },
  { name: 'TS_USERSPACE', kind: 'bool', default: true },
  { name: 'TS_STATE_DIR', kind: 'path' },
  { name: 'TS_ACCEPT_DNS', kind: 'bool', default: false },
  { name: 'TS_KUBE_SECRET', kind: 'string', kubernetesOnly: true },
  { name: 'TS_SOCKS5_SERVER', kind: 'addr-port' },
  { name: 'TS_OUTBOUND_HTTP_PROXY_LISTEN', kind: 'addr-port' },
  { name: 'TS_SOCKET', kind: 'path' },
  { name: 'TS_AUTH_ONCE', kind: 'bool', default: false },
  { name: 'TS_SERVE_CONFIG', kind: 'path' },
  { name: 'TS_HEALTHCHECK_ADDR_PORT', kind: 'addr-port' },
  { name: 'TS_LOCAL_ADDR_PORT', kind: 'addr-port' },
  { name: 'TS_ENABLE_METRICS', kind: 'bool', default: false },
  { name: 'TS_ENABLE_HEALTH_CHECK', kind: 'bool', default: false },
  { name: 'TS_DEBUG_ADDR_PORT', kind: 'addr-port' },
  { name: 'TS_EXPERIMENTAL_VERSIONED_CONFIG_DIR', kind: 'path' },
  { name: 'TS_EXPERIMENTAL_ENABLE_FORWARDING_OPTIMIZATIONS', kind: 'bool', default: false },
  {
    name: 'EXPERIMENTAL_ALLOW_PROXYING_CLUSTER_TRAFFIC_VIA_INGRESS',
    kind: 'bool',
    default: false,
    kubernetesOnly: true,
  },
  { name: 'TS_EXPERIMENTAL_SERVICE_AUTO_ADVERTISEMENT', kind: 'bool', default: true },
  { name: 'TS_EGRESS_PROXIES_CONFIG_PATH', kind: 'path', kubernetesOnly: true },
  { name: 'TS_INGRESS_PROXIES_CONFIG_PATH', kind: 'path', kubernetesOnly: true },
  { name: 'TS_EXPERIMENTAL_CERT_SHARE', kind: 'bool', default: false, kubernetesOnly: true },
  { name: 'TS_BOOT_TIMEOUT', kind: 'duration' },
]

/** containerboot's boolean variables: parsed with strconv.ParseBool, anything else means the default. */
export const BOOL_VARIABLES: ReadonlySet<string> = new Set(
  CONTAINERBOOT_VARIABLES.filter(v => v.kind === 'bool').map(v => v.name),
)

/** Values Go's strconv.ParseBool accepts, with their meaning. */
const GO_BOOLS: Readonly<Record<string, boolean>> = {
  '1': true,
  t: true,
  T: true,
  TRUE: true,
  true: true,
  True: true,
  '0': false,
  f: false,
  F: false,
  FALSE: false,
  false: false,
  False: false,
}

/** Go's strconv.ParseBool: the boolean, or undefined when Go would reject the text. */
export function parseGoBool(text: string): boolean | undefined {
  return Object.hasOwn(GO_BOOLS, text) ? GO_BOOLS[text] : undefined
}

/** What a human most likely meant by a boolean-looking word Go does not accept (`yes`, `on`). */
export function intendedBool(text: string): boolean | undefined {
  const word = text.trim().toLowerCase()
  if (['yes', 'y', 'on', 'enable', 'enabled', 'true'].includes(word)) return true
  if (['no', 'n', 'off', 'disable', 'disabled', 'false'].includes(word)) return false
  return undefined
}

/**
 * Every environment name tailscale, tailscaled or containerboot reads (Tailscale main, 2026-08-22).
 * A `TS_*` name outside this list is read by nothing; one inside it but outside containerboot's own
 * list (such as `TS_DISABLE_PORTMAPPER`) is a valid daemon knob, because tailscaled inherits the
 * container's environment.
 */
export const KNOWN_ENV_NAMES: ReadonlySet<string> = new Set([
  'PORT',
  'TS_ACCEPT_DNS',
  'TS_ACME_ACCOUNT_FIELD',
  'TS_ACME_ACCOUNT_SECRET_NAME',
  'TS_ALLOW_ADMIN_CONSOLE_REMOTE_UPDATE',
  'TS_ALLOW_DEBUG_IP',
  'TS_ALLOW_SELF_INGRESS',
  'TS_API_CLIENT_ID',
  'TS_API_CLIENT_SECRET',
  'TS_API_KEY',
  'TS_APPC',
  'TS_ASSUME_NETWORK_UP_FOR_TEST',
  'TS_AUDIENCE',
  'TS_AUTHKEY',
  'TS_AUTH_KEY',
  'TS_AUTH_ONCE',
  'TS_BASE_URL',
  'TS_BE_CLI',
  'TS_BIND_TO_INTERFACE_BY_ROUTE',
  'TS_BOOT_TIMEOUT',
  'TS_CERT_SHARE_MODE',
  'TS_CHECKING_RESOURCES',
  'TS_CLIENT_ID',
  'TS_CLIENT_SECRET',
  'TS_CONN25_DATAPATH_DEBUG',
  'TS_CONTROL_URL',
  'TS_DEBUG_ACME',
  'TS_DEBUG_ACME_DIRECTORY_URL',
  'TS_DEBUG_ACME_FORCE_RENEWAL',
  'TS_DEBUG_ADDR_PORT',
  'TS_DEBUG_ALWAYS_USE_DERP',
  'TS_DEBUG_BACKEND_DELAY_SEC',
  'TS_DEBUG_CONFIGURE_WSL',
  'TS_DEBUG_CONNECT_FAILURES',
  'TS_DEBUG_CONTROL_FLAGS',
  'TS_DEBUG_CRASH_ON_UNEXPECTED',
  'TS_DEBUG_DERP',
  'TS_DEBUG_DERP_PER_CLIENT_SEND_QUEUE_DEPTH',
  'TS_DEBUG_DERP_WS_CLIENT',
  'TS_DEBUG_DISABLE_LIKELY_HOME_ROUTER_IP_SELF',
  'TS_DEBUG_DISABLE_PORTLIST',
  'TS_DEBUG_DISABLE_UDP_GRO',
  'TS_DEBUG_DISABLE_UDP_GSO',
  'TS_DEBUG_DISCO',
  'TS_DEBUG_DNS_CACHE',
  'TS_DEBUG_DNS_FORWARD_SEND',
  'TS_DEBUG_DNS_FORWARD_USE_ROUTES',
  'TS_DEBUG_ENABLE_PMTUD',
  'TS_DEBUG_ENABLE_SILENT_DISCO',
  'TS_DEBUG_ENV_FILE',
  'TS_DEBUG_EXIT_NODE_DNS_NET_PKG',
  'TS_DEBUG_FAKE_GOOS',
  'TS_DEBUG_FAKE_HEALTH_ERROR',
  'TS_DEBUG_FAKE_IPC_VERSION',
  'TS_DEBUG_FAKE_PROXY_AUTH',
  'TS_DEBUG_FILTER_RATE_LIMIT_LOGS',
  'TS_DEBUG_FIREWALL_MODE',
  'TS_DEBUG_FORCE_ALL_IPV6_ENDPOINTS',
  'TS_DEBUG_FORCE_CLIENT_SIDE_REACHABILITY_ROUTECHECK',
  'TS_DEBUG_FORCE_H1_LOGS',
  'TS_DEBUG_KEY_PATH',
  'TS_DEBUG_LOGTAIL',
  'TS_DEBUG_LOGTAIL_FLUSHDELAY',
  'TS_DEBUG_LOGTAIL_WAKES',
  'TS_DEBUG_LOG_RATE',
  'TS_DEBUG_LOG_SSH',
  'TS_DEBUG_LOG_TIME',
  'TS_DEBUG_MAGICSOCK_BIND_SOCKET',
  'TS_DEBUG_MAGICSOCK_PEERMAP',
  'TS_DEBUG_MAGICSOCK_RING_BUFFER_MAX_SIZE_BYTES',
  'TS_DEBUG_MAGIC_DNS_DUAL_STACK',
  'TS_DEBUG_MAP',
  'TS_DEBUG_MTU',
  'TS_DEBUG_NETCHECK',
  'TS_DEBUG_NETCHECK_UDP_BIND',
  'TS_DEBUG_NETLINK',
  'TS_DEBUG_NETSTACK',
  'TS_DEBUG_NETSTACK_LEAK_MODE',
  'TS_DEBUG_NETSTACK_LOOPBACK_PORT',
  'TS_DEBUG_NETSTACK_SUBNETS',
  'TS_DEBUG_NEVER_DIRECT_UDP',
  'TS_DEBUG_NOISE_DIAL',
  'TS_DEBUG_OMIT_LOCAL_ADDRS',
  'TS_DEBUG_PANIC_MACHINE_KEY',
  'TS_DEBUG_PATCHIFY_PEER',
  'TS_DEBUG_PATCHIFY_PEER_MISS',
  'TS_DEBUG_PERMIT_HTTP_C2N',
  'TS_DEBUG_PMTUD',
  'TS_DEBUG_PREFER_IPV6_USERDIAL',
  'TS_DEBUG_PRETENDPOINT',
  'TS_DEBUG_PROFILES',
  'TS_DEBUG_PROXY_DNS',
  'TS_DEBUG_RAW_DISCO',
  'TS_DEBUG_RAW_WGLOG',
  'TS_DEBUG_REGISTER',
  'TS_DEBUG_RESTART_CRASHED',
  'TS_DEBUG_RESTUN_STOP_ON_IDLE',
  'TS_DEBUG_ROUTECHECK',
  'TS_DEBUG_SCOPE_QUAD100_MACOS',
  'TS_DEBUG_SEND_CALLME_UNKNOWN_PEER',
  'TS_DEBUG_SLOW_PUSH',
  'TS_DEBUG_SSH_EXEC',
  'TS_DEBUG_SSH_IGNORE_TAILNET_POLICY',
  'TS_DEBUG_SSH_POLICY_FILE',
  'TS_DEBUG_SSH_VLOG',
  'TS_DEBUG_STRIP_CAPS',
  'TS_DEBUG_STRIP_ENDPOINTS',
  'TS_DEBUG_STRIP_HOME_DERP',
  'TS_DEBUG_TLS_DIAL',
  'TS_DEBUG_TPM',
  'TS_DEBUG_TRUSTED_CIDRS',
  'TS_DEBUG_UNINSTALL_VERSION',
  'TS_DEBUG_UP_FLAG_GOOS',
  'TS_DEBUG_USE_DERP_ADDR',
  'TS_DEBUG_USE_DERP_HTTP',
  'TS_DEBUG_USE_IP_COMMAND',
  'TS_DEBUG_VERBOSE_DROPS',
  'TS_DEBUG_WEB_CLIENT_DEV',
  'TS_DEBUG_WG_BATCH_SIZE',
  'TS_DEBUG_WHOIS',
  'TS_DERP_DISABLE_RTT_STATS',
  'TS_DEST_IP',
  'TS_DISABLE_PORTMAPPER',
  'TS_DISABLE_SSH_SERVER',
  'TS_DISABLE_TAILDROP',
  'TS_DISABLE_UPNP',
  'TS_DISCO_PONG_IPV4_DELAY',
  'TS_DNS_FORWARD_SKIP_TCP_RETRY',
  'TS_DUMP_HELP',
  'TS_EGRESS_PROXIES_CONFIG_PATH',
  'TS_ENABLE_HEALTH_CHECK',
  'TS_ENABLE_METRICS',
  'TS_ENABLE_RAW_DISCO',
  'TS_EXPERIMENTAL_CERT_SHARE',
  'TS_EXPERIMENTAL_DEST_DNS_NAME',
  'TS_EXPERIMENTAL_ENABLE_FORWARDING_OPTIMIZATIONS',
  'TS_EXPERIMENTAL_SERVICE_AUTO_ADVERTISEMENT',
  'TS_EXPERIMENTAL_VERSIONED_CONFIG_DIR',
  'TS_EXTRA_ARGS',
  'TS_FAKE_SYNOLOGY',
  'TS_FORCE_ALLOW_TSAPP_UPDATE',
  'TS_FORCE_LINUX_BIND_TO_DEVICE',
  'TS_FORCE_NOISE_443',
  'TS_GO_NEXT',
  'TS_HEALTHCHECK_ADDR_PORT',
  'TS_HOSTNAME',
  'TS_HOST_ENV',
  'TS_ID_TOKEN',
  'TS_INGRESS_PROXIES_CONFIG_PATH',
  'TS_INTERNAL_APP',
  'TS_K8S_PROXY_CONFIG',
  'TS_KUBERNETES_READ_API_SERVER_ADDRESS_FROM_ENV',
  'TS_KUBE_SECRET',
  'TS_LINK_FAIL_REFLECT',
  'TS_LOCAL_ADDR_PORT',
  'TS_LOGS_DIR',
  'TS_LOG_TARGET',
  'TS_LOG_VERBOSITY',
  'TS_MKVERSION_OSS_GIT_CACHE',
  'TS_NATC',
  'TS_NETSTACK_KEEPALIVE_IDLE',
  'TS_NETSTACK_KEEPALIVE_INTERVAL',
  'TS_NO_LOGS_NO_SUPPORT',
  'TS_OAUTH_ID',
  'TS_OAUTH_SECRET',
  'TS_OUTBOUND_HTTP_PROXY_LISTEN',
  'TS_PANIC_IF_HIT_MAIN_CONTROL',
  'TS_PARENT_DEATH_FD',
  'TS_PERMIT_CERT_UID',
  'TS_PERMIT_TOOLCHAIN_MISMATCH',
  'TS_PLEASE_PANIC',
  'TS_PORT',
  'TS_PORTLIST',
  'TS_ROUTES',
  'TS_SERIAL_TESTS',
  'TS_SERVE_CONFIG',
  'TS_SKIP_FLAKY_TESTS',
  'TS_SOCKET',
  'TS_SOCKS5_SERVER',
  'TS_SSH_DISABLE_FORWARDING',
  'TS_SSH_DISABLE_PTY',
  'TS_SSH_DISABLE_SFTP',
  'TS_STATE_DIR',
  'TS_TAILNET',
  'TS_TAILNET_TARGET_FQDN',
  'TS_TAILNET_TARGET_IP',
  'TS_TAILSCALED_EXTRA_ARGS',
  'TS_TESTWRAPPER_BUDGET',
  'TS_TESTWRAPPER_DEBUG',
  'TS_TESTWRAPPER_MAX_RETRY_TIME',
  'TS_TESTWRAPPER_MIN_RETRIES',
  'TS_TESTWRAPPER_RESULTS_JSON',
  'TS_TESTWRAPPER_RESULTS_PKG',
  'TS_TESTWRAPPER_RESULTS_SUMMARY',
  'TS_TEST_ALLOW_AUTO_UPDATE',
  'TS_TEST_FAKE_NETFILTER',
  'TS_TEST_FAKE_NETFILTER_6',
  'TS_TEST_ONLY_ROOT',
  'TS_TEST_SHARD',
  'TS_TUN_DISABLE_TCP_GRO',
  'TS_TUN_DISABLE_UDP_GRO',
  'TS_UNSAFE_SKIP_NKS_VERIFICATION',
  'TS_UPDATE_SKIP_VERSION_CHECK',
  'TS_USERSPACE',
  'TS_USE_CACHED_NETMAP',
  'TS_USE_CONTROL_DIAL_PLAN',
  'TS_VERSION_OVERRIDE',
  'TS_WAKE_MAC',
])

/** Environment a variable combination is judged on: the effective value of each key, or undefined. */
export type EffectiveEnv = ReadonlyMap<string, string>

/** One combination containerboot refuses at start, with its exact message (settings.go validate()). */
export interface RejectedCombination {
  /** The variables involved; findings point at the first of them that is set. */
  variables: readonly string[]
  /** containerboot's message, verbatim. It prints `invalid configuration: invalid configuration: <message>`. */
  message: string
  when(env: EffectiveEnv): boolean
}

const set = (env: EffectiveEnv, name: string): boolean => (env.get(name) ?? '') !== ''
const truthy = (env: EffectiveEnv, name: string): boolean => parseGoBool(env.get(name) ?? '') === true
const authKey = (env: EffectiveEnv): boolean => set(env, 'TS_AUTHKEY') || set(env, 'TS_AUTH_KEY')
const userspace = (env: EffectiveEnv): boolean => parseGoBool(env.get('TS_USERSPACE') ?? '') ?? true

/** Rejected when both variables are set. */
const notBoth = (first: string, second: string, message: string): RejectedCombination => ({
  variables: [first, second],
  message,
  when: env => set(env, first) && set(env, second),
})
/** Rejected when the variable is on (`set` by default; `truthy` for switches) and tailscaled runs in userspace. */
const notInUserspace = (name: string, message: string, on = set): RejectedCombination => ({
  variables: [name, 'TS_USERSPACE'],
  message,
  when: env => on(env, name) && userspace(env),
})
/** Rejected when the variable is on (`set` by default; `truthy` for switches) without the one it needs. */
const needs = (name: string, needed: string, message: string, on = set): RejectedCombination => ({
  variables: [name, needed],
  message,
  when: env => on(env, name) && !set(env, needed),
})
/** Rejected whenever the variable is set. */
const refused = (name: string, message: string): RejectedCombination => ({
  variables: [name],
  message,
  when: env => set(env, name),
})

const VERSIONED_CONFIG_EXCLUSIVE = [
  'TS_HOSTNAME',
  'TS_EXTRA_ARGS',
  'TS_AUTHKEY',
  'TS_ROUTES',
  'TS_ACCEPT_DNS',
  'TS_CLIENT_ID',
  'TS_CLIENT_SECRET',
  'TS_ID_TOKEN',
  'TS_AUDIENCE',
] as const

/**
 * The combinations containerboot rejects. Judged on the effective environment (presets first), so
 * the userspace-only ones cannot fire on Talos, whose extension pins `TS_USERSPACE=false`.
 */
export const REJECTED_COMBINATIONS: readonly RejectedCombination[] = [
  notBoth(
    'TS_TAILNET_TARGET_IP',
    'TS_TAILNET_TARGET_FQDN',
    'Both TS_TAILNET_TARGET_IP and TS_TAILNET_FQDN cannot be set',
  ),
  notBoth(
    'TS_EXPERIMENTAL_DEST_DNS_NAME',
    'TS_DEST_IP',
    'TS_EXPERIMENTAL_DEST_DNS_NAME and TS_DEST_IP cannot both be set',
  ),
  notInUserspace('TS_DEST_IP', 'TS_DEST_IP is not supported with TS_USERSPACE'),
  notInUserspace(
    'TS_EXPERIMENTAL_DEST_DNS_NAME',
    'TS_EXPERIMENTAL_DEST_DNS_NAME is not supported with TS_USERSPACE',
  ),
  notInUserspace('TS_TAILNET_TARGET_IP', 'TS_TAILNET_TARGET_IP is not supported with TS_USERSPACE'),
  notInUserspace('TS_TAILNET_TARGET_FQDN', 'TS_TAILNET_TARGET_FQDN is not supported with TS_USERSPACE'),
  {
    variables: ['TS_EXPERIMENTAL_VERSIONED_CONFIG_DIR', ...VERSIONED_CONFIG_EXCLUSIVE],
    message:
      'TS_EXPERIMENTAL_VERSIONED_CONFIG_DIR cannot be set in combination with TS_HOSTNAME, TS_EXTRA_ARGS, TS_AUTHKEY, TS_ROUTES, TS_ACCEPT_DNS, TS_CLIENT_ID, TS_CLIENT_SECRET, TS_ID_TOKEN, TS_AUDIENCE.',
    when: env =>
      set(env, 'TS_EXPERIMENTAL_VERSIONED_CONFIG_DIR') &&
      (authKey(env) ||
        env.has('TS_ROUTES') ||
        parseGoBool(env.get('TS_ACCEPT_DNS') ?? '') !== undefined ||
        VERSIONED_CONFIG_EXCLUSIVE.some(name => set(env, name))),
  },
  notInUserspace(
    'TS_EXPERIMENTAL_ENABLE_FORWARDING_OPTIMIZATIONS',
    'TS_EXPERIMENTAL_ENABLE_FORWARDING_OPTIMIZATIONS is not supported in userspace mode',
    truthy,
  ),
  {
    variables: ['TS_HEALTHCHECK_ADDR_PORT', 'TS_ENABLE_HEALTH_CHECK'],
    message:
      'TS_HEALTHCHECK_ADDR_PORT is deprecated and will be removed in 1.82.0, use TS_ENABLE_HEALTH_CHECK and optionally TS_LOCAL_ADDR_PORT',
    when: env => set(env, 'TS_HEALTHCHECK_ADDR_PORT') && truthy(env, 'TS_ENABLE_HEALTH_CHECK'),
  },
  refused(
    'TS_EGRESS_PROXIES_CONFIG_PATH',
    'TS_EGRESS_PROXIES_CONFIG_PATH is only supported for Tailscale running on Kubernetes',
  ),
  refused(
    'TS_INGRESS_PROXIES_CONFIG_PATH',
    'TS_INGRESS_PROXIES_CONFIG_PATH is only supported for Tailscale running on Kubernetes',
  ),
  needs('TS_ID_TOKEN', 'TS_CLIENT_ID', 'TS_ID_TOKEN is set but TS_CLIENT_ID is not set'),
  needs('TS_AUDIENCE', 'TS_CLIENT_ID', 'TS_AUDIENCE is set but TS_CLIENT_ID is not set'),
  notBoth('TS_ID_TOKEN', 'TS_CLIENT_SECRET', 'TS_ID_TOKEN and TS_CLIENT_SECRET cannot both be set'),
  notBoth('TS_ID_TOKEN', 'TS_AUDIENCE', 'TS_ID_TOKEN and TS_AUDIENCE cannot both be set'),
  notBoth('TS_AUDIENCE', 'TS_CLIENT_SECRET', 'TS_AUDIENCE and TS_CLIENT_SECRET cannot both be set'),
  {
    variables: [
      'TS_AUTHKEY',
      'TS_AUTH_KEY',
      'TS_CLIENT_ID',
      'TS_CLIENT_SECRET',
      'TS_ID_TOKEN',
      'TS_AUDIENCE',
    ],
    message: 'TS_AUTHKEY cannot be used with TS_CLIENT_ID, TS_CLIENT_SECRET, TS_ID_TOKEN, or TS_AUDIENCE.',
    when: env =>
      authKey(env) &&
      ['TS_CLIENT_ID', 'TS_CLIENT_SECRET', 'TS_ID_TOKEN', 'TS_AUDIENCE'].some(n => set(env, n)),
  },
  notInUserspace(
    'EXPERIMENTAL_ALLOW_PROXYING_CLUSTER_TRAFFIC_VIA_INGRESS',
    'EXPERIMENTAL_ALLOW_PROXYING_CLUSTER_TRAFFIC_VIA_INGRESS is not supported in userspace mode',
    truthy,
  ),
  needs(
    'EXPERIMENTAL_ALLOW_PROXYING_CLUSTER_TRAFFIC_VIA_INGRESS',
    'TS_SERVE_CONFIG',
    'EXPERIMENTAL_ALLOW_PROXYING_CLUSTER_TRAFFIC_VIA_INGRESS is set but this is not a cluster ingress proxy',
    truthy,
  ),
  needs(
    'EXPERIMENTAL_ALLOW_PROXYING_CLUSTER_TRAFFIC_VIA_INGRESS',
    'POD_IP',
    'EXPERIMENTAL_ALLOW_PROXYING_CLUSTER_TRAFFIC_VIA_INGRESS is set but POD_IP is not set',
    truthy,
  ),
]
