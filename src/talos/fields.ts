/**
 * Which Talos config fields exist in which release, patch level included. Talos decodes machine
 * configs strictly (unknown keys fail `apply-config`), so a field must exist in the node's exact
 * release. The facts come from the compact inventory in ./fields.data.ts (generated from the Talos
 * schemas by scripts/gen-talos-fields.ts) plus {@link ACCEPTED_UNPUBLISHED}: deprecated fields Talos
 * still decodes but its published schemas omit (T18).
 *
 * Main entry points:
 * - {@link fieldAvailable}`('v1alpha1', 'machine.network.kubespan.filters.excludeAdvertisedNetworks', version)`
 * - {@link fieldSince}: the first release (on the version's line, or later) that has a field.
 * - {@link kindAvailable} / {@link kindSince}: the same for document kinds (`KubeSpanConfig`).
 * - {@link lookupField}: the full answer for one path, with the known sibling names for "did you mean".
 *
 * Paths are the YAML keys from the document root, without list indexes (`machine.network.interfaces.dhcp`).
 * Kinds: `v1alpha1` for the main document, otherwise the `kind:` value.
 * @module
 */
import { TALOS_FIELD_INVENTORY } from './fields.data.ts'
import type { TalosVersion } from './version.ts'

/** One field of the inventory. */
export interface InventoryField {
  name: string
  /** A list of objects whose items hold the children. */
  list: boolean
  /** Free-form content below (maps, embedded Kubernetes objects): keys below are not judged. */
  open: boolean
  /** Indexes into {@link Inventory.releases} of the schema folders that have the field. */
  present: ReadonlySet<number>
  children: Map<string, InventoryField>
}

/** The parsed inventory. */
export interface Inventory {
  /** Schema folders, oldest first (`v1.12.4` stands for v1.12.4 up to the next folder of that minor). */
  releases: string[]
  kinds: Map<string, InventoryField>
}

/**
 * Deprecated fields that Talos still decodes (they remain in the v1alpha1 Go types up to v1.14, marked
 * `docgen:nodoc`), but that no published schema since v1.10 lists. Without them, configs written by
 * older `talosctl gen config` or kept from older guides would be reported as unknown although Talos
 * accepts them. Each entry: document kind, path, and why.
 */
export const ACCEPTED_UNPUBLISHED: ReadonlyArray<{ kind: string; path: string; why: string }> = [
  { kind: 'v1alpha1', path: 'persist', why: 'Written by old `talosctl gen config`; ignored but accepted.' },
  {
    kind: 'v1alpha1',
    path: 'machine.install.extensions',
    why: 'System extensions before Image Factory; accepted but has no effect (see TAL103).',
  },
  { kind: 'v1alpha1', path: 'machine.install.extensions.image', why: 'Item of machine.install.extensions.' },
  { kind: 'v1alpha1', path: 'machine.install.bootloader', why: 'Deprecated, still decoded.' },
  {
    kind: 'v1alpha1',
    path: 'cluster.allowSchedulingOnMasters',
    why: 'Old name of allowSchedulingOnControlPlanes, still decoded.',
  },
  {
    kind: 'v1alpha1',
    path: 'cluster.etcd.subnet',
    why: 'Old form of etcd.advertisedSubnets, still decoded.',
  },
  { kind: 'v1alpha1', path: 'machine.network.interfaces.cidr', why: 'Old form of addresses, still decoded.' },
  {
    kind: 'v1alpha1',
    path: 'machine.network.interfaces.vlans.cidr',
    why: 'Old form of vlan addresses, still decoded.',
  },
  { kind: 'v1alpha1', path: 'machine.disks', why: 'Deprecated (UserVolumeConfig), still decoded.' },
  { kind: 'v1alpha1', path: 'machine.disks.device', why: 'Item of machine.disks.' },
  { kind: 'v1alpha1', path: 'machine.disks.partitions', why: 'Item of machine.disks.' },
  { kind: 'v1alpha1', path: 'machine.disks.partitions.size', why: 'Item of machine.disks.' },
  { kind: 'v1alpha1', path: 'machine.disks.partitions.mountpoint', why: 'Item of machine.disks.' },
]

/**
 * Kinds Talos registers but no schema describes: known from the given release, fields not judged.
 * `ImageVerificationConfig` is registered in pkg/machinery/config/types/security at v1.14.
 */
const UNPUBLISHED_KINDS: ReadonlyArray<{ kind: string; since: string }> = [
  { kind: 'ImageVerificationConfig', since: 'v1.14.0-rc.1' },
]

let cached: Inventory | undefined

/** The inventory, parsed once. */
export function talosFieldInventory(): Inventory {
  cached ??= parseInventory(TALOS_FIELD_INVENTORY)
  return cached
}

/** Parses the compact inventory text (format documented in scripts/gen-talos-fields.ts). */
export function parseInventory(text: string): Inventory {
  const lines = text.split('\n').filter(line => line.trim() !== '')
  const head = lines.shift() ?? ''
  if (!head.startsWith('@releases ')) throw new Error('field inventory: missing @releases header')
  const releases = head.slice('@releases '.length).trim().split(/\s+/)
  const index = new Map(releases.map((r, i) => [r, i]))
  const all = new Set(releases.map((_, i) => i))
  const kinds = new Map<string, InventoryField>()
  const stack: InventoryField[] = []
  for (const line of lines) {
    const depth = line.length - line.trimStart().length
    const [rawName = '', ...flags] = line.trim().split(/\s+/)
    const list = rawName.endsWith('[]')
    const name = list ? rawName.slice(0, -2) : rawName
    const parent = depth === 0 ? undefined : stack[depth - 1]
    if (depth > 0 && !parent) throw new Error(`field inventory: bad indent at "${line}"`)
    let present: ReadonlySet<number> = parent ? parent.present : all
    let open = false
    for (const flag of flags) {
      if (flag === '*') open = true
      else if (flag.startsWith('@')) present = parseRanges(flag.slice(1), index, releases.length)
    }
    const field: InventoryField = { name, list, open, present, children: new Map() }
    if (parent) parent.children.set(name, field)
    else kinds.set(name, field)
    stack[depth] = field
    stack.length = depth + 1
  }
  for (const { kind, path } of ACCEPTED_UNPUBLISHED) addUnpublished(kinds, kind, path.split('.'), all)
  for (const { kind, since } of UNPUBLISHED_KINDS) {
    const from = index.get(since) ?? releases.length - 1
    const present = new Set(releases.map((_, i) => i).filter(i => i >= from))
    kinds.set(kind, { name: kind, list: false, open: true, present, children: new Map() })
  }
  return { releases, kinds }
}

function parseRanges(text: string, index: Map<string, number>, count: number): Set<number> {
  const out = new Set<number>()
  for (const part of text.split(',')) {
    const [from, to] = part.split('..')
    const start = index.get(from ?? '')
    if (start === undefined) throw new Error(`field inventory: unknown release "${from}"`)
    const end = to === undefined ? start : to === '' ? count - 1 : index.get(to)
    if (end === undefined) throw new Error(`field inventory: unknown release "${to}"`)
    for (let i = start; i <= end; i++) out.add(i)
  }
  return out
}

function addUnpublished(
  kinds: Map<string, InventoryField>,
  kind: string,
  path: string[],
  all: ReadonlySet<number>,
): void {
  let field: InventoryField | undefined = kinds.get(kind)
  if (!field) return
  for (const name of path) {
    let child: InventoryField | undefined = field.children.get(name)
    if (!child) {
      child = { name, list: false, open: false, present: all, children: new Map() }
      field.children.set(name, child)
    }
    field = child
  }
}

/** `[major, minor, patch, prerelease?]` of `v1.12.4` or `v1.14.0-rc.1`. */
function parseRelease(text: string): [number, number, number, string | undefined] {
  const m = /^v(\d+)\.(\d+)\.(\d+)(?:-(.+))?$/.exec(text)
  if (!m) throw new Error(`not a release: ${text}`)
  return [Number(m[1]), Number(m[2]), Number(m[3]), m[4]]
}

/**
 * Index of the schema folder that describes `version`: the newest folder at or below it. A
 * pre-release counts as its release (`v1.14.0-beta.1` uses the v1.14.0 folder, here `v1.14.0-rc.1`).
 * Undefined for a version older than every folder.
 */
export function releaseIndex(
  version: TalosVersion,
  inventory: Inventory = talosFieldInventory(),
): number | undefined {
  // Asked once per field of every document: the answer per version is kept with the inventory.
  let answers = releaseIndexes.get(inventory)
  if (!answers) {
    answers = new Map()
    releaseIndexes.set(inventory, answers)
  }
  const key = `${version.minor}.${version.patch}`
  if (answers.has(key)) return answers.get(key)
  let found: number | undefined
  inventory.releases.forEach((release, i) => {
    const [, minor, patch] = parseRelease(release)
    if (minor < version.minor || (minor === version.minor && patch <= version.patch)) found = i
  })
  answers.set(key, found)
  return found
}

const releaseIndexes = new WeakMap<Inventory, Map<string, number | undefined>>()

/**
 * True when the field is accepted in the folder at `index`: present there or in any older folder.
 * Older folders count because Talos hides deprecated fields from its schema while still decoding
 * them (all of `machine.network` leaves the v1.13 schema, yet v1.13 accepts it). The price: a field
 * added in a patch release of an older minor after the newer minor branched (v1.12.9's
 * `OOMConfig.strictCgroupClassOrdering` reached v1.13 only in v1.13.4) is taken as known early.
 */
function acceptedAt(field: InventoryField, index: number): boolean {
  for (const i of field.present) if (i <= index) return true
  return false
}

/** The first folder after `index` that has the field, as a release name. */
function firstAfter(field: InventoryField, index: number, inventory: Inventory): string | undefined {
  for (let i = index + 1; i < inventory.releases.length; i++) {
    if (field.present.has(i)) return inventory.releases[i]!.replace(/-rc\.\d+$/, '')
  }
  return undefined
}

/** The answer for one path. */
export type FieldLookup =
  /** The field exists in the release. */
  | { status: 'known' }
  /** The path lies inside free-form content (a map, an embedded Kubernetes object): not judged. */
  | { status: 'open' }
  /** The release (or this inventory) has no document kind of that name. */
  | { status: 'unknown-kind'; since?: string }
  /**
   * `path[depth]` does not exist in the release under its parent. `since`: the first later release
   * that has it. `siblings`: the field names that do exist there, for "did you mean".
   */
  | { status: 'unknown'; depth: number; since?: string; siblings: string[] }
  /** The version is older than the inventory: nothing can be said. */
  | { status: 'unsupported-version' }

/** Looks up a path (keys from the document root, no list indexes) of a document kind in a release. */
export function lookupField(
  kind: string,
  path: readonly string[],
  version: TalosVersion,
  inventory: Inventory = talosFieldInventory(),
): FieldLookup {
  const index = releaseIndex(version, inventory)
  if (index === undefined) return { status: 'unsupported-version' }
  const root = inventory.kinds.get(kind)
  if (!root || !acceptedAt(root, index)) {
    const since = root ? firstAfter(root, index, inventory) : undefined
    return since ? { status: 'unknown-kind', since } : { status: 'unknown-kind' }
  }
  let field = root
  for (let depth = 0; depth < path.length; depth++) {
    if (field.open && field.children.size === 0) return { status: 'open' }
    const child = field.children.get(path[depth]!)
    if (!child || !acceptedAt(child, index)) {
      if (field.open) return { status: 'open' }
      const siblings = [...field.children.values()].filter(c => acceptedAt(c, index)).map(c => c.name)
      const since = child ? firstAfter(child, index, inventory) : undefined
      return since ? { status: 'unknown', depth, since, siblings } : { status: 'unknown', depth, siblings }
    }
    field = child
  }
  return { status: 'known' }
}

/** True when `kind` has the field (dotted path) in `version`, or the path is free-form content there. */
export function fieldAvailable(kind: string, dottedPath: string, version: TalosVersion): boolean {
  const status = lookupField(kind, dottedPath.split('.'), version).status
  return status === 'known' || status === 'open'
}

/**
 * The first release that has the field: for a version that lacks it, the first later release on its
 * line (`v1.12.4` for excludeAdvertisedNetworks asked about v1.12.2); for one that has it, the first
 * schema folder with it. Undefined when no known release has it.
 */
export function fieldSince(kind: string, dottedPath: string, version?: TalosVersion): string | undefined {
  const inventory = talosFieldInventory()
  const path = dottedPath.split('.')
  if (version) {
    const found = lookupField(kind, path, version, inventory)
    if (found.status === 'unknown' && found.depth === path.length - 1) return found.since
    if (found.status === 'unknown' || found.status === 'unknown-kind') return undefined
  }
  let field = inventory.kinds.get(kind)
  for (const name of path) field = field?.children.get(name)
  if (!field) return undefined
  const first = Math.min(...field.present)
  return Number.isFinite(first) ? inventory.releases[first]!.replace(/-rc\.\d+$/, '') : undefined
}

/** True when Talos `version` knows the document kind. */
export function kindAvailable(kind: string, version: TalosVersion): boolean {
  const inventory = talosFieldInventory()
  const index = releaseIndex(version, inventory)
  const root = inventory.kinds.get(kind)
  return index !== undefined && root !== undefined && acceptedAt(root, index)
}

/** The first release that knows the document kind (`v1.13.0` for KubeSpanConfig). */
export function kindSince(kind: string): string | undefined {
  const root = talosFieldInventory().kinds.get(kind)
  if (!root) return undefined
  const first = Math.min(...root.present)
  return Number.isFinite(first) ? talosFieldInventory().releases[first]!.replace(/-rc\.\d+$/, '') : undefined
}

/** Every document kind the inventory knows in any release, sorted (for "did you mean"). */
export function knownKinds(): string[] {
  return [...talosFieldInventory().kinds.keys()].sort()
}
