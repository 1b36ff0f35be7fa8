/**
 * The intent file (`talscale.yaml`): one zod schema is the single definition behind validation,
 * the resolved `Intent` type, the editor JSON Schema (`talscale.schema.json`) and the reference docs.
 * Every field carries a description because those texts become editor hovers and the README.
 *
 * Error messages are built in ./messages.ts (each names what was found and what is expected; a value
 * under a secret field is never quoted).
 * @module
 */
import { z } from 'zod'
import { hasControlCharacters, urlProblem } from '../core/escape.ts'
import { canonicalCidr, parseCidr, parseIp } from '../core/net.ts'
import { LINK_TYPES, type LinkType } from '../tailscale/env.ts'
import { DEFAULT_TALOS_VERSION, formatTalosVersion } from '../talos/version.ts'
import { crossCheck, DNS_LABEL } from './cross-check.ts'
import { describeValue, expecting, type RawIssue } from './messages.ts'

export { DNS_LABEL, expandHostname } from './cross-check.ts'
export { describeValue, intentErrorMap, isSecretPath } from './messages.ts'

// ---------------------------------------------------------------------------------------------------
// Building blocks

const DNS_NAME = /^([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/
/** Tailscale ACL tag syntax. */
export const TAG_PATTERN = /^tag:[A-Za-z][A-Za-z0-9-]*$/
/**
 * The spellings `--talos-version` accepts: `v1.13.9`, `1.13`, `v1.14.0-rc.1`, from v1.10 on. Minors
 * newer than talscale knows pass (generate warns and uses the newest contract it knows).
 */
export const TALOS_VERSION_PATTERN = /^v?1\.([1-9]\d+)(\.(0|[1-9]\d*))?(-[0-9A-Za-z.-]+)?$/
const CIDR_SHAPE = /^[0-9A-Fa-f:.]+\/\d{1,3}$/
const HTTPS_URL = /^https:\/\/[^\s/?#]+(\/[^\s?#]*)?$/
const HTTP_URL = /^https?:\/\/[^\s/?#]+(\/[^\s?#]*)?$/
const BASE_URL = /^https?:\/\/[^\s/?#]+\/?$/

/**
 * Talos platforms the Image Factory builds images for (talos `pkg/machinery/platforms`); a test keeps
 * this list equal to the factory module's table, which also says which arches and SecureBoot each has.
 */
export const PLATFORMS = [
  'akamai',
  'aws',
  'azure',
  'cloudstack',
  'digital-ocean',
  'equinixMetal',
  'exoscale',
  'gcp',
  'hcloud',
  'metal',
  'nocloud',
  'opennebula',
  'openstack',
  'oracle',
  'scaleway',
  'upcloud',
  'vmware',
  'vultr',
] as const
export type Platform = (typeof PLATFORMS)[number]

export const ARCHES = ['amd64', 'arm64'] as const
export type Arch = (typeof ARCHES)[number]

// Link types are a Tailscale fact (they decide TS_DEBUG_MTU); the intent re-exports them.
export { LINK_TYPES, type LinkType }

export const ROLES = ['controlplane', 'worker'] as const
export type Role = (typeof ROLES)[number]

/** Route names a subnet router may use instead of a CIDR. */
export const ROUTE_NAMES = ['pods', 'services', 'lan'] as const
export type RouteName = (typeof ROUTE_NAMES)[number]

/** Tailscale's smallest safe TUN MTU; below it the kernel drops IPv6 on tailscale0 (T14). */
export const MIN_MTU = 1280
/** tailscaled clamps larger values silently to wireguard-go's maximum content size (T14). */
export const MAX_MTU = 65495
/** The UDP port pinned by default: tailscaled's usual port, so firewall rules can name it (T8). */
export const DEFAULT_PORT = 41641
/** The tag nodes get when the intent names none: persistent nodes are always tagged. */
export const DEFAULT_TAG = 'tag:talos'
export const DEFAULT_POD_SUBNETS = ['10.244.0.0/16']
export const DEFAULT_SERVICE_SUBNETS = ['10.96.0.0/12']
export const DEFAULT_FACTORY = 'https://factory.talos.dev'
export const DEFAULT_HOSTNAME_PATTERN = '{node}'
export const HOSTNAME_PLACEHOLDERS = ['node', 'cluster', 'role'] as const

const bool = (description: string, fallback: boolean) =>
  z
    .boolean({ error: expecting('true or false') })
    .default(fallback)
    .describe(`${description} Default ${fallback}.`)

const dnsLabel = (what: string) =>
  z.string({ error: expecting(`${what}: a DNS label like "cp-1"`) }).regex(DNS_LABEL, {
    error: expecting(
      `${what}: a DNS label (lowercase letters, digits and dashes, 1-63 characters, starting and ending with a letter or digit)`,
      'is not a DNS label',
    ),
  })

function cidrProblem(text: string, options: { allowDefault?: boolean } = {}): string | undefined {
  const cidr = parseCidr(text)
  if (!cidr) return 'is not a CIDR'
  const canonical = canonicalCidr(cidr)
  if (canonical !== text) return `is not in canonical form (write it as ${canonical})`
  if (cidr.bits === 0 && !options.allowDefault) return 'is a default route (use exitNode: true for that)'
  return undefined
}

/** A canonical CIDR: valid, host bits zero, written the way Talos and Tailscale print it. */
const cidr = (description: string) =>
  z
    .string({ error: expecting('a CIDR like 192.168.1.0/24') })
    .regex(CIDR_SHAPE, { error: expecting('a CIDR like 192.168.1.0/24', 'is not a CIDR') })
    .superRefine((text, ctx) => {
      const problem = cidrProblem(text)
      if (problem) ctx.addIssue({ code: 'custom', input: text, message: problemMessage(text, problem) })
    })
    .describe(description)

function problemMessage(input: unknown, problem: string, expectation = 'a CIDR like 192.168.1.0/24'): string {
  return `${describeValue(input)} ${problem}; expected ${expectation}`
}

const cidrList = (description: string) =>
  z
    .array(cidr('A CIDR prefix.'), { error: expecting('a list of CIDRs like [192.168.1.0/24]') })
    .min(1, { error: expecting('at least one CIDR like 192.168.1.0/24', 'is an empty list') })
    .describe(description)

const cidrListWithDefault = (description: string, fallback: string[]) =>
  z
    .array(cidr('A CIDR prefix.'), { error: expecting('a list of CIDRs like [192.168.1.0/24]') })
    .min(1, { error: expecting('at least one CIDR like 192.168.1.0/24', 'is an empty list') })
    .default(fallback)
    .describe(description)

const platform = z
  .enum(PLATFORMS, {
    error: expecting(`a Talos platform: ${PLATFORMS.join(', ')}`, 'is not a Talos platform'),
  })
  .describe('Talos platform the image is built for; decides the installer and boot media names.')

const arch = z
  .enum(ARCHES, { error: expecting('amd64 or arm64', 'is not a supported architecture') })
  .describe('CPU architecture: amd64 or arm64.')

/**
 * A secret given by reference. A plain string is accepted as a literal (with a warning from the
 * loader) and resolved to `{literal}`; the file is meant to be committed, the secret is not.
 */
const secretRef = (description: string) =>
  z
    .union(
      [
        z
          .string()
          .min(1)
          .transform(literal => ({ literal }))
          .describe('The secret itself. Accepted with a warning: the intent file is meant to be committed.'),
        z
          .strictObject({
            env: z
              .string()
              .regex(/^[A-Za-z_][A-Za-z0-9_]*$/)
              .describe('Name of the environment variable that holds the secret at apply time.'),
          })
          .describe('Read the secret from an environment variable.'),
        z
          .strictObject({
            file: z
              .string()
              .min(1)
              // The path is written into apply.sh and README.md: a newline there would be a command.
              .refine(path => !hasControlCharacters(path), {
                error: expecting('a file path without control characters', 'contains control characters'),
              })
              .describe('Path of a file that holds the secret, relative to the intent file.'),
          })
          .describe('Read the secret from a file (trailing newline ignored).'),
      ],
      { error: expecting('{env: NAME} or {file: PATH}', 'is not a secret reference') },
    )
    .describe(description)

// ---------------------------------------------------------------------------------------------------
// The schema

/** Disk types Talos's install disk selector knows (v1alpha1 `diskSelector.type`). */
export const INSTALL_DISK_TYPES = ['nvme', 'ssd', 'hdd', 'sd'] as const

const installDisk = z
  .union(
    [
      z
        .string()
        .regex(/^\/dev\/[A-Za-z0-9._:/-]+$/, {
          error: expecting(
            'a device path like /dev/nvme0n1, or a selector like {type: nvme} (nvme, ssd, hdd, sd)',
            'is not an install disk',
          ),
        })
        .describe('A device path, e.g. /dev/nvme0n1, /dev/mmcblk0 or /dev/disk/by-id/...'),
      z
        .strictObject({
          type: z
            .enum(INSTALL_DISK_TYPES)
            .describe('nvme, ssd, hdd or sd (SD/eMMC): the first matching disk.'),
        })
        .describe('A disk selector: the first disk of that type.'),
    ],
    {
      error: expecting(
        'a device path like /dev/nvme0n1, or a selector like {type: nvme} (nvme, ssd, hdd, sd)',
        'is not an install disk',
      ),
    },
  )
  .describe(
    'Disk Talos installs to: a device path, or {type: nvme|ssd|hdd|sd}. `talosctl gen config` defaults to /dev/sda, which is wrong for NVMe and SD boot.',
  )

const clusterSchema = z
  .strictObject({
    name: dnsLabel('the cluster name').describe(
      'Cluster name (a DNS label). Used for the Talos cluster name and the {cluster} hostname placeholder.',
    ),
    talosVersion: z
      .string({ error: expecting('a Talos version from v1.10 on, like v1.13.9') })
      .regex(TALOS_VERSION_PATTERN, {
        error: expecting('a Talos version from v1.10 on, like v1.13.9', 'is not a supported Talos version'),
      })
      .default(formatTalosVersion(DEFAULT_TALOS_VERSION))
      .describe(
        `Talos version the bundle targets, v1.10 or later, written as --talos-version accepts it (v1.13.9, 1.13, v1.14.0-rc.1). Versions newer than talscale knows are accepted with a warning and get the newest config forms talscale knows. Config document forms and image names depend on it (T3, T18); \`generate --talos-version\` overrides it. Default ${formatTalosVersion(DEFAULT_TALOS_VERSION)}.`,
      ),
    endpoint: z
      .string({ error: expecting('an https URL like https://192.168.1.10:6443') })
      .regex(HTTPS_URL, {
        error: expecting('an https URL like https://192.168.1.10:6443', 'is not an https URL'),
      })
      .refine(isUrl, {
        error: expecting('an https URL like https://192.168.1.10:6443', 'is not a valid URL'),
      })
      .superRefine(safeUrl('an https URL like https://192.168.1.10:6443', {}))
      .describe('Kubernetes API endpoint, as given to `talosctl gen config` (https://HOST:6443).'),
    lanSubnets: cidrList(
      'Local subnets where kubelet and etcd must stay: pinned in `machine.kubelet.nodeIP.validSubnets` and `cluster.etcd.advertisedSubnets`, because otherwise nodes on 192.168/172.16 LANs switch to their 100.x tailnet address (T12). Every node address must lie inside one of them.',
    ),
    podSubnets: cidrListWithDefault(
      'Pod network CIDRs. Default the Talos value 10.244.0.0/16.',
      DEFAULT_POD_SUBNETS,
    ),
    serviceSubnets: cidrListWithDefault(
      'Service network CIDRs. Default the Talos value 10.96.0.0/12.',
      DEFAULT_SERVICE_SUBNETS,
    ),
    kubespan: bool(
      'Enable KubeSpan. When on, talscale adds endpoint filters so KubeSpan neither advertises nor routes 100.x tailnet addresses (T9).',
      false,
    ),
    installDisk: installDisk
      .optional()
      .describe(
        `${installDisk.description} For every node unless the node sets its own; unset keeps gen config's /dev/sda.`,
      ),
    firewall: z
      .enum(['allow', 'block'], { error: expecting('allow or block', 'is not a firewall mode') })
      .default('allow')
      .describe(
        'Default action of the Talos ingress firewall. With block, talscale adds rules for the Talos API and the Tailscale port from the tailnet, since tailscale0 is not trusted (T17). Default allow.',
      ),
  })
  .describe('The cluster as Talos and Kubernetes see it.')

const overlaySchema = z
  .strictObject({
    name: z
      .string({ error: expecting('an overlay name like rpi_generic') })
      .regex(/^[a-z0-9][a-z0-9_-]*$/, {
        error: expecting('an overlay name like rpi_generic', 'is not an overlay name'),
      })
      .describe('Overlay name, e.g. rpi_generic.'),
    image: z
      .string({ error: expecting('an overlay image like siderolabs/sbc-raspberrypi') })
      .regex(/^[a-z0-9][a-z0-9._-]*\/[a-z0-9][a-z0-9._-]*$/, {
        error: expecting('an overlay image like siderolabs/sbc-raspberrypi', 'is not an overlay image name'),
      })
      .describe('Overlay image, e.g. siderolabs/sbc-raspberrypi.'),
    options: z
      .record(z.string(), z.unknown(), { error: expecting('a mapping of overlay options') })
      .default({})
      .describe(
        'Overlay options, passed to the overlay as given. Schematics are public (T19): never put a secret here.',
      ),
  })
  .describe('Single-board-computer overlay for the image (Talos 1.7 and later).')

const imageSchema = z
  .strictObject({
    platform: platform.default('metal').describe(`${platform.description} Default metal.`),
    arch: arch.default('amd64').describe(`${arch.description} Default amd64.`),
    secureboot: bool('Build SecureBoot (UKI) images and use the -secureboot installer.', false),
    extensions: z
      .array(
        z
          .string({ error: expecting('an official extension name like siderolabs/iscsi-tools') })
          .regex(/^[a-z0-9][a-z0-9._-]*\/[a-z0-9][a-z0-9._-]*$/, {
            error: expecting(
              'an official extension name like siderolabs/iscsi-tools',
              'is not an extension name',
            ),
          }),
        { error: expecting('a list of extension names like [siderolabs/iscsi-tools]') },
      )
      .refine(unique, { error: duplicateMessage('extension') })
      .default([])
      .describe(
        'Further official extensions for the schematic, in order (order changes the schematic ID, T1). siderolabs/tailscale is always added.',
      ),
    extraKernelArgs: z
      .array(
        z
          .string({ error: expecting('a kernel argument like net.ifnames=0') })
          .regex(/^\S+$/, {
            error: expecting('one kernel argument without spaces', 'is not one kernel argument'),
          })
          .refine(arg => !hasControlCharacters(arg), {
            error: expecting('one kernel argument without spaces', 'contains control characters'),
          }),
        { error: expecting('a list of kernel arguments like [net.ifnames=0]') },
      )
      .default([])
      .describe(
        'Extra kernel arguments baked into the schematic. Schematics are public (T19): never a secret.',
      ),
    overlay: overlaySchema.optional(),
    factory: z
      .string({ error: expecting('a base URL like https://factory.talos.dev') })
      .regex(BASE_URL, {
        error: expecting('a base URL like https://factory.talos.dev (no path)', 'is not a base URL'),
      })
      .refine(isUrl, { error: expecting('a base URL like https://factory.talos.dev', 'is not a valid URL') })
      .superRefine(safeUrl('a base URL like https://factory.talos.dev', { allowHttp: true }))
      .default(DEFAULT_FACTORY)
      .describe(`Image Factory base URL; self-hosted factories exist. Default ${DEFAULT_FACTORY}.`),
  })
  .describe('The boot and installer image: an Image Factory schematic with siderolabs/tailscale.')

const authSchema = z
  .strictObject({
    authKey: secretRef(
      'Tailscale auth key (tskey-auth-...) as a reference: {env: NAME} or {file: PATH}. Use a reusable, pre-approved key for several nodes.',
    ).optional(),
    oauthClientSecret: secretRef(
      'Tailscale OAuth client secret (tskey-client-...) as a reference: {env: NAME} or {file: PATH}. Needs tags (T15).',
    ).optional(),
    ephemeral: bool(
      "OAuth only: register nodes as ephemeral. Talos nodes are persistent, so talscale writes ephemeral=false explicitly: OAuth's own default is true, and an ephemeral node disappears from the tailnet when offline (T15).",
      false,
    ),
    preauthorized: bool('OAuth only: register nodes pre-approved (preauthorized=true) (T15).', true),
  })
  .describe('How nodes log in to the tailnet: exactly one of authKey or oauthClientSecret.')

const tailscaleSchema = z
  .strictObject({
    auth: authSchema,
    tags: z
      .array(
        z.string({ error: expecting('a tag like tag:talos') }).regex(TAG_PATTERN, {
          error: expecting(
            'a tag like tag:talos ("tag:", a letter, then letters, digits or dashes)',
            'is not a tag',
          ),
        }),
        { error: expecting('a list of tags like [tag:talos]') },
      )
      .min(1, {
        error: expecting(
          'at least one tag like tag:talos',
          'is an empty list: an untagged node keeps node-key expiry (180 days by default) and drops off the tailnet when the key expires',
        ),
      })
      .refine(unique, { error: duplicateMessage('tag') })
      .default([DEFAULT_TAG])
      .describe(
        `Tags the nodes advertise (--advertise-tags); at least one. A tagged node's key does not expire, while an untagged node keeps node-key expiry (180 days by default) and drops off the tailnet when it runs out; OAuth requires tags too (T15). The tailnet policy gets tagOwners, autoApprovers and grants for them. Default [${DEFAULT_TAG}]; create the auth key with these tags.`,
      ),
    hostname: z
      .string({
        error: issue =>
          // `hostname: {node}` unquoted is a YAML flow mapping, the most likely mistake here.
          typeof issue.input === 'object' && issue.input !== null && !Array.isArray(issue.input)
            ? 'is a YAML mapping, because unquoted braces start one; expected a quoted pattern like "{node}"'
            : expecting('a hostname pattern like "{node}"')(issue),
      })
      .superRefine((pattern, ctx) => {
        const problem = hostnamePatternProblem(pattern)
        if (problem)
          ctx.addIssue({
            code: 'custom',
            input: pattern,
            message: problemMessage(
              pattern,
              problem,
              'a DNS label with {node}, {cluster} or {role} placeholders',
            ),
          })
      })
      .default(DEFAULT_HOSTNAME_PATTERN)
      .describe(
        'Tailnet hostname pattern (TS_HOSTNAME); placeholders {node}, {cluster}, {role}. Default "{node}".',
      ),
    acceptDns: bool(
      'Accept tailnet DNS settings on the node (--accept-dns). containerboot defaults it to false, and turning it on makes the host resolver depend on the tailnet (T10).',
      false,
    ),
    link: z
      .enum(LINK_TYPES, {
        error: expecting('ethernet, pppoe, mobile or overlay', 'is not a link type'),
      })
      .optional()
      .describe(
        'The node uplink: ethernet, pppoe, mobile or overlay. Documentation only: it no longer sets TS_DEBUG_MTU, because the link MTU is not the path MTU and 1280 (the default) fits every path (T14). Mutually exclusive with mtu; ethernet when neither is set.',
      ),
    mtu: z
      .number({ error: expecting(`an integer from ${MIN_MTU} to ${MAX_MTU}`) })
      .int({ error: expecting(`an integer from ${MIN_MTU} to ${MAX_MTU}`, 'is not an integer') })
      .min(MIN_MTU, {
        error: expecting(
          `an integer from ${MIN_MTU} to ${MAX_MTU}`,
          `is below ${MIN_MTU}, which removes IPv6 from tailscale0 (T14)`,
        ),
      })
      .max(MAX_MTU, {
        error: expecting(
          `an integer from ${MIN_MTU} to ${MAX_MTU}`,
          `is above ${MAX_MTU}, which tailscaled silently clamps (T14)`,
        ),
      })
      .optional()
      .describe(
        `Explicit tailscale0 MTU (TS_DEBUG_MTU), ${MIN_MTU} to ${MAX_MTU} (T14). Unset by default: Tailscale treats the variable as a debugging knob, its 1280 default fits every path, and a larger value black-holes large packets where the path MTU is smaller than the link's (PPPoE, DS-Lite, tunnels). Set it only for a measured path. Mutually exclusive with link.`,
      ),
    port: z
      .union(
        [
          z.number().int().min(1).max(65535).describe('The UDP port.'),
          z.literal('random').describe('Leave the port unpinned: tailscaled picks a random one.'),
        ],
        { error: expecting('a UDP port from 1 to 65535, or random', 'is not a port') },
      )
      .default(DEFAULT_PORT)
      .describe(
        `UDP port tailscaled listens on, pinned with --port in TS_TAILSCALED_EXTRA_ARGS (a tailscaled flag, not an up flag: T8) so firewall rules can match it; "random" leaves it unpinned. Default ${DEFAULT_PORT}.`,
      ),
    loginServer: z
      .string({ error: expecting('a URL like https://headscale.example.com') })
      .regex(HTTP_URL, { error: expecting('a URL like https://headscale.example.com', 'is not a URL') })
      .refine(isUrl, { error: expecting('a URL like https://headscale.example.com', 'is not a valid URL') })
      .superRefine(safeUrl('a URL like https://headscale.example.com', { allowHttp: true }))
      .optional()
      .describe('Coordination server URL (--login-server), e.g. a Headscale instance. Default: Tailscale.'),
    ssh: bool('Enable Tailscale SSH (--ssh). Talos has no shell, so this is rarely useful.', false),
    authOnce: bool(
      'TS_AUTH_ONCE: log in only once. When false (the containerboot default) `tailscale up` runs on every start, so removing a flag later needs --reset; when true, later changes to the flags are never applied (T16). Always on with an OAuth client secret, which would otherwise mint a new key at every start and crash-loop a node that boots offline.',
      false,
    ),
    tailnetDomain: z
      .string({ error: expecting('a tailnet DNS name like tail1234.ts.net') })
      .regex(DNS_NAME, { error: expecting('a tailnet DNS name like tail1234.ts.net', 'is not a DNS name') })
      .optional()
      .describe(
        'Tailnet DNS name (MagicDNS suffix), e.g. tail1234.ts.net. Enables MagicDNS names <host>.<tailnetDomain>: added to certSANs, since Talos adds tailnet IPs but not names (T13), and forwarded by CoreDNS to 100.100.100.100.',
      ),
    operator: bool(
      'Hybrid layout: also generate Helm values for the Tailscale Kubernetes operator, for exposing workloads.',
      false,
    ),
  })
  .describe('Tailscale on the nodes: the siderolabs/tailscale extension and its ExtensionServiceConfig.')

const routeSchema = z
  .string({ error: expecting('pods, services, lan or a CIDR like 10.20.0.0/16') })
  .superRefine((route, ctx) => {
    if ((ROUTE_NAMES as readonly string[]).includes(route)) return
    const problem = CIDR_SHAPE.test(route) ? cidrProblem(route) : 'is neither a route name nor a CIDR'
    if (problem)
      ctx.addIssue({
        code: 'custom',
        input: route,
        message: problemMessage(route, problem, 'pods, services, lan or a CIDR like 10.20.0.0/16'),
      })
  })
  .describe('A route: pods, services or lan (expanded to the cluster subnets), or a CIDR.')

const nodeSchema = z
  .strictObject({
    hostname: dnsLabel('the node hostname').describe(
      'Node hostname (a DNS label, unique). Also the {node} of the tailnet hostname pattern.',
    ),
    role: z
      .enum(ROLES, { error: expecting('controlplane or worker', 'is not a role') })
      .describe('Machine type: controlplane or worker.'),
    address: z
      .string({ error: expecting('an IP address like 192.168.1.11') })
      .refine(text => parseIp(text) !== undefined, {
        error: expecting('an IP address like 192.168.1.11', 'is not an IP address'),
      })
      .describe('LAN address of the node; must lie inside one of cluster.lanSubnets (T12).'),
    platform: platform.optional().describe(`${platform.description} Overrides image.platform for this node.`),
    arch: arch.optional().describe(`${arch.description} Overrides image.arch for this node.`),
    installDisk: installDisk.optional().describe(`${installDisk.description} Overrides cluster.installDisk.`),
    tailscale: bool('Run Tailscale on this node.', true),
    subnetRouter: z
      .strictObject({
        routes: z
          .array(routeSchema, { error: expecting('a list of routes like [pods, services, lan]') })
          .min(1, { error: expecting('at least one route', 'is an empty list') })
          .refine(unique, { error: duplicateMessage('route') })
          .describe('Routes to advertise (TS_ROUTES): pods, services, lan, or CIDRs.'),
        snat: bool(
          'Masquerade traffic to advertised routes (--snat-subnet-routes); turn off to keep tailnet source addresses (the LAN then needs a route back).',
          true,
        ),
      })
      .optional()
      .describe(
        'Make this node a subnet router. IPv6 routes need IPv6 forwarding, which talscale adds (T11).',
      ),
    exitNode: bool(
      'Advertise this node as an exit node (--advertise-exit-node); talscale adds IPv6 forwarding (T11).',
      false,
    ),
  })
  .describe('One Talos node.')

const intentObject = z.strictObject({
  version: z
    .literal(1, { error: expecting('1 (the intent format version)', 'is not a known intent format version') })
    .describe('Intent file format version. Always 1.'),
  cluster: clusterSchema,
  image: imageSchema.prefault({}),
  tailscale: tailscaleSchema,
  nodes: z
    .array(nodeSchema, { error: expecting('a list of nodes') })
    .min(1, { error: expecting('at least one node', 'is an empty list') })
    .describe('The nodes of the cluster; at least one controlplane.'),
})

/** The intent as its fields read it, before the cross-field checks and the final transform. */
export type IntentObject = z.output<typeof intentObject>

/** The intent file schema: input (what users write) and output (the resolved Intent). */
export const IntentSchema = intentObject
  .superRefine(crossCheck)
  .transform(intent => {
    // link and mtu are exclusive, so ethernet is applied here, not as a field default.
    if (intent.tailscale.link === undefined && intent.tailscale.mtu === undefined)
      intent.tailscale.link = 'ethernet'
    // A trailing slash would double in image URLs; stripped here so the field keeps its JSON Schema default.
    intent.image.factory = intent.image.factory.replace(/\/$/, '')
    return intent
  })
  .describe(
    'talscale intent file: describes a Talos cluster with Tailscale once; `talscale generate` turns it into the whole config bundle.',
  )

/** What users write (defaults optional, secrets as strings or references). */
export type IntentInput = z.input<typeof IntentSchema>
/** The resolved intent: defaults applied, secrets as `{env}|{file}|{literal}`, exactly one of link/mtu. */
export type Intent = z.output<typeof IntentSchema>
export type IntentNode = Intent['nodes'][number]
export type SecretRef = { env: string } | { file: string } | { literal: string }

// ---------------------------------------------------------------------------------------------------
// Refinements

// The scheme and host shapes that can be written into apply.sh, README.md and command lines as they
// are: a DNS name or IP address as host (no `$()`, backticks, `;`, quotes or credentials).
function safeUrl(expectation: string, options: { allowHttp?: boolean }) {
  return (text: string, ctx: z.RefinementCtx) => {
    if (!/^https?:\/\//.test(text)) return // the shape check above reports it
    const problem = urlProblem(text, options)
    if (problem)
      ctx.addIssue({ code: 'custom', input: text, message: problemMessage(text, problem, expectation) })
  }
}

function isUrl(text: string): boolean {
  try {
    new URL(text)
    return true
  } catch {
    return false
  }
}

function unique(list: readonly string[]): boolean {
  return new Set(list).size === list.length
}

function duplicateMessage(what: string) {
  return (issue: RawIssue): string => {
    const list = Array.isArray(issue.input) ? (issue.input as unknown[]) : []
    const seen = new Set<unknown>()
    const duplicate = list.find(item => {
      if (seen.has(item)) return true
      seen.add(item)
      return false
    })
    return `lists the ${what} ${describeValue(duplicate)} twice; expected each ${what} once`
  }
}

function hostnamePatternProblem(pattern: string): string | undefined {
  const unknown = [...pattern.matchAll(/\{([^}]*)\}/g)]
    .map(match => match[1]!)
    .find(name => !(HOSTNAME_PLACEHOLDERS as readonly string[]).includes(name))
  if (unknown !== undefined) return `uses the unknown placeholder {${unknown}}`
  // Placeholders expand to DNS labels, so a one-letter stand-in checks the rest of the pattern.
  const sample = pattern.replace(/\{(node|cluster|role)\}/g, 'a')
  if (!DNS_LABEL.test(sample)) return 'does not form a DNS label'
  return undefined
}
