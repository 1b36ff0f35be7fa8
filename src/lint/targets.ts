/**
 * Building lint targets from text. The CLI's file discovery and talhelper expansion build on this.
 * @module
 */
import { isMap, isScalar, isSeq, type Node } from 'yaml'
import { parseSource, type SourceDocument, type SourceFile, sourceFromText } from '../core/source.ts'
import { installerImageParse } from '../factory/images.ts'
import { classifyDocument, MAIN_KIND, nodeAt, type TalosDocument, valueAt } from '../talos/documents.ts'
import {
  DEFAULT_TALOS_VERSION,
  declaredContract,
  SUPPORTED_MINORS,
  type TalosVersion,
} from '../talos/version.ts'
import type { LintTarget, SchematicInfo, TargetHints, TargetKind } from './rule.ts'

export interface TargetOptions {
  /** Force a kind instead of detecting it. */
  kind?: TargetKind
  /** Override whether the target is a whole node. Defaults: machine configs and rendered nodes are. */
  complete?: boolean
  talosVersion?: TalosVersion
  hints?: TargetHints
  cluster?: string
}

/** Parses Talos documents from a source file (config or patch). */
export function talosDocuments(source: SourceFile): TalosDocument[] {
  return parseSource(source).map(classifyDocument)
}

/**
 * A full machine config has a main document with `machine.type` and `machine.token` (what
 * `talosctl gen config` always writes); anything else made of Talos documents is a patch.
 */
export function looksLikeMachineConfig(documents: readonly TalosDocument[]): boolean {
  const main = documents.find(doc => doc.kind === MAIN_KIND)
  return (
    main !== undefined &&
    valueAt(main, ['machine', 'type']) !== undefined &&
    valueAt(main, ['machine', 'token']) !== undefined
  )
}

/** Builds a target from a Talos config or patch source. */
export function targetFromSource(source: SourceFile, options: TargetOptions = {}): LintTarget {
  return targetFromDocuments(source, talosDocuments(source), options)
}

/**
 * Builds a target from already-classified documents (so `check` parses each file once). Without an
 * explicit version, the installer image tag decides (`machine.install.image`), then the default.
 */
export function targetFromDocuments(
  source: SourceFile,
  documents: TalosDocument[],
  options: TargetOptions = {},
): LintTarget {
  const kind = options.kind ?? (looksLikeMachineConfig(documents) ? 'machine-config' : 'patch')
  const main = documents.find(doc => doc.kind === MAIN_KIND)
  const type = main ? valueAt(main, ['machine', 'type']) : undefined
  const target: LintTarget = {
    label: source.path,
    kind,
    source,
    documents,
    complete:
      options.complete ?? (kind === 'machine-config' || kind === 'rendered' || kind === 'talhelper-node'),
    talosVersion: options.talosVersion ?? DEFAULT_TALOS_VERSION,
    talosVersionFrom: options.talosVersion ? 'flag' : 'default',
    hints: options.hints ?? {},
  }
  const image = main ? installerImage(main) : undefined
  if (image) {
    if (!options.talosVersion && image.version) {
      target.talosVersion = image.version
      target.talosVersionFrom = 'image'
    }
    if (image.schematicId) {
      target.schematic = { id: image.schematicId, source: main!.source.source }
      if (image.node) target.schematic.node = image.node
    }
  }
  const contract = declaredContract(source.text) ?? renderedContract(kind, documents)
  if (contract !== undefined) target.configContract = contract
  if (type === 'controlplane' || type === 'init') target.role = 'controlplane'
  else if (type === 'worker') target.role = 'worker'
  if (options.cluster !== undefined) target.cluster = options.cluster
  return target
}

// A node rendered onto a `talosctl gen config` base made for a contract before v1.14 has none of the
// Kubernetes documents v1.14's gen config writes.
const V1_14_GEN_CONFIG_KINDS = new Set([
  'KubeletConfig',
  'KubeClusterConfig',
  'KubeNodeConfig',
  'UnattendedInstallConfig',
])

function renderedContract(
  kind: LintTarget['kind'],
  documents: readonly TalosDocument[],
): TalosVersion | undefined {
  if (kind !== 'rendered') return undefined
  if (documents.some(doc => V1_14_GEN_CONFIG_KINDS.has(doc.kind))) return undefined
  return { major: 1, minor: 13, patch: 0 }
}

/** Convenience for tests and the library: a target from a string. */
export function targetFromText(path: string, text: string, options: TargetOptions = {}): LintTarget {
  return targetFromSource(sourceFromText(path, text), options)
}

/** What an installer image reference tells: the Talos version (tag) and the factory schematic ID. */
export interface InstallerImage {
  image: string
  /** Undefined when the tag is not a supported Talos version (or there is no tag). */
  version?: TalosVersion
  /** 64-hex schematic ID for `factory.talos.dev/...installer.../<id>:<tag>` images. */
  schematicId?: string
  node?: Node
}

/**
 * Parses an installer reference with the factory module's reader (any registry, legacy and platform
 * forms). A tag older than the supported range is raised to the oldest supported minor: judging a
 * v1.9 node by v1.10's rules is closer to the truth than by the newest. A newer tag is kept, as
 * --talos-version keeps it: the rules judge it by the newest release they know, and `check` warns.
 */
export function parseInstallerImage(image: string): Omit<InstallerImage, 'node'> {
  const result: Omit<InstallerImage, 'node'> = { image }
  const parsed = installerImageParse(image)
  if (parsed.kind === 'other') return result
  if (parsed.kind === 'factory') result.schematicId = parsed.schematicId
  const tag = parsed.talosVersion
  if (tag) {
    const minor = Math.max(tag.minor, SUPPORTED_MINORS[0]) as TalosVersion['minor']
    const version: TalosVersion = { major: 1, minor, patch: minor === tag.minor ? tag.patch : 0 }
    if (minor === tag.minor && tag.prerelease) version.prerelease = tag.prerelease
    result.version = version
  }
  return result
}

/** The `machine.install.image` of a main document, when it is a plain string. */
export function installerImage(main: TalosDocument): InstallerImage | undefined {
  const node = nodeAt(main, ['machine', 'install', 'image'])
  if (!node || !isScalar(node) || typeof node.value !== 'string') return undefined
  return { ...parseInstallerImage(node.value), node }
}

/** What a parsed file is, judged from its top-level shape. */
export type InputKind =
  | 'talos'
  | 'talhelper'
  | 'omni'
  | 'talosconfig'
  | 'schematic'
  | 'intent'
  | 'json6902'
  | 'other'

const MAIN_KEYS = new Set(['version', 'debug', 'persist', 'machine', 'cluster', '$patch'])
const SCHEMATIC_KEYS = new Set(['customization', 'overlay'])

/**
 * Detects the kind of a parsed file: a talhelper `talconfig.yaml` (`clusterName` and `nodes`), an
 * intent file (`version: 1` with `cluster` and `tailscale`), an Image Factory schematic (only
 * `customization`/`overlay`), a JSON6902 patch (a list of `op`/`path` operations), Talos documents
 * (a main document with `machine`/`cluster`, or `apiVersion: v1alpha1` + `kind`), or something else.
 */
export function detectInputKind(documents: readonly SourceDocument[]): InputKind {
  if (documents.length === 0) return 'other'
  if (documents.length === 1) {
    const contents = documents[0]!.doc.contents
    if (isSeq(contents)) {
      const ops = contents.items
      const isOp = (item: unknown) => isMap(item) && isScalar(item.get('op', true)) && item.has('path')
      return ops.length > 0 && ops.every(isOp) ? 'json6902' : 'other'
    }
    if (isMap(contents)) {
      const keys = keysOf(contents)
      const ours = !keys.has('apiVersion') && !keys.has('kind') && !keys.has('machine')
      if (ours && keys.has('nodes') && (keys.has('clusterName') || keys.has('endpoint'))) return 'talhelper'
      const version = scalarValue(contents, 'version')
      if ((version === 1 || version === '1') && keys.has('cluster') && keys.has('tailscale')) return 'intent'
      if (keys.size > 0 && [...keys].every(key => SCHEMATIC_KEYS.has(key))) return 'schematic'
    }
  }
  if (isOmniTemplate(documents)) return 'omni'
  if (documents.length === 1 && isTalosconfig(documents[0]!.doc.contents)) return 'talosconfig'
  let talos = 0
  for (const document of documents) {
    const contents = document.doc.contents
    if (contents === null) continue
    if (!isMap(contents)) return 'other'
    const keys = keysOf(contents)
    const apiVersion = scalarValue(contents, 'apiVersion')
    if (keys.has('kind') && apiVersion === 'v1alpha1') talos++
    else if (
      !keys.has('kind') &&
      (keys.has('machine') || keys.has('cluster')) &&
      [...keys].every(k => MAIN_KEYS.has(k))
    )
      talos++
    else if (keys.has('$patch') && keys.size <= 4) talos++
    else return 'other'
  }
  return talos > 0 ? 'talos' : 'other'
}

const OMNI_KINDS = new Set(['Cluster', 'ControlPlane', 'Workers', 'Machine'])

/** An Omni cluster template: documents of kind Cluster/ControlPlane/Workers/Machine without apiVersion, one a Cluster. */
export function isOmniTemplate(documents: readonly SourceDocument[]): boolean {
  let cluster = false
  for (const document of documents) {
    const contents = document.doc.contents
    if (!isMap(contents)) return false
    const kind = scalarValue(contents, 'kind')
    if (contents.has('apiVersion') || typeof kind !== 'string' || !OMNI_KINDS.has(kind)) return false
    if (kind === 'Cluster') cluster = true
  }
  return cluster
}

/** A talosconfig (talosctl's client config): `contexts` of endpoints with client certificates. */
export function isTalosconfig(contents: unknown): boolean {
  if (!isMap(contents)) return false
  const contexts = contents.get('contexts', true)
  if (!isMap(contexts) || contexts.items.length === 0) return false
  return contexts.items.every(pair => {
    const value = pair.value
    return isMap(value) && (value.has('endpoints') || value.has('ca') || value.has('crt'))
  })
}

function scalarValue(map: import('yaml').YAMLMap, key: string): unknown {
  const node = map.get(key, true)
  return isScalar(node) ? node.value : undefined
}

function keysOf(map: import('yaml').YAMLMap): Set<string> {
  const keys = new Set<string>()
  for (const pair of map.items) {
    const key = isScalar(pair.key) ? pair.key.value : pair.key
    if (typeof key === 'string') keys.add(key)
  }
  return keys
}

/** The official extensions listed in a schematic document, in order. */
export function schematicExtensions(document: SourceDocument): string[] {
  const node = document.doc.getIn(['customization', 'systemExtensions', 'officialExtensions'], true)
  if (!isSeq(node)) return []
  return node.items.flatMap(item => (isScalar(item) && typeof item.value === 'string' ? [item.value] : []))
}

/** A target for an Image Factory schematic file. `id` comes from the factory module when known. */
export function schematicTarget(
  source: SourceFile,
  document: SourceDocument,
  options: TargetOptions & { id?: string } = {},
): LintTarget {
  const schematic: SchematicInfo = { source, extensions: schematicExtensions(document) }
  if (options.id) schematic.id = options.id
  const root = document.doc.contents as Node | null
  if (root) schematic.node = root
  const target: LintTarget = {
    label: source.path,
    kind: 'schematic',
    source,
    documents: [],
    complete: true,
    talosVersion: options.talosVersion ?? DEFAULT_TALOS_VERSION,
    talosVersionFrom: options.talosVersion ? 'flag' : 'default',
    hints: options.hints ?? {},
    schematic,
  }
  if (options.cluster !== undefined) target.cluster = options.cluster
  return target
}

/** A target for a file judged as a whole without Talos documents (an intent file). */
export function fileTarget(source: SourceFile, kind: TargetKind, options: TargetOptions = {}): LintTarget {
  const target: LintTarget = {
    label: source.path,
    kind,
    source,
    documents: [],
    complete: options.complete ?? true,
    talosVersion: options.talosVersion ?? DEFAULT_TALOS_VERSION,
    talosVersionFrom: options.talosVersion ? 'flag' : 'default',
    hints: options.hints ?? {},
  }
  if (options.cluster !== undefined) target.cluster = options.cluster
  return target
}
