/**
 * Version-aware reading of the settings Tailscale-on-Talos rules need, wherever the target version
 * keeps them (T18): the v1alpha1 main document or the typed documents that replace its fields
 * (`UnattendedInstall`, `KubeNodeConfig`, `SysctlConfig`, `KubeSpanConfig`, ...). Deprecated
 * locations are read too and marked, so rules can judge both forms.
 *
 * A target's documents may hold several documents of one kind (a node assembled from a base and
 * unmerged patches): lists are concatenated in document order, as a strategic merge appends them,
 * and for single values the last document wins. Every value comes with its YAML node for positions.
 * Results are cached per document list, so rules can call these freely.
 * @module
 */
import {
  isMap,
  isPair,
  isScalar,
  isSeq,
  type Node,
  type Pair,
  type Scalar,
  type YAMLMap,
  type YAMLSeq,
} from 'yaml'
import type { SourceFile } from '../core/source.ts'
import { MAIN_KIND, sourceOfNode, type TalosDocument } from './documents.ts'
import { DEFAULT_POD_SUBNETS, DEFAULT_SERVICE_SUBNETS } from './net.ts'
import type { TalosVersion } from './version.ts'

/** A value read from a document, with where it stands. */
export interface Located<T> {
  value: T
  /** The value node (scalar, sequence or map). */
  node: Node
  /** The key node of the pair holding the value, when there is one (points at `image:` rather than its value). */
  keyNode?: Node
  doc: TalosDocument
  /** The file the node came from (differs from the document's file for rendered nodes). */
  source: SourceFile
  /** Path inside the document. */
  path: ReadonlyArray<string | number>
  /** True when the value sits in a v1alpha1 location the target version replaced with a typed document (T18). */
  deprecated: boolean
}

/** A list setting: its entries in merge order, and the sequences they came from. */
export interface ListSetting {
  entries: Array<Located<string>>
  lists: Array<Located<YAMLSeq>>
}

// Values are cached on the document list itself (a hidden symbol property), keyed by accessor;
// `key` holds what else a value depends on (the version's minor). A WeakMap per accessor was
// measurably slower: thousands of targets make thousands of ephemerons for the collector.
const CACHE = Symbol('talscale.accessors')
const fallback = new WeakMap<readonly TalosDocument[], Record<string, { key: unknown; value: unknown }>>()

function cacheOf(docs: readonly TalosDocument[]): Record<string, { key: unknown; value: unknown }> {
  const holder = docs as unknown as { [CACHE]?: Record<string, { key: unknown; value: unknown }> }
  let cache = holder[CACHE] ?? fallback.get(docs)
  if (!cache) {
    cache = Object.create(null) as Record<string, { key: unknown; value: unknown }>
    if (Object.isExtensible(docs)) Object.defineProperty(docs, CACHE, { value: cache })
    else fallback.set(docs, cache)
  }
  return cache
}

function memo<T>(docs: readonly TalosDocument[], name: string, compute: () => T, key?: unknown): T {
  const cache = cacheOf(docs)
  const hit = cache[name]
  if (hit && hit.key === key) return hit.value as T
  const value = compute()
  cache[name] = { key, value }
  return value
}

/** Documents that take part in the node: mappings that are not whole-document deletions. */
export function liveDocuments(docs: readonly TalosDocument[]): TalosDocument[] {
  return memo(docs, 'live', () => docs.filter(doc => doc.map !== null && !doc.deleted))
}

/** Live documents of one kind (`v1alpha1` for the main document), in order. */
export function documentsOfKind(docs: readonly TalosDocument[], kind: string): TalosDocument[] {
  return memo(docs, `kind:${kind}`, () => liveDocuments(docs).filter(doc => doc.kind === kind))
}

/**
 * The node at `path`, walking the maps and sequences directly (what `nodeAt` does through
 * `Document.getIn`, at a fraction of the cost: rules read dozens of paths per target).
 */
export function nodeIn(doc: TalosDocument, path: ReadonlyArray<string | number>): Node | undefined {
  let node: unknown = doc.map
  for (const key of path) {
    if (isMap(node)) {
      let next: unknown
      for (const pair of (node as YAMLMap).items) {
        const k = pair.key
        const value = isScalar(k) ? (k as Scalar).value : k
        if (value === key || (typeof value !== 'string' && String(value) === String(key))) {
          next = pair.value
          break
        }
      }
      node = next
    } else if (isSeq(node) && typeof key === 'number') {
      node = (node as YAMLSeq).items[key]
    } else {
      return undefined
    }
    if (node === null || node === undefined) return undefined
  }
  return node && typeof node === 'object' ? (node as Node) : undefined
}

/** True for values that are placeholders or ciphertext (`${VAR}`, SOPS `ENC[...]`): never judged. */
export function isOpaque(value: string): boolean {
  return value.includes('${') || value.includes('ENC[') || value.includes('{{')
}

/** The pair at `path` (its parent must be a map), or undefined. */
export function pairAt(doc: TalosDocument, path: ReadonlyArray<string | number>): Pair | undefined {
  if (path.length === 0) return undefined
  const parent = path.length === 1 ? doc.map : nodeIn(doc, path.slice(0, -1))
  if (!parent || !isMap(parent)) return undefined
  const key = path[path.length - 1]
  for (const item of (parent as YAMLMap).items) {
    if (isPair(item) && isScalar(item.key) && String((item.key as Scalar).value) === String(key)) return item
  }
  return undefined
}

function locate<T>(
  doc: TalosDocument,
  path: ReadonlyArray<string | number>,
  node: Node,
  value: T,
  deprecated: boolean,
): Located<T> {
  const located: Located<T> = { value, node, doc, source: sourceOfNode(doc, node), path, deprecated }
  const pair = pairAt(doc, path)
  if (pair?.key && isScalar(pair.key)) located.keyNode = pair.key as Node
  return located
}

/** A scalar string (numbers and booleans as text) at `path`; undefined for collections and nulls. */
export function scalarAt(
  doc: TalosDocument,
  path: ReadonlyArray<string | number>,
  deprecated = false,
): Located<string> | undefined {
  const node = nodeIn(doc, path)
  if (!node || !isScalar(node) || node.value === null || node.value === undefined) return undefined
  return locate(doc, path, node, String(node.value), deprecated)
}

/** A string list at `path`: its sequence node and scalar items (non-scalar items are skipped). */
export function stringListAt(
  doc: TalosDocument,
  path: ReadonlyArray<string | number>,
  deprecated = false,
): ListSetting | undefined {
  const node = nodeIn(doc, path)
  if (!node || !isSeq(node)) return undefined
  const seq = node as YAMLSeq
  const entries: Array<Located<string>> = []
  seq.items.forEach((item, index) => {
    if (isScalar(item) && item.value !== null && item.value !== undefined) {
      entries.push({
        value: String(item.value),
        node: item as Node,
        doc,
        source: sourceOfNode(doc, item as Node),
        path: [...path, index],
        deprecated,
      })
    }
  })
  return { entries, lists: [locate(doc, path, seq as Node, seq, deprecated)] }
}

function concatLists(parts: Array<ListSetting | undefined>): ListSetting {
  const result: ListSetting = { entries: [], lists: [] }
  for (const part of parts) {
    if (!part) continue
    result.entries.push(...part.entries)
    result.lists.push(...part.lists)
  }
  return result
}

function lastDefined<T>(values: Array<T | undefined>): T | undefined {
  for (let i = values.length - 1; i >= 0; i--) if (values[i] !== undefined) return values[i]
  return undefined
}

/** Whether the v1alpha1 form of a setting is deprecated at this version (moved to a typed document). */
function movedAt(version: TalosVersion | undefined, minor: number): boolean {
  return version !== undefined && version.minor >= minor
}

// ---------------------------------------------------------------------------------------------
// Machine

/** `machine.type` of the last main document that sets it. */
export function machineType(docs: readonly TalosDocument[]): Located<string> | undefined {
  return memo(docs, 'machineType', () =>
    lastDefined(documentsOfKind(docs, MAIN_KIND).map(doc => scalarAt(doc, ['machine', 'type']))),
  )
}

/**
 * The install image: `UnattendedInstall.installer.image` (v1.14) wins over the v1alpha1
 * `machine.install.image`, which is deprecated from v1.14.
 */
export function installImage(
  docs: readonly TalosDocument[],
  version?: TalosVersion,
): Located<string> | undefined {
  return memo(
    docs,
    'installImage',
    () => {
      // The v1.14 schema calls the kind `UnattendedInstall`; Talos registers `UnattendedInstallConfig`.
      const typed = lastDefined(
        [
          ...documentsOfKind(docs, 'UnattendedInstall'),
          ...documentsOfKind(docs, 'UnattendedInstallConfig'),
        ].map(doc => scalarAt(doc, ['installer', 'image'])),
      )
      if (typed) return typed
      return lastDefined(
        documentsOfKind(docs, MAIN_KIND).map(doc =>
          scalarAt(doc, ['machine', 'install', 'image'], movedAt(version, 14)),
        ),
      )
    },
    version?.minor,
  )
}

/** One entry of the obsolete `machine.install.extensions` list (no effect since v1.10, T4). */
export function installExtensions(docs: readonly TalosDocument[]): Array<Located<string>> {
  return memo(docs, 'installExtensions', () => {
    const result: Array<Located<string>> = []
    for (const doc of documentsOfKind(docs, MAIN_KIND)) {
      const node = nodeIn(doc, ['machine', 'install', 'extensions'])
      if (!node) continue
      if (!isSeq(node)) {
        result.push(locate(doc, ['machine', 'install', 'extensions'], node, '', true))
        continue
      }
      ;(node as YAMLSeq).items.forEach((item, index) => {
        const path = ['machine', 'install', 'extensions', index]
        const image = scalarAt(doc, [...path, 'image'], true)
        result.push(image ?? locate(doc, path, item as Node, '', true))
      })
    }
    return result
  })
}

/** kubelet node IP pins: `machine.kubelet.nodeIP.validSubnets` and (v1.14) `KubeNodeConfig.nodeIP.validSubnets`. */
export function kubeletValidSubnets(docs: readonly TalosDocument[], version?: TalosVersion): ListSetting {
  return memo(
    docs,
    'kubeletValidSubnets',
    () =>
      concatLists([
        ...documentsOfKind(docs, MAIN_KIND).map(doc =>
          stringListAt(doc, ['machine', 'kubelet', 'nodeIP', 'validSubnets'], movedAt(version, 14)),
        ),
        ...documentsOfKind(docs, 'KubeNodeConfig').map(doc => stringListAt(doc, ['nodeIP', 'validSubnets'])),
      ]),
    version?.minor,
  )
}

/** etcd `advertisedSubnets` (still in the v1alpha1 document in every supported version). */
export function etcdAdvertisedSubnets(docs: readonly TalosDocument[]): ListSetting {
  return memo(docs, 'etcdAdvertised', () =>
    concatLists(
      documentsOfKind(docs, MAIN_KIND).map(doc =>
        stringListAt(doc, ['cluster', 'etcd', 'advertisedSubnets']),
      ),
    ),
  )
}

/** etcd `listenSubnets` (defaults to advertisedSubnets when unset). */
export function etcdListenSubnets(docs: readonly TalosDocument[]): ListSetting {
  return memo(docs, 'etcdListen', () =>
    concatLists(
      documentsOfKind(docs, MAIN_KIND).map(doc => stringListAt(doc, ['cluster', 'etcd', 'listenSubnets'])),
    ),
  )
}

/** Talos API certificate SANs: `machine.certSANs` (all versions). */
export function machineCertSANs(docs: readonly TalosDocument[]): ListSetting {
  return memo(docs, 'machineCertSANs', () =>
    concatLists(documentsOfKind(docs, MAIN_KIND).map(doc => stringListAt(doc, ['machine', 'certSANs']))),
  )
}

/** Kubernetes API certificate SANs: `cluster.apiServer.certSANs` and (v1.14) `KubeAPIServerConfig.certExtraSANs`. */
export function apiServerCertSANs(docs: readonly TalosDocument[], version?: TalosVersion): ListSetting {
  return memo(
    docs,
    'apiServerCertSANs',
    () =>
      concatLists([
        ...documentsOfKind(docs, MAIN_KIND).map(doc =>
          stringListAt(doc, ['cluster', 'apiServer', 'certSANs'], movedAt(version, 14)),
        ),
        ...documentsOfKind(docs, 'KubeAPIServerConfig').map(doc => stringListAt(doc, ['certExtraSANs'])),
      ]),
    version?.minor,
  )
}

/**
 * Effective sysctls: `machine.sysctls` merged with (v1.14) `SysctlConfig.params`, the typed
 * document taking precedence ("merged with the deprecated v1alpha1 machine.sysctls").
 */
export function sysctls(
  docs: readonly TalosDocument[],
  version?: TalosVersion,
): ReadonlyMap<string, Located<string>> {
  return memo(
    docs,
    'sysctls',
    () => {
      const result = new Map<string, Located<string>>()
      const read = (doc: TalosDocument, path: string[], deprecated: boolean) => {
        const node = nodeIn(doc, path)
        if (!node || !isMap(node)) return
        for (const pair of (node as YAMLMap).items) {
          if (!isScalar(pair.key) || !isScalar(pair.value)) continue
          const key = String((pair.key as Scalar).value)
          const value = (pair.value as Scalar).value
          if (value === null || value === undefined) continue
          result.set(key, {
            value: String(value),
            node: pair.value as Node,
            keyNode: pair.key as Node,
            doc,
            source: sourceOfNode(doc, pair.value as Node),
            path: [...path, key],
            deprecated,
          })
        }
      }
      for (const doc of documentsOfKind(docs, MAIN_KIND))
        read(doc, ['machine', 'sysctls'], movedAt(version, 14))
      for (const doc of documentsOfKind(docs, 'SysctlConfig')) read(doc, ['params'], false)
      return result
    },
    version?.minor,
  )
}

/** KubeSpan settings from `machine.network.kubespan` (deprecated from v1.13) or `KubeSpanConfig`. */
export interface KubeSpanSetting {
  /** The last `enabled` value; KubeSpan is off unless it is true. */
  enabled: Located<string> | undefined
  endpoints: ListSetting
  excludeAdvertisedNetworks: ListSetting
  /** The blocks that configure KubeSpan, in order: where fixes add filters. */
  blocks: Array<{ doc: TalosDocument; path: string[]; deprecated: boolean }>
}

export function kubeSpan(docs: readonly TalosDocument[], version?: TalosVersion): KubeSpanSetting {
  return memo(
    docs,
    'kubespan',
    () => {
      const blocks: KubeSpanSetting['blocks'] = []
      for (const doc of documentsOfKind(docs, MAIN_KIND)) {
        if (nodeIn(doc, ['machine', 'network', 'kubespan']))
          blocks.push({ doc, path: ['machine', 'network', 'kubespan'], deprecated: movedAt(version, 13) })
      }
      for (const doc of documentsOfKind(docs, 'KubeSpanConfig'))
        blocks.push({ doc, path: [], deprecated: false })
      return {
        enabled: lastDefined(
          blocks.map(block => scalarAt(block.doc, [...block.path, 'enabled'], block.deprecated)),
        ),
        endpoints: concatLists(
          blocks.map(block =>
            stringListAt(block.doc, [...block.path, 'filters', 'endpoints'], block.deprecated),
          ),
        ),
        excludeAdvertisedNetworks: concatLists(
          blocks.map(block =>
            stringListAt(
              block.doc,
              [...block.path, 'filters', 'excludeAdvertisedNetworks'],
              block.deprecated,
            ),
          ),
        ),
        blocks,
      }
    },
    version?.minor,
  )
}

/** One `NetworkRuleConfig`: which ports it opens, for which protocol, from which subnets. */
export interface FirewallRule {
  doc: TalosDocument
  name: string | undefined
  protocol: string | undefined
  /** Inclusive port ranges; unparsable entries are left out. */
  ports: Array<[number, number]>
  ingress: Array<{ subnet: Located<string>; except: Located<string> | undefined }>
}

/** The ingress firewall: the default action (`NetworkDefaultActionConfig.ingress`) and the rules. */
export interface FirewallSetting {
  defaultAction: Located<string> | undefined
  rules: FirewallRule[]
}

export function firewall(docs: readonly TalosDocument[]): FirewallSetting {
  return memo(docs, 'firewall', () => {
    const defaultAction = lastDefined(
      documentsOfKind(docs, 'NetworkDefaultActionConfig').map(doc => scalarAt(doc, ['ingress'])),
    )
    const rules: FirewallRule[] = documentsOfKind(docs, 'NetworkRuleConfig').map(doc => {
      const ports: Array<[number, number]> = []
      const portNode = nodeIn(doc, ['portSelector', 'ports'])
      if (portNode && isSeq(portNode)) {
        for (const item of (portNode as YAMLSeq).items) {
          if (!isScalar(item)) continue
          const range = parsePortRange(String(item.value))
          if (range) ports.push(range)
        }
      }
      const ingress: FirewallRule['ingress'] = []
      const ingressNode = nodeIn(doc, ['ingress'])
      if (ingressNode && isSeq(ingressNode)) {
        ;(ingressNode as YAMLSeq).items.forEach((_, index) => {
          const subnet = scalarAt(doc, ['ingress', index, 'subnet'])
          if (subnet) ingress.push({ subnet, except: scalarAt(doc, ['ingress', index, 'except']) })
        })
      }
      return {
        doc,
        name: doc.name,
        protocol: scalarAt(doc, ['portSelector', 'protocol'])?.value,
        ports,
        ingress,
      }
    })
    return { defaultAction, rules }
  })
}

/** `50000`, `"50000"` or `"50000-50001"` as an inclusive range. */
export function parsePortRange(text: string): [number, number] | undefined {
  const match = /^\s*(\d{1,5})\s*(?:-\s*(\d{1,5})\s*)?$/.exec(text)
  if (!match) return undefined
  const low = Number(match[1])
  const high = match[2] === undefined ? low : Number(match[2])
  if (low > 65535 || high > 65535 || high < low) return undefined
  return [low, high]
}

/** Host nameservers: `machine.network.nameservers` (deprecated from v1.12) and `ResolverConfig.nameservers[].address`. */
export function nameservers(docs: readonly TalosDocument[], version?: TalosVersion): Array<Located<string>> {
  return memo(
    docs,
    'nameservers',
    () => {
      const result: Array<Located<string>> = []
      for (const doc of documentsOfKind(docs, MAIN_KIND)) {
        const list = stringListAt(doc, ['machine', 'network', 'nameservers'], movedAt(version, 12))
        if (list) result.push(...list.entries)
      }
      for (const doc of documentsOfKind(docs, 'ResolverConfig')) {
        const node = nodeIn(doc, ['nameservers'])
        if (!node || !isSeq(node)) continue
        ;(node as YAMLSeq).items.forEach((_, index) => {
          const address = scalarAt(doc, ['nameservers', index, 'address'])
          if (address) result.push(address)
        })
      }
      return result
    },
    version?.minor,
  )
}

/** A link MTU: `machine.network.interfaces[].mtu` (deprecated from v1.12) or a `LinkConfig`-like document. */
export interface LinkMtu extends Located<number> {
  /** Interface name, or the device selector's description when the link is selected by hardware. */
  link: string | undefined
}

const LINK_KINDS = ['LinkConfig', 'BondConfig', 'BridgeConfig', 'VLANConfig', 'DummyLinkConfig']

export function linkMtus(docs: readonly TalosDocument[], version?: TalosVersion): LinkMtu[] {
  return memo(
    docs,
    'linkMtus',
    () => {
      const result: LinkMtu[] = []
      for (const doc of documentsOfKind(docs, MAIN_KIND)) {
        const node = nodeIn(doc, ['machine', 'network', 'interfaces'])
        if (!node || !isSeq(node)) continue
        ;(node as YAMLSeq).items.forEach((_, index) => {
          const path = ['machine', 'network', 'interfaces', index]
          const mtu = scalarAt(doc, [...path, 'mtu'], movedAt(version, 12))
          if (!mtu || !/^\d+$/.test(mtu.value)) return
          result.push({
            ...mtu,
            value: Number(mtu.value),
            link: scalarAt(doc, [...path, 'interface'])?.value,
          })
        })
      }
      for (const kind of LINK_KINDS) {
        for (const doc of documentsOfKind(docs, kind)) {
          const mtu = scalarAt(doc, ['mtu'])
          if (!mtu || !/^\d+$/.test(mtu.value)) continue
          result.push({ ...mtu, value: Number(mtu.value), link: doc.name })
        }
      }
      return result
    },
    version?.minor,
  )
}

/** Static interface addresses (`machine.network.interfaces[].addresses`, `LinkConfig.addresses[].address`). */
export function staticAddresses(docs: readonly TalosDocument[]): Array<Located<string>> {
  return memo(docs, 'staticAddresses', () => {
    const result: Array<Located<string>> = []
    for (const doc of documentsOfKind(docs, MAIN_KIND)) {
      const node = nodeIn(doc, ['machine', 'network', 'interfaces'])
      if (!node || !isSeq(node)) continue
      ;(node as YAMLSeq).items.forEach((_, index) => {
        const path = ['machine', 'network', 'interfaces', index]
        const list = stringListAt(doc, [...path, 'addresses'])
        if (list) result.push(...list.entries)
        const cidr = scalarAt(doc, [...path, 'cidr'])
        if (cidr) result.push(cidr)
      })
    }
    for (const kind of LINK_KINDS) {
      for (const doc of documentsOfKind(docs, kind)) {
        const node = nodeIn(doc, ['addresses'])
        if (!node || !isSeq(node)) continue
        ;(node as YAMLSeq).items.forEach((_, index) => {
          const address = scalarAt(doc, ['addresses', index, 'address'])
          if (address) result.push(address)
        })
      }
    }
    return result
  })
}

/** A replace-list setting with Talos's default when unset. */
export interface SubnetsSetting {
  values: string[]
  /** Where the effective list was set; undefined when the default applies. */
  at: Located<YAMLSeq> | undefined
}

function replacedList(
  docs: readonly TalosDocument[],
  v1alpha1Path: string[],
  typedKey: string,
  fallback: readonly string[],
  version?: TalosVersion,
): SubnetsSetting {
  // podSubnets/serviceSubnets are `merge:"replace"`: the last list set wins.
  const candidates: Array<ListSetting | undefined> = [
    ...documentsOfKind(docs, MAIN_KIND).map(doc => stringListAt(doc, v1alpha1Path, movedAt(version, 14))),
    ...documentsOfKind(docs, 'KubeNetworkConfig').map(doc => stringListAt(doc, [typedKey])),
  ]
  const last = lastDefined(candidates)
  if (!last) return { values: [...fallback], at: undefined }
  return { values: last.entries.map(entry => entry.value), at: last.lists[0] }
}

/** Pod subnets (default 10.244.0.0/16). */
export function podSubnets(docs: readonly TalosDocument[], version?: TalosVersion): SubnetsSetting {
  return memo(
    docs,
    'podSubnets',
    () =>
      replacedList(docs, ['cluster', 'network', 'podSubnets'], 'podSubnets', DEFAULT_POD_SUBNETS, version),
    version?.minor,
  )
}

/** Service subnets (default 10.96.0.0/12). */
export function serviceSubnets(docs: readonly TalosDocument[], version?: TalosVersion): SubnetsSetting {
  return memo(
    docs,
    'serviceSubnets',
    () =>
      replacedList(
        docs,
        ['cluster', 'network', 'serviceSubnets'],
        'serviceSubnets',
        DEFAULT_SERVICE_SUBNETS,
        version,
      ),
    version?.minor,
  )
}

/** One `machine.files` entry. */
export interface MachineFile {
  doc: TalosDocument
  node: Node
  path: Located<string> | undefined
  content: Located<string> | undefined
  op: string | undefined
}

export function machineFiles(docs: readonly TalosDocument[]): MachineFile[] {
  return memo(docs, 'machineFiles', () => {
    const result: MachineFile[] = []
    for (const doc of documentsOfKind(docs, MAIN_KIND)) {
      const node = nodeIn(doc, ['machine', 'files'])
      if (!node || !isSeq(node)) continue
      ;(node as YAMLSeq).items.forEach((item, index) => {
        const base = ['machine', 'files', index]
        result.push({
          doc,
          node: item as Node,
          path: scalarAt(doc, [...base, 'path']),
          content: scalarAt(doc, [...base, 'content']),
          op: scalarAt(doc, [...base, 'op'])?.value,
        })
      })
    }
    return result
  })
}

/** The cluster (Kubernetes API) endpoint: `cluster.controlPlane.endpoint` or (v1.14) `KubeClusterConfig.endpoint`. */
export function clusterEndpoint(
  docs: readonly TalosDocument[],
  version?: TalosVersion,
): Located<string> | undefined {
  return memo(
    docs,
    'clusterEndpoint',
    () => {
      const typed = lastDefined(
        documentsOfKind(docs, 'KubeClusterConfig').map(doc => scalarAt(doc, ['endpoint'])),
      )
      if (typed) return typed
      return lastDefined(
        documentsOfKind(docs, MAIN_KIND).map(doc => scalarAt(doc, ['cluster', 'controlPlane', 'endpoint'])),
      )
    },
    version?.minor,
  )
}

/** The host part of an endpoint URL (`https://cp.example.ts.net:6443` gives `cp.example.ts.net`). */
export function endpointHost(endpoint: string): string | undefined {
  const text = endpoint.trim()
  if (text === '' || isOpaque(text)) return undefined
  try {
    const url = new URL(text.includes('://') ? text : `https://${text}`)
    return url.hostname.replace(/^\[|\]$/g, '').toLowerCase() || undefined
  } catch {
    return undefined
  }
}

// ---------------------------------------------------------------------------------------------
// Extension services

/** An ExtensionServiceConfig document. */
export interface ExtensionService {
  doc: TalosDocument
  name: string | undefined
  nameNode: Node | undefined
}

/** Every live ExtensionServiceConfig, in document order (whatever its name). */
export function extensionServices(docs: readonly TalosDocument[]): ExtensionService[] {
  return memo(docs, 'extensionServices', () =>
    documentsOfKind(docs, 'ExtensionServiceConfig').map(doc => {
      const name = scalarAt(doc, ['name'])
      return { doc, name: name?.value, nameNode: name?.node }
    }),
  )
}
