/**
 * What Tailscale-on-Talos rules need to know about a node beyond single settings: whether it runs
 * Tailscale, which schematic (and so which extensions) its install image carries, which cluster it
 * belongs to, where its LAN is, and what its tailscale service asks for (routes, exit node, port).
 * Pure; derived from the targets only.
 * @module
 */
import { dirname } from 'node:path'
import type { Node } from 'yaml'
import type { TextEdit } from '../core/finding.ts'
import { type Cidr, canonicalCidr, cidrsOverlap, cidrWithin, intervalOf, parseCidr } from '../core/net.ts'
import type { SourceFile } from '../core/source.ts'
import {
  EMPTY_SCHEMATIC_ID,
  installerImageParse,
  type ParsedInstallerImage,
  parseSchematic,
  schematicId,
  TAILSCALE_EXTENSION,
} from '../factory/index.ts'
import {
  boolFlagValue,
  type EnvEntry,
  lastFlag,
  type ParsedFlag,
  type TailscaleService,
  tailscaleServices,
} from '../tailscale/parse.ts'
import {
  clusterEndpoint,
  documentsOfKind,
  endpointHost,
  etcdAdvertisedSubnets,
  etcdListenSubnets,
  firewall,
  installExtensions,
  installImage,
  isOpaque,
  kubeletValidSubnets,
  type ListSetting,
  type Located,
  liveDocuments,
  nodeIn,
  pairAt,
  staticAddresses,
} from '../talos/accessors.ts'
import { sourceOfNode, type TalosDocument } from '../talos/documents.ts'
import { isTailnetAddress, orderAgainstTailnet, parseSubnetOrAddress, TAILNET_RANGES } from '../talos/net.ts'
import type { LintTarget, Location, TargetKind } from './rule.ts'
import { appendDocument, insertPath } from './yaml-edits.ts'

export { EMPTY_SCHEMATIC_ID, TAILSCALE_EXTENSION }

/** Target kinds made of Talos documents: what node-level rules look at. */
export const CONFIG_KINDS: readonly TargetKind[] = ['machine-config', 'patch', 'rendered', 'talhelper-node']

import { atKey, atValue } from './locations.ts'

export { atKey, atValue }

// Official extensions often paired with tailscale in one schematic. Their single-extension
// schematics (and the UI-sorted pair with tailscale) are recognised by ID without the schematic
// file; anything else needs the schematic among the checked files.
const COMMON_EXTENSIONS = [
  'siderolabs/amd-ucode',
  'siderolabs/intel-ucode',
  'siderolabs/i915',
  'siderolabs/iscsi-tools',
  'siderolabs/nfsd',
  'siderolabs/nvidia-container-toolkit-lts',
  'siderolabs/qemu-guest-agent',
  'siderolabs/util-linux-tools',
  'siderolabs/vmtoolsd-guest-agent',
  'siderolabs/zfs',
]

let knownSchematics: Map<string, readonly string[]> | undefined

/** Schematic IDs whose extension list talscale knows without the schematic at hand (T1). */
export function knownSchematic(id: string): readonly string[] | undefined {
  if (!knownSchematics) {
    knownSchematics = new Map()
    const add = (extensions: string[]) => {
      const schematic =
        extensions.length === 0
          ? { customization: {} }
          : { customization: { systemExtensions: { officialExtensions: extensions } } }
      knownSchematics!.set(schematicId(schematic), extensions)
    }
    add([])
    add([TAILSCALE_EXTENSION])
    for (const extension of COMMON_EXTENSIONS) {
      add([extension])
      add([extension, TAILSCALE_EXTENSION].sort())
    }
  }
  return knownSchematics.get(id)
}

const parsedImages = new Map<string, ParsedInstallerImage>()

/** installerImageParse, cached: every image rule asks about the same few references. */
export function parseImage(reference: string): ParsedInstallerImage {
  let parsed = parsedImages.get(reference)
  if (!parsed) {
    if (parsedImages.size > 4096) parsedImages.clear()
    parsed = installerImageParse(reference)
    parsedImages.set(reference, parsed)
  }
  return parsed
}

/** What is known about the extensions a node boots and installs with. */
export interface NodeSchematic {
  /** Official extensions; undefined when the schematic cannot be told. */
  extensions: readonly string[] | undefined
  id: string | undefined
  /** `schematic`: the schematic itself is at hand; `image`: told by the install image; `default`: no image set. */
  from: 'schematic' | 'image' | 'default' | 'unknown'
  image: ParsedInstallerImage | undefined
  /** The install image setting, when there is one. */
  imageAt: Located<string> | undefined
  /** Where to point findings about the schematic or image. */
  source: SourceFile
  node: Node | undefined
}

const schematicCache = new WeakMap<LintTarget, { targets: readonly LintTarget[]; value: NodeSchematic }>()

/** The schematic behind a target's install image, resolving IDs through known IDs and schematic targets. */
export function nodeSchematic(target: LintTarget, targets: readonly LintTarget[] = []): NodeSchematic {
  const cached = schematicCache.get(target)
  if (cached?.targets === targets) return cached.value
  const value = computeNodeSchematic(target, targets)
  schematicCache.set(target, { targets, value })
  return value
}

function computeNodeSchematic(target: LintTarget, targets: readonly LintTarget[]): NodeSchematic {
  const imageAt = installImage(target.documents, target.talosVersion)
  const image = imageAt && !isOpaque(imageAt.value) ? parseImage(imageAt.value) : undefined
  const imageId = image?.kind === 'factory' ? image.schematicId : undefined
  if (target.schematic?.extensions) {
    return {
      extensions: target.schematic.extensions,
      id: target.schematic.id ?? imageId,
      from: 'schematic',
      image,
      imageAt,
      source: target.schematic.source,
      node: target.schematic.node,
    }
  }
  if (imageAt && image) {
    const extensions = image.kind === 'default' ? [] : imageId ? lookup(imageId, targets) : undefined
    return {
      extensions,
      id: imageId,
      from: image.kind === 'other' ? 'unknown' : 'image',
      image,
      imageAt,
      source: imageAt.source,
      node: imageAt.node,
    }
  }
  if (imageAt) {
    return {
      extensions: undefined,
      id: undefined,
      from: 'unknown',
      image,
      imageAt,
      source: imageAt.source,
      node: imageAt.node,
    }
  }
  // No install image on a whole node: Talos's default has no extensions in any version (T3).
  const complete = target.complete
  return {
    extensions: complete ? [] : undefined,
    id: complete && target.talosVersion.minor >= 14 ? EMPTY_SCHEMATIC_ID : undefined,
    from: complete ? 'default' : 'unknown',
    image: undefined,
    imageAt: undefined,
    source: target.source,
    node: undefined,
  }
}

function lookup(id: string, targets: readonly LintTarget[]): readonly string[] | undefined {
  const known = knownSchematic(id)
  if (known) return known
  for (const target of targets) {
    if (target.kind === 'schematic' && target.schematic?.extensions && schematicTargetId(target) === id)
      return target.schematic.extensions
  }
  return undefined
}

const targetIds = new WeakMap<LintTarget, string | null>()

/** The ID of a schematic file's target (computed when discovery did not set it); null when it does not decode. */
export function schematicTargetId(target: LintTarget): string | undefined {
  if (target.schematic?.id) return target.schematic.id
  let id = targetIds.get(target)
  if (id === undefined) {
    try {
      id = schematicId(parseSchematic(target.source))
    } catch {
      id = null
    }
    targetIds.set(target, id)
  }
  return id ?? undefined
}

/** True, false, or undefined (cannot be told): does the node's image carry siderolabs/tailscale? */
export function hasTailscaleExtension(
  target: LintTarget,
  targets: readonly LintTarget[] = [],
): boolean | undefined {
  const schematic = nodeSchematic(target, targets)
  if (schematic.extensions === undefined) return undefined
  return schematic.extensions.includes(TAILSCALE_EXTENSION)
}

/** True when the target holds an ExtensionServiceConfig named `tailscale`. */
export function hasTailscaleService(target: LintTarget): boolean {
  return tailscaleServices(target.documents).length > 0
}

/**
 * Whether the target is meant to run Tailscale: it configures the `tailscale` extension service,
 * its schematic carries the extension, or it still lists the extension the pre-1.10 way.
 */
export function usesTailscale(target: LintTarget, targets: readonly LintTarget[] = []): boolean {
  const settled = settledUses.get(target)
  if (settled !== undefined) return settled
  const cached = usesCache.get(target)
  if (cached?.targets === targets) return cached.value
  const value = computeUsesTailscale(target, targets)
  usesCache.set(target, { targets, value })
  return value
}

const usesCache = new WeakMap<LintTarget, { targets: readonly LintTarget[]; value: boolean }>()
const settledUses = new WeakMap<LintTarget, boolean>()

/**
 * Called before a whole node's documents are dropped (`lintSources` does, once its rules have run):
 * keeps what other targets still ask of it (whether it uses Tailscale, for the patches of its
 * cluster) and forgets the cached facts that hold its documents (a `Located` holds its document).
 * A whole node's answers depend only on itself and the schematic files, so `targets` must hold
 * every schematic target of the run.
 */
export function settleTarget(target: LintTarget, targets: readonly LintTarget[]): void {
  settledUses.set(target, usesTailscale(target, targets))
  schematicCache.delete(target)
  usesCache.delete(target)
}

function computeUsesTailscale(target: LintTarget, targets: readonly LintTarget[]): boolean {
  if (hasTailscaleService(target)) return true
  if (target.schematic?.extensions?.includes(TAILSCALE_EXTENSION)) return true
  if (installExtensions(target.documents).some(entry => /(^|\/)tailscale(:|@|$)/.test(entry.value)))
    return true
  return hasTailscaleExtension(target, targets) === true
}

/** The cluster a target belongs to: talhelper/intent cluster name, else its directory. */
export function clusterKey(target: LintTarget): string {
  return target.cluster ?? dirname(target.source.path)
}

const clusterCache = new WeakMap<readonly LintTarget[], Map<string, LintTarget[]>>()

/** Targets of the same cluster (the target itself included). Grouped once per target list. */
export function sameCluster(target: LintTarget, targets: readonly LintTarget[]): LintTarget[] {
  let groups = clusterCache.get(targets)
  if (!groups) {
    groups = new Map()
    for (const other of targets) {
      const key = clusterKey(other)
      const group = groups.get(key)
      if (group) group.push(other)
      else groups.set(key, [other])
    }
    clusterCache.set(targets, groups)
  }
  return groups.get(clusterKey(target)) ?? [target]
}

/**
 * Whether Tailscale is in play for this target: the target itself, or (for a lone patch, which is
 * judged on what it contains) any target of its cluster.
 */
export function tailscaleInPlay(target: LintTarget, targets: readonly LintTarget[]): boolean {
  if (usesTailscale(target, targets)) return true
  if (target.complete) return false
  return clusterUsesTailscale(target, targets)
}

const clusterTailscale = new WeakMap<LintTarget[], boolean>()

function clusterUsesTailscale(target: LintTarget, targets: readonly LintTarget[]): boolean {
  const group = sameCluster(target, targets)
  let uses = clusterTailscale.get(group)
  if (uses === undefined) {
    uses = group.some(other => usesTailscale(other, targets))
    clusterTailscale.set(group, uses)
  }
  return uses
}

/**
 * The documents a partial target is judged with: its own, plus those of the other partial targets
 * of its cluster (patches applied together). A whole node stands on its own.
 */
export function judgedDocuments(target: LintTarget, targets: readonly LintTarget[]): TalosDocument[][] {
  if (target.complete) return [target.documents]
  return [
    target.documents,
    ...sameCluster(target, targets)
      .filter(other => other !== target && !other.complete && other.kind !== 'schematic')
      .map(other => other.documents),
  ]
}

/**
 * The LAN subnets of a node: hints (intent, talhelper) first, else its static interface addresses,
 * else the specific subnets its other pin already names (kubelet pinned to 192.168.1.0/24 tells
 * where etcd belongs too).
 */
export function lanSubnets(target: LintTarget): string[] {
  const fromHints = (target.hints.lanSubnets ?? []).filter(text => parseSubnetOrAddress(text))
  if (fromHints.length > 0) return fromHints
  const result: string[] = []
  const add = (cidr: Cidr | undefined) => {
    if (!cidr || cidr.bits === 0 || TAILNET_RANGES.some(range => cidrsOverlap(range, cidr))) return
    const network = canonicalCidr(cidr)
    if (!result.includes(network)) result.push(network)
  }
  for (const address of staticAddresses(target.documents)) {
    const cidr = parseCidr(address.value.trim())
    if (cidr && !isTailnetAddress(cidr)) add(cidr)
  }
  if (result.length > 0) return result
  const pins = [
    ...kubeletValidSubnets(target.documents, target.talosVersion).entries,
    ...etcdAdvertisedSubnets(target.documents).entries,
  ]
  for (const pin of pins) if (!pin.value.startsWith('!')) add(parseSubnetOrAddress(pin.value))
  return result
}

// ---------------------------------------------------------------------------------------------
// What the tailscale service asks for

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

/**
 * Where a finding about a missing setting points: the key of the deepest part of `path` that exists
 * in the first document (of `kind`) that has any of it, else the first document of that kind.
 */
export function missingAt(target: LintTarget, kind: string, path: readonly string[]): Location | undefined {
  const docs = documentsOfKind(target.documents, kind)
  for (let depth = path.length; depth >= 1; depth--) {
    for (const doc of docs) {
      const pair = pairAt(doc, path.slice(0, depth))
      if (pair?.key) return { source: sourceOfNode(doc, pair.key as Node), node: pair.key as Node }
    }
  }
  const doc = docs[0]
  if (doc?.map) return { source: doc.source.source, node: doc.map as Node }
  return undefined
}

/** An install image that carries no extension at all, on a node that needs one (T3). */
export interface ExtensionlessInstall {
  /** `none`: no image set (Talos's default); `ghcr`: ghcr.io/siderolabs/installer; `empty`: the empty schematic. */
  kind: 'none' | 'ghcr' | 'empty'
  /** The image as written, or Talos's default for the version. */
  image: string
  at: Location
}

/** The default install image of a Talos version: ghcr installer up to 1.13, the empty-schematic factory installer from 1.14. */
export function defaultInstallImage(target: LintTarget): string {
  return target.talosVersion.minor >= 14
    ? `factory.talos.dev/metal-installer/${EMPTY_SCHEMATIC_ID}`
    : 'ghcr.io/siderolabs/installer'
}

export function extensionlessInstall(target: LintTarget): ExtensionlessInstall | undefined {
  // talhelper derives the image from a schematic; the schematic rules judge that.
  if (target.schematic?.extensions) return undefined
  const imageAt = installImage(target.documents, target.talosVersion)
  if (!imageAt) {
    if (!target.complete || target.partial) return undefined
    const at = missingAt(target, 'v1alpha1', ['machine', 'install']) ?? { source: target.source }
    return { kind: 'none', image: defaultInstallImage(target), at }
  }
  if (isOpaque(imageAt.value)) return undefined
  const image = parseImage(imageAt.value)
  if (image.kind === 'default') return { kind: 'ghcr', image: imageAt.value, at: atValue(imageAt) }
  if (image.kind === 'factory' && image.schematicId === EMPTY_SCHEMATIC_ID)
    return { kind: 'empty', image: imageAt.value, at: atValue(imageAt) }
  return undefined
}

/** A schematic ID shortened for messages. */
export function shortId(id: string): string {
  return `${id.slice(0, 12)}…`
}

/** An extension list for messages. */
export function describeExtensions(extensions: readonly string[]): string {
  return extensions.length === 0 ? 'no extensions' : extensions.join(', ')
}

/** The offset of a 1-based line and column (as the factory module reports positions). */
export function offsetAt(source: SourceFile, line: number, column: number): number {
  let offset = 0
  for (let current = 1; current < line; current++) {
    const next = source.text.indexOf('\n', offset)
    if (next === -1) return source.text.length
    offset = next + 1
  }
  return Math.min(offset + column - 1, source.text.length)
}

// ---------------------------------------------------------------------------------------------
// Node IP pins

/** A subnet list that decides which address kubelet or etcd uses (T12). */
export interface PinSetting {
  /** How the setting is named in messages. */
  label: string
  /** Who picks an address with it. */
  who: 'kubelet' | 'etcd'
  list: ListSetting
}

/** kubelet `validSubnets`, etcd `advertisedSubnets` and `listenSubnets` of a target (those set). */
export function nodeIpPins(target: LintTarget): PinSetting[] {
  const pins: PinSetting[] = [
    {
      label: 'kubelet nodeIP.validSubnets',
      who: 'kubelet',
      list: kubeletValidSubnets(target.documents, target.talosVersion),
    },
    { label: 'etcd advertisedSubnets', who: 'etcd', list: etcdAdvertisedSubnets(target.documents) },
    { label: 'etcd listenSubnets', who: 'etcd', list: etcdListenSubnets(target.documents) },
  ]
  return pins.filter(pin => pin.list.lists.length > 0)
}

/** What is known about where the node's LAN sorts against the tailnet range (T12). */
export interface LanOrder {
  /** LAN subnets as known (hints or static addresses). */
  lan: string[]
  /** The IPv4 LAN subnets that sort after (or overlap) 100.64.0.0/10, so the tailnet address wins. */
  affected: string[]
  /** True when the LAN is known and none of it is affected (a 10/8 LAN keeps its address). */
  safe: boolean
}

const lanOrders = new WeakMap<LintTarget, LanOrder>()

export function lanOrder(target: LintTarget): LanOrder {
  const cached = lanOrders.get(target)
  if (cached) return cached
  const order = computeLanOrder(target)
  lanOrders.set(target, order)
  return order
}

function computeLanOrder(target: LintTarget): LanOrder {
  const lan = lanSubnets(target)
  const v4 = lan.map(text => parseSubnetOrAddress(text)).filter(cidr => cidr?.family === 4)
  const affected = lan.filter(text => {
    const cidr = parseSubnetOrAddress(text)
    return cidr?.family === 4 && orderAgainstTailnet(cidr) !== 'before'
  })
  if (lan.length === 0) {
    // No LAN in view (DHCP, as `talosctl gen config` leaves it): the cluster endpoint, when it is an
    // IPv4 address, is a VIP or a control plane's address on the LAN in real clusters. One in 10.0.0.0/8
    // sorts before the tailnet, so kubelet and etcd keep their LAN address.
    const endpoint = clusterEndpoint(target.documents, target.talosVersion)
    const host = endpoint ? endpointHost(endpoint.value) : undefined
    const cidr = host ? parseSubnetOrAddress(host) : undefined
    if (cidr?.family === 4 && !isTailnetAddress(cidr) && orderAgainstTailnet(cidr) === 'before')
      return { lan, affected, safe: true }
  }
  return { lan, affected, safe: v4.length > 0 && affected.length === 0 }
}

/** Where a v1alpha1 setting moved to a typed document (T18). */
export interface TypedForm {
  kind: string
  path: string[]
  /** First minor with the typed form. */
  since: number
}

/**
 * Edits that add a setting that is missing, in the form the file already uses: into an existing
 * typed document, else into the v1alpha1 block the file already has, else as a new typed document
 * (when the version has one), else into (or as) the v1alpha1 document. Undefined when no clean edit
 * exists (talhelper-built documents, flow style, ...).
 */
export function addSetting(
  target: LintTarget,
  v1alpha1Path: string[],
  value: unknown,
  typed?: TypedForm,
): TextEdit[] | undefined {
  // A talhelper node or a rendered node is assembled from files other nodes share (group patches,
  // --patch files): a value derived from this node (its LAN) must not be written into them.
  if (target.kind === 'talhelper-node' || target.kind === 'rendered') return undefined
  const docs = target.documents
  const mains = documentsOfKind(docs, 'v1alpha1')
  const typedApplies = typed !== undefined && target.talosVersion.minor >= typed.since
  if (typedApplies) {
    for (const doc of documentsOfKind(docs, typed.kind)) {
      const edits = insertPath(doc, typed.path, value)
      if (edits) return edits
    }
  }
  for (const main of mains) {
    // With the typed form available, only extend a v1alpha1 block the file already has.
    if (typedApplies && !nodeIn(main, v1alpha1Path.slice(0, 2))) continue
    const edits = insertPath(main, v1alpha1Path, value)
    if (edits) return edits
  }
  const anchor = liveDocuments(docs)[0]
  if (!anchor) return undefined
  if (typedApplies)
    return appendDocument(anchor, { apiVersion: 'v1alpha1', kind: typed.kind, ...nest(typed.path, value) })
  if (mains.length > 0) return undefined
  return appendDocument(anchor, nest(v1alpha1Path, value))
}

function nest(path: readonly string[], value: unknown): Record<string, unknown> {
  let result: unknown = value
  for (let i = path.length - 1; i >= 0; i--) result = { [path[i]!]: result }
  return result as Record<string, unknown>
}

// ---------------------------------------------------------------------------------------------
// Ingress firewall

/** The blocking default action of the ingress firewall, when it blocks. */
export function blockingFirewall(target: LintTarget): Located<string> | undefined {
  const action = firewall(target.documents).defaultAction
  return action?.value.trim().toLowerCase() === 'block' ? action : undefined
}

/** True when some rule among the documents opens `port`/`protocol` to part of `from` (any source when omitted). */
export function firewallAllows(
  documents: readonly TalosDocument[][],
  protocol: 'tcp' | 'udp',
  port: number,
  from?: Cidr,
): boolean {
  return documents.some(docs =>
    firewall(docs).rules.some(
      rule =>
        (rule.protocol ?? '').toLowerCase() === protocol &&
        rule.ports.some(([low, high]) => low <= port && port <= high) &&
        rule.ingress.some(({ subnet, except }) => {
          const cidr = parseSubnetOrAddress(subnet.value)
          if (!cidr) return false
          if (!from) return true
          const a = intervalOf(cidr)
          const b = intervalOf(from)
          if (a.family !== b.family || a.high < b.low || b.high < a.low) return false
          const excluded = except ? parseSubnetOrAddress(except.value) : undefined
          return !(excluded && cidrWithin(from, excluded))
        }),
    ),
  )
}
