/**
 * Which schematic (and so which extensions) a node's install image carries: schematic IDs talscale
 * knows by heart, IDs resolved through the schematic files of the run, the install image that
 * carries no extension at all, and how schematics read in messages. Rules about extensions and
 * images (TAL1xx, TAL240) ask these questions; they live apart from the rules so that every rule
 * resolves an image the same way and the answers are computed once per target.
 * @module
 */
import type { Node } from 'yaml'
import type { SourceFile } from '../../core/source.ts'
import {
  EMPTY_SCHEMATIC_ID,
  installerImageParse,
  type ParsedInstallerImage,
  parseSchematic,
  schematicId,
  TAILSCALE_EXTENSION,
} from '../../factory/index.ts'
import { installImage, isOpaque, type Located } from '../../talos/accessors.ts'
import { atValue, missingAt } from '../locations.ts'
import type { LintTarget, Location } from '../rule.ts'

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

/** Drops the cached schematic of a target (it holds the target's documents); see `settleTarget`. */
export function forgetNodeSchematic(target: LintTarget): void {
  schematicCache.delete(target)
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
