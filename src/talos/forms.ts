/**
 * Builders for the Talos documents talscale writes, in the form each target minor expects (T18).
 * The configuration surface moves between versions: the same setting is a v1alpha1 field in one
 * minor and a document of its own in the next. Every builder is pure and returns plain objects;
 * {@link mergeMain} folds the v1alpha1 fragments into the one main document a patch may hold.
 * @module
 */
import { TAILNET_IPV4, TAILNET_IPV6 } from './net.ts'
import { releaseAtLeast, type TalosRelease, type TalosVersion } from './version.ts'

/** A Talos document as a plain object: either a v1alpha1 fragment or a typed `apiVersion/kind` document. */
export type PlainDocument = Record<string, unknown>

/**
 * The first Talos release with each field or document form this module uses (T18). Gated on the
 * release, not the minor: Talos's strict decoder rejects a field one patch release before it exists.
 * Taken from the config schema at each release tag.
 */
export const FORM_SINCE = {
  /** `KubeSpanConfig` replaces `machine.network.kubespan`. */
  kubeSpanConfig: { minor: 13, patch: 0 },
  /** `machine.network.kubespan.filters.excludeAdvertisedNetworks` exists (absent from v1.12.0-v1.12.3). */
  excludeAdvertisedNetworks: { minor: 12, patch: 4 },
  /** `UnattendedInstallConfig`, `KubeNodeConfig`, `KubeAPIServerConfig`, `SysctlConfig`. */
  multidocKubernetes: { minor: 14, patch: 0 },
} as const satisfies Record<string, TalosRelease>

/** True when `version` has the form `since` names. */
export function hasForm(version: TalosVersion, since: keyof typeof FORM_SINCE): boolean {
  return releaseAtLeast(version, FORM_SINCE[since])
}

function isMultidoc(version: TalosVersion): boolean {
  return hasForm(version, 'multidocKubernetes')
}

function typed(kind: string, body: PlainDocument, name?: string): PlainDocument {
  return name === undefined
    ? { apiVersion: 'v1alpha1', kind, ...body }
    : { apiVersion: 'v1alpha1', kind, name, ...body }
}

/** The install disk: a device path, or the first disk of a type (Talos's selector types). */
export type InstallDisk = string | { type: 'nvme' | 'ssd' | 'hdd' | 'sd' }

/**
 * The CEL expression a v1.14 `UnattendedInstallConfig.provisioning.diskSelector.match` takes for an
 * install disk; the type forms are the ones Talos itself derives from a v1alpha1 `diskSelector.type`
 * (a transport is required so device-mapper devices never match).
 */
export function installDiskExpression(disk: InstallDisk): string {
  if (typeof disk === 'string') {
    return disk.startsWith('/dev/disk/')
      ? `${JSON.stringify(disk)} in disk.symlinks`
      : `disk.dev_path == ${JSON.stringify(disk)}`
  }
  switch (disk.type) {
    case 'nvme':
      return 'disk.transport == "nvme"'
    case 'sd':
      return 'disk.transport == "mmc"'
    case 'hdd':
      return 'disk.transport != "" && disk.rotational'
    case 'ssd':
      return 'disk.transport != "" && !disk.rotational'
  }
}

/**
 * The installer image, so that `talosctl upgrade` keeps the extension (T3), and the install disk when
 * the intent names one (`talosctl gen config` defaults to /dev/sda). Up to v1.13
 * `machine.install.image` and `.disk` / `.diskSelector` (a selector wins over the disk gen config
 * wrote); from v1.14 one `UnattendedInstallConfig` document (`installer.image`,
 * `provisioning.diskSelector.match`).
 *
 * The v1.14 JSON schema names this kind `UnattendedInstall` (its schemaMeta), but Talos registers
 * and `talosctl gen config` writes `UnattendedInstallConfig`; a document of kind `UnattendedInstall`
 * is rejected by Talos as unknown, so the registered name is used.
 */
export function installImageDocuments(
  version: TalosVersion,
  image: string,
  disk?: InstallDisk,
): PlainDocument[] {
  if (isMultidoc(version)) {
    const body: PlainDocument = { installer: { image } }
    if (disk !== undefined) body.provisioning = { diskSelector: { match: installDiskExpression(disk) } }
    return [typed('UnattendedInstallConfig', body)]
  }
  const install: PlainDocument = { image }
  if (typeof disk === 'string') install.disk = disk
  else if (disk !== undefined) install.diskSelector = { type: disk.type }
  return [{ machine: { install } }]
}

/** Kubelet node IP pinned to the LAN (T12): `machine.kubelet.nodeIP`, from v1.14 `KubeNodeConfig`. */
export function nodeIpDocuments(version: TalosVersion, subnets: readonly string[]): PlainDocument[] {
  const nodeIP = { validSubnets: [...subnets] }
  if (isMultidoc(version)) return [typed('KubeNodeConfig', { nodeIP })]
  return [{ machine: { kubelet: { nodeIP } } }]
}

/** etcd advertises only LAN addresses (T12); control planes only. Same field in every minor. */
export function etcdDocuments(_version: TalosVersion, subnets: readonly string[]): PlainDocument[] {
  return [{ cluster: { etcd: { advertisedSubnets: [...subnets] } } }]
}

/** Talos API certificate SANs (T13): `machine.certSANs` in every minor. */
export function talosCertSanDocuments(_version: TalosVersion, names: readonly string[]): PlainDocument[] {
  if (names.length === 0) return []
  return [{ machine: { certSANs: [...names] } }]
}

/**
 * Kubernetes API certificate SANs (T13): `cluster.apiServer.certSANs`, from v1.14
 * `KubeAPIServerConfig.certExtraSANs`. The v1.14 document is a patch: it merges into the one
 * `talosctl gen config` writes, which carries the required `image`.
 */
export function kubernetesCertSanDocuments(version: TalosVersion, names: readonly string[]): PlainDocument[] {
  if (names.length === 0) return []
  if (isMultidoc(version)) return [typed('KubeAPIServerConfig', { certExtraSANs: [...names] })]
  return [{ cluster: { apiServer: { certSANs: [...names] } } }]
}

/** Kernel parameters: `machine.sysctls`, from v1.14 `SysctlConfig.params`. Values are strings. */
export function sysctlDocuments(
  version: TalosVersion,
  params: Readonly<Record<string, string>>,
): PlainDocument[] {
  if (Object.keys(params).length === 0) return []
  const sorted = Object.fromEntries(Object.entries(params).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
  if (isMultidoc(version)) return [typed('SysctlConfig', { params: sorted })]
  return [{ machine: { sysctls: sorted } }]
}

/** The sysctl Talos does not set by default but IPv6 routes and exit nodes need (T11). */
export const IPV6_FORWARDING_SYSCTL = 'net.ipv6.conf.all.forwarding'

/**
 * KubeSpan on, with the tailnet kept out of it (T9): its addresses are not advertised as
 * WireGuard endpoints, and (v1.12.4+) not routed through KubeSpan peers.
 * v1.10-v1.12 `machine.network.kubespan`, v1.13+ `KubeSpanConfig`. The document form follows the
 * config contract (`version`); whether a field exists follows the release the nodes run (`release`,
 * default the contract): Talos's decoder accepts a field by release, whatever the contract.
 */
export function kubeSpanDocuments(version: TalosVersion, release: TalosVersion = version): PlainDocument[] {
  const filters: PlainDocument = {
    endpoints: ['0.0.0.0/0', `!${TAILNET_IPV4}`, '::/0', `!${TAILNET_IPV6}`],
  }
  if (hasForm(release, 'excludeAdvertisedNetworks')) {
    filters.excludeAdvertisedNetworks = [TAILNET_IPV4, TAILNET_IPV6]
  }
  if (hasForm(version, 'kubeSpanConfig')) return [typed('KubeSpanConfig', { enabled: true, filters })]
  return [{ machine: { network: { kubespan: { enabled: true, filters } } } }]
}

/** The inline manifest that carries talscale's CoreDNS. */
export const COREDNS_MANIFEST_NAME = 'talscale-coredns'

/**
 * CoreDNS taken over declaratively: Talos's own CoreDNS turned off, and a CoreDNS whose Corefile
 * forwards the tailnet domain deployed as an inline manifest. Both live in the machine config, so
 * Talos applies them and `talosctl upgrade-k8s` (which re-syncs Talos's manifests with server-side
 * apply, reverting any edit to its CoreDNS ConfigMap) keeps them. Control planes only.
 * Up to v1.13 `cluster.coreDNS.disabled` and `cluster.inlineManifests`; from v1.14
 * `KubeCoreDNSConfig` and `KubeInlineManifestConfig`.
 */
export function coreDnsDocuments(version: TalosVersion, manifest: string): PlainDocument[] {
  if (isMultidoc(version)) {
    return [
      typed('KubeCoreDNSConfig', { enabled: false }),
      typed('KubeInlineManifestConfig', { manifest }, COREDNS_MANIFEST_NAME),
    ]
  }
  return [
    {
      cluster: {
        coreDNS: { disabled: true },
        inlineManifests: [{ name: COREDNS_MANIFEST_NAME, contents: manifest }],
      },
    },
  ]
}

/** One ingress firewall rule: a named port set reachable from the listed subnets. */
export interface FirewallRule {
  name: string
  protocol: 'tcp' | 'udp'
  ports: ReadonlyArray<number | string>
  subnets: readonly string[]
}

/** `NetworkDefaultActionConfig` (same form v1.6+). */
export function firewallDefaultDocument(action: 'accept' | 'block'): PlainDocument {
  return typed('NetworkDefaultActionConfig', { ingress: action })
}

/** `NetworkRuleConfig` (same form v1.6+). */
export function firewallRuleDocument(rule: FirewallRule): PlainDocument {
  return typed(
    'NetworkRuleConfig',
    {
      portSelector: { ports: [...rule.ports], protocol: rule.protocol },
      ingress: rule.subnets.map(subnet => ({ subnet })),
    },
    rule.name,
  )
}

/** The `ExtensionServiceConfig` for an extension service; Tailscale's must be named `tailscale`. */
export function extensionServiceConfigDocument(name: string, environment: readonly string[]): PlainDocument {
  return typed('ExtensionServiceConfig', { environment: [...environment] }, name)
}

/** True for the main (v1alpha1 machine/cluster) document, which has no `kind`. */
export function isMainDocument(doc: PlainDocument): boolean {
  return doc.kind === undefined
}

/**
 * Folds every main-document fragment into one (first, as Talos writes it) and keeps typed
 * documents after it in the order given. Fragments must not set the same leaf twice.
 */
export function mergeMain(docs: readonly PlainDocument[]): PlainDocument[] {
  const fragments = docs.filter(isMainDocument)
  const typedDocs = docs.filter(doc => !isMainDocument(doc))
  if (fragments.length === 0) return typedDocs
  const main: PlainDocument = {}
  for (const fragment of fragments) deepMerge(main, fragment, '')
  return [sortMain(main), ...typedDocs]
}

function deepMerge(target: PlainDocument, source: PlainDocument, path: string): void {
  for (const [key, value] of Object.entries(source)) {
    const existing = target[key]
    if (isPlainObject(existing) && isPlainObject(value)) {
      deepMerge(existing, value, `${path}.${key}`)
    } else if (existing === undefined) {
      target[key] = isPlainObject(value) ? structuredClone(value) : value
    } else {
      throw new Error(`two fragments set ${path}.${key}`)
    }
  }
}

// machine before cluster, as Talos writes them; nested keys keep insertion order.
function sortMain(main: PlainDocument): PlainDocument {
  const order = ['machine', 'cluster']
  return Object.fromEntries(Object.entries(main).sort(([a], [b]) => order.indexOf(a) - order.indexOf(b)))
}

function isPlainObject(value: unknown): value is PlainDocument {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
