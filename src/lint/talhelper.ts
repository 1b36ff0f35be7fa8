/**
 * talhelper `talconfig.yaml` as lint targets: one whole node per `nodes[]` entry, assembled from
 * what talhelper would feed into the node's machine config. The talconfig fields that stand for
 * Talos settings (`talosImageURL`/`schematic`, `extensionServices`, `machineFiles`, `certSANs`,
 * `ingressFirewall`, `clusterPodNets`, ...) become Talos documents built from the talconfig's own
 * YAML nodes, so every finding points at a real line of talconfig.yaml. Patches (inline or
 * `@./file.yaml`) follow in talhelper's order: global, node group, node.
 *
 * `${VAR}` substitutions and SOPS ciphertext are kept as opaque text; rules never judge them.
 * @module
 */
import { dirname, isAbsolute, join, normalize, resolve } from 'node:path'
import {
  Document,
  isAlias,
  isMap,
  isPair,
  isScalar,
  isSeq,
  type Node,
  Pair,
  Scalar,
  type YAMLMap,
  YAMLMap as YAMLMapClass,
  type YAMLSeq,
  YAMLSeq as YAMLSeqClass,
} from 'yaml'
import { TalscaleError } from '../core/errors.ts'
import { canonicalCidr, parseCidr, parseIp } from '../core/net.ts'
import { OutsideRootError, readSourceInside, repositoryRoot } from '../core/paths.ts'
import { parseSource, type SourceDocument, type SourceFile } from '../core/source.ts'
import { decodeSchematicNode, EMPTY_SCHEMATIC_ID, schematicId } from '../factory/index.ts'
import { expandAliases, hasAliasesOrMerges } from '../render/aliases.ts'
import { isOpaque } from '../talos/accessors.ts'
import { classifyDocument, type TalosDocument } from '../talos/documents.ts'
import { isTailnetAddress } from '../talos/net.ts'
import {
  DEFAULT_TALOS_VERSION,
  formatTalosVersion,
  parseTalosVersion,
  type TalosVersion,
} from '../talos/version.ts'
import { isGitIgnored } from './discover.ts'
import { noteOutsideReference } from './references.ts'
import type { InputProblem, LintTarget, SchematicInfo } from './rule.ts'
import {
  type Decryptor,
  fullyEncrypted,
  hasEncryptedValues,
  isSopsText,
  prepareSource,
  stripSopsMetadata,
} from './sops.ts'
import { markApproximate, markSynthetic } from './yaml-edits.ts'

/** True when parsed YAML looks like a talhelper config: `nodes` plus `clusterName` or `endpoint`. */
export function isTalhelperConfig(plain: unknown): boolean {
  if (!plain || typeof plain !== 'object' || Array.isArray(plain)) return false
  const record = plain as Record<string, unknown>
  if ('apiVersion' in record || 'kind' in record || 'machine' in record) return false
  return (
    Array.isArray(record.nodes) &&
    (typeof record.clusterName === 'string' || typeof record.endpoint === 'string')
  )
}

/** How to expand a talconfig. */
export interface TalhelperOptions {
  /** `--talos-version`: wins over the talconfig's `talosVersion`. */
  talosVersion?: TalosVersion
  /**
   * Reads a patch file referenced as `@./file.yaml`; gets the path as resolved against the
   * talconfig's directory. Defaults to reading from disk, only inside the repository of the
   * working directory (src/core/paths.ts). A reader that refuses a file outside the repository
   * throws OutsideRootError: the patch is skipped and rule TAL002 reports it.
   */
  readFile?: (path: string) => SourceFile
  /** The process environment talhelper would see (lowest priority; talenv files win). Default: none. */
  env?: Readonly<Record<string, string | undefined>>
  /** Decrypts SOPS files (patches, talenv.sops.yaml); without it they stay opaque. */
  decrypt?: Decryptor
}

/** talhelper's default `--env-file` list, read from the talconfig's directory; later files win. */
export const TALENV_FILES = ['talenv.yaml', 'talenv.sops.yaml', 'talenv.yml', 'talenv.sops.yml'] as const

/** What a patch contributed to a node. */
export interface PatchOutcome {
  documents: TalosDocument[]
  problems: InputProblem[]
  /** Some of it could not be read (SOPS ciphertext, Go template that is not YAML). */
  partial: boolean
}

const FACTORY = 'factory.talos.dev'
// talhelper's default installerURLTmpl since v3.0.24 (May 2025); before, `installer/` without the platform.
const INSTALLER_TEMPLATE =
  '{{.RegistryURL}}/{{.Mode}}-installer{{if .Secureboot}}-secureboot{{end}}/{{.ID}}:{{.Version}}'

/**
 * Renders an installerURLTmpl: `{{.Field}}` and `{{if .Field}}...{{end}}` (all talhelper's default and
 * documented examples use). Undefined for template markup beyond that, which is left unjudged.
 */
export function installerUrl(template: string, data: Record<string, string | boolean>): string | undefined {
  const conditional = template.replace(
    /\{\{-?\s*if\s+\.(\w+)\s*-?\}\}([^{}]*)(?:\{\{-?\s*else\s*-?\}\}([^{}]*))?\{\{-?\s*end\s*-?\}\}/g,
    (_whole, key: string, then: string, otherwise: string | undefined) =>
      data[key] ? then : (otherwise ?? ''),
  )
  let unknown = false
  const rendered = conditional.replace(/\{\{-?\s*\.(\w+)\s*-?\}\}/g, (_whole, key: string) => {
    const value = data[key]
    if (value === undefined || typeof value === 'boolean') unknown = true
    return String(value ?? '')
  })
  return unknown || rendered.includes('{{') ? undefined : rendered
}

/** Expands a talconfig.yaml into one `talhelper-node` target per node. Throws InputError on unreadable patches. */
export function expandTalhelper(source: SourceFile, options: TalhelperOptions = {}): LintTarget[] {
  const talconfig = readTalconfig(source, options)
  if (!talconfig) return []
  const nodes = get(talconfig.root, 'nodes')
  if (!nodes || !isSeq(nodes)) return []
  const targets: LintTarget[] = []
  for (const item of (nodes as YAMLSeq).items) {
    if (isMap(item)) targets.push(expandNode(talconfig, nodeEntry(talconfig, item as YAMLMap)))
  }
  return targets
}

/** A talconfig as every one of its nodes is built from it, read once. */
interface Talconfig {
  source: SourceFile
  document: SourceDocument
  /** The talconfig's YAML, aliases expanded and talenv variables substituted. */
  root: YAMLMap
  read: (path: string) => SourceFile
  variables: Variables
  decrypt: Decryptor | undefined
  // Nodes share patch files and machineFiles contents: each is read (and reported) once.
  patchCache: Map<string, PatchOutcome>
  contentCache: Map<Node, { problems: InputProblem[]; partial: boolean }>
  clusterName: string | undefined
  version: TalosVersion
  versionFrom: LintTarget['talosVersionFrom']
  /** `imageFactory.registryURL` and `installerURLTmpl`, with talhelper's defaults. */
  registry: string
  template: string
  /** Wraps a built YAML map as a document of the talconfig, so findings land on its lines. */
  synthetic: (contents: YAMLMap) => TalosDocument
}

/** The talconfig's document with talenv variables resolved, and the settings all its nodes share. */
function readTalconfig(source: SourceFile, options: TalhelperOptions): Talconfig | undefined {
  const document = parseSource(source).find(doc => isMap(doc.doc.contents))
  if (!document) return undefined
  // Anchors, aliases and `<<` merge keys, as yaml.v3 reads them for talhelper.
  expandDocumentAliases(document)
  const root = document.doc.contents as YAMLMap
  const read = options.readFile ?? readInsideRepository
  const variables = talenvVariables(dirname(source.path), read, options)
  substituteTree(root, variables)
  const { version, from } = versionOf(get(root, 'talosVersion'), options.talosVersion)
  return {
    source,
    document,
    root,
    read,
    variables,
    decrypt: options.decrypt,
    patchCache: new Map(),
    contentCache: new Map(),
    clusterName: stringOf(get(root, 'clusterName')),
    version,
    versionFrom: from,
    registry: stringOf(get(get(root, 'imageFactory'), 'registryURL')) ?? FACTORY,
    template: stringOf(get(get(root, 'imageFactory'), 'installerURLTmpl')) ?? INSTALLER_TEMPLATE,
    synthetic: contents => {
      const doc = new Document() as unknown as Document.Parsed
      doc.contents = contents as never
      return classifyDocument({ source, index: document.index, doc })
    },
  }
}

/** The default patch reader: from disk, and only inside the repository of the working directory. */
function readInsideRepository(path: string): SourceFile {
  return readSourceInside(repositoryRoot(process.cwd()), resolve(path), path, 'talhelper patch')
}

/** One `nodes[]` entry, seen together with its node group (`controlPlane` or `worker`). */
interface NodeEntry {
  node: YAMLMap
  hostname: string
  /** The entry's `controlPlane:` value, where the machine type it decides points. */
  controlPlane: Node | undefined
  isControlPlane: boolean
  group: Node | undefined
  /** A field as talhelper's mergeNodeConfigs reads it: the node's when not empty, else the group's. */
  field: (key: string) => Node | undefined
  /** A switch set on the node itself (`overridePatches`, `overrideMachineCertSANs`, ...). */
  flag: (key: string) => boolean
  /** The installer `schematic` (own or from the group), and what it says when it is a map. */
  schematicNode: Node | undefined
  schematic: SchematicInfo | undefined
}

function nodeEntry(talconfig: Talconfig, node: YAMLMap): NodeEntry {
  const controlPlane = get(node, 'controlPlane')
  const isControlPlane = isScalar(controlPlane) && controlPlane.value === true
  const group = get(talconfig.root, isControlPlane ? 'controlPlane' : 'worker')
  const field = (key: string): Node | undefined => {
    const own = get(node, key)
    return own !== undefined && !isEmpty(own) ? own : get(group, key)
  }
  const schematicNode = field('schematic')
  return {
    node,
    hostname: stringOf(get(node, 'hostname')) ?? '?',
    controlPlane,
    isControlPlane,
    group,
    field,
    flag: key => {
      const value = get(node, key)
      return isScalar(value) && value.value === true
    },
    schematicNode,
    schematic:
      schematicNode && isMap(schematicNode)
        ? schematicInfo(talconfig.source, talconfig.document, schematicNode as YAMLMap)
        : undefined,
  }
}

/** What a node is being assembled from, in talhelper's order. */
interface NodeParts {
  documents: TalosDocument[]
  problems: InputProblem[]
  /** Some of it could not be read (SOPS ciphertext, a file that is missing or outside the repository). */
  partial: boolean
}

/** One node's target: its main document, then extension services, firewall, and patches. */
function expandNode(talconfig: Talconfig, entry: NodeEntry): LintTarget {
  const parts: NodeParts = { documents: [], problems: [], partial: false }
  parts.documents.push(talconfig.synthetic(mainDocument(talconfig, entry, parts)))
  parts.documents.push(...extensionServiceDocuments(talconfig, entry))
  parts.documents.push(...firewallDocuments(talconfig, entry))
  addPatches(talconfig, entry, parts)
  return nodeTarget(talconfig, entry, parts)
}

/** The main document: what talhelper writes into v1alpha1 from talconfig fields. */
function mainDocument(talconfig: Talconfig, entry: NodeEntry, parts: NodeParts): YAMLMap {
  const machine = machineSection(talconfig, entry, parts)
  const cluster = clusterSection(talconfig.root, entry.node)
  const main = map(entry.node)
  put(main, 'machine', machine)
  if (cluster.items.length > 0) put(main, 'cluster', cluster)
  return main
}

function machineSection(talconfig: Talconfig, entry: NodeEntry, parts: NodeParts): YAMLMap {
  const { node, group, field, flag } = entry
  const machine = map(node)
  put(machine, 'type', scalar(entry.isControlPlane ? 'controlplane' : 'worker', entry.controlPlane ?? node))
  const install = map(node)
  const image = nodeInstallImage(talconfig, entry)
  if (image) put(install, 'image', image)
  // talhelper's old `extensions:` field wrote machine.install.extensions (no effect since v1.10, T4).
  const legacyExtensions = field('extensions')
  if (legacyExtensions) put(install, 'extensions', legacyExtensions)
  if (install.items.length > 0) put(machine, 'install', install)
  const sans = seqOf(
    [
      get(node, 'certSANs'),
      flag('overrideMachineCertSANs') ? undefined : get(group, 'certSANs'),
      get(talconfig.root, 'additionalMachineCertSans'),
    ],
    node,
  )
  if (sans) put(machine, 'certSANs', sans)
  const files = field('machineFiles')
  if (files) {
    put(machine, 'files', files)
    // `content: "@./file"`: talhelper writes the file's text (SOPS-decrypted, envsubst-ed) there.
    const loaded = loadFileContents(talconfig.source, files, talconfig.read, talconfig.contentCache)
    parts.problems.push(...loaded.problems)
    parts.partial ||= loaded.partial
  }
  // Node labels, annotations and taints, kernel modules: written into v1alpha1 as they are.
  for (const [key, path] of [
    ['nodeLabels', 'nodeLabels'],
    ['nodeAnnotations', 'nodeAnnotations'],
    ['nodeTaints', 'nodeTaints'],
  ] as const) {
    const value = field(key)
    if (value) put(machine, path, value)
  }
  const modules = field('kernelModules')
  if (modules) put(machine, 'kernel', withPair(map(modules), 'modules', modules))
  const network = map(node)
  const nameservers = field('nameservers')
  if (nameservers) put(network, 'nameservers', nameservers)
  const interfaces = field('networkInterfaces')
  if (interfaces) put(network, 'interfaces', interfaces)
  if (network.items.length > 0) put(machine, 'network', network)
  return machine
}

/** machine.install.image: `talosImageURL` (tagged with the Talos version), else the installerURLTmpl. */
function nodeInstallImage(talconfig: Talconfig, entry: NodeEntry): Scalar | undefined {
  const { schematic } = entry
  const imageUrl = entry.field('talosImageURL')
  const tag = formatTalosVersion(talconfig.version)
  if (imageUrl && isScalar(imageUrl) && imageUrl.value) {
    const url = String(imageUrl.value)
    return scalar(url.includes(':', url.lastIndexOf('/')) ? url : `${url}:${tag}`, imageUrl)
  }
  // talhelper's installerURLTmpl (its default names the platform installer since v3.0.24), with
  // the schematic's ID, or the empty schematic's when the node has none.
  const spec = entry.field('machineSpec')
  const url = installerUrl(talconfig.template, {
    RegistryURL: talconfig.registry,
    Mode: stringOf(get(spec, 'mode')) ?? 'metal',
    Secureboot: isScalar(get(spec, 'secureboot')) && (get(spec, 'secureboot') as Scalar).value === true,
    ID: schematic ? (schematic.id ?? '{schematic}') : EMPTY_SCHEMATIC_ID,
    Version: tag,
  })
  return url ? scalar(url, entry.schematicNode ?? entry.node) : undefined
}

/** The cluster section every node gets from the talconfig's cluster-wide fields. */
function clusterSection(root: YAMLMap, node: YAMLMap): YAMLMap {
  const cluster = map(node)
  const endpoint = get(root, 'endpoint')
  if (endpoint) put(cluster, 'controlPlane', withPair(map(endpoint), 'endpoint', endpoint))
  const apiSans = get(root, 'additionalApiServerCertSans')
  if (apiSans) put(cluster, 'apiServer', withPair(map(apiSans), 'certSANs', apiSans))
  const clusterNetwork = map(node)
  const pods = get(root, 'clusterPodNets')
  if (pods) put(clusterNetwork, 'podSubnets', pods)
  const services = get(root, 'clusterSvcNets')
  if (services) put(clusterNetwork, 'serviceSubnets', services)
  if (clusterNetwork.items.length > 0) put(cluster, 'network', clusterNetwork)
  // Cluster inlineManifests (Kubernetes manifests, never node documents) are judged from the
  // talconfig itself (TAL216), not copied into cluster.inlineManifests here.
  return cluster
}

/** extensionServices: each entry is an ExtensionServiceConfig. */
function extensionServiceDocuments(talconfig: Talconfig, entry: NodeEntry): TalosDocument[] {
  const documents: TalosDocument[] = []
  const extensionList = entry.field('extensionServices')
  if (extensionList && isSeq(extensionList)) {
    for (const item of (extensionList as YAMLSeq).items) {
      if (!isMap(item)) continue
      documents.push(talconfig.synthetic(typedDocument('ExtensionServiceConfig', item as YAMLMap)))
    }
  }
  return documents
}

/** ingressFirewall as a default-action document and one document per rule; talhelper's default action is block. */
function firewallDocuments(talconfig: Talconfig, entry: NodeEntry): TalosDocument[] {
  const documents: TalosDocument[] = []
  const firewall = entry.field('ingressFirewall')
  if (firewall && isMap(firewall)) {
    const action = get(firewall, 'defaultAction')
    const defaults = typedDocument('NetworkDefaultActionConfig', undefined, firewall)
    put(defaults, 'ingress', action && isScalar(action) ? action : scalar('block', firewall))
    documents.push(talconfig.synthetic(defaults))
    const rules = get(firewall, 'rules')
    if (rules && isSeq(rules)) {
      for (const rule of (rules as YAMLSeq).items) {
        if (isMap(rule))
          documents.push(talconfig.synthetic(typedDocument('NetworkRuleConfig', rule as YAMLMap)))
      }
    }
  }
  return documents
}

/**
 * The node's patches and extraManifests, in the order talhelper applies them: the node's patches
 * (its group's first, unless overridePatches), then the global ones; node extraManifests (its own,
 * then its group's) are documents appended after them.
 */
function addPatches(talconfig: Talconfig, entry: NodeEntry, parts: NodeParts): void {
  const { node, group, flag } = entry
  const patchLists: Array<[Node | undefined, 'patch' | 'extraManifests']> = [
    [flag('overridePatches') ? undefined : get(group, 'patches'), 'patch'],
    [get(node, 'patches'), 'patch'],
    [get(talconfig.root, 'patches'), 'patch'],
    [get(node, 'extraManifests'), 'extraManifests'],
    [flag('overrideExtraManifests') ? undefined : get(group, 'extraManifests'), 'extraManifests'],
  ]
  for (const [list, what] of patchLists) {
    if (!list || !isSeq(list)) continue
    for (const item of (list as YAMLSeq).items) {
      if (!isScalar(item) || typeof item.value !== 'string') continue
      let patch = item as Scalar<string>
      if (what === 'extraManifests' && !patch.value.trim().startsWith('@')) {
        // talhelper reads extraManifests entries as files, with or without the "@".
        patch = new Scalar(`@${patch.value.trim()}`) as Scalar<string>
        patch.range = item.range ?? null
      }
      const outcome = patchDocuments(talconfig.source, patch, {
        read: talconfig.read,
        cache: talconfig.patchCache,
        synthetic: talconfig.synthetic,
        variables: talconfig.variables,
        what: what === 'patch' ? 'talhelper patch' : 'talhelper extraManifests file',
        ...(talconfig.decrypt ? { decrypt: talconfig.decrypt } : {}),
      })
      parts.documents.push(...outcome.documents)
      parts.problems.push(...outcome.problems)
      parts.partial ||= outcome.partial
    }
  }
}

/** The node's lint target, and the talconfig entry behind it for rules that judge talhelper fields. */
function nodeTarget(talconfig: Talconfig, entry: NodeEntry, parts: NodeParts): LintTarget {
  const { source } = talconfig
  const { node, hostname, schematicNode, schematic } = entry
  const target: LintTarget = {
    label: `${source.path} (node ${hostname})`,
    kind: 'talhelper-node',
    source,
    documents: parts.documents,
    complete: true,
    role: entry.isControlPlane ? 'controlplane' : 'worker',
    talosVersion: talconfig.version,
    talosVersionFrom: talconfig.versionFrom,
    hints: { node: hostname, ...lanHint(get(node, 'ipAddress'), entry.field('networkInterfaces')) },
    cluster: talconfig.clusterName ?? dirname(source.path),
  }
  if (schematic) target.schematic = schematic
  if (parts.problems.length > 0) target.problems = parts.problems
  if (parts.partial) target.partial = true
  const imageSchematic = entry.field('imageSchematic')
  nodeInfo.set(target, {
    document: talconfig.document,
    node,
    ...(get(node, 'ipAddress') ? { ipAddress: get(node, 'ipAddress')! } : {}),
    schematics: [schematicNode, imageSchematic].filter((n): n is YAMLMap => n !== undefined && isMap(n)),
  })
  return target
}

function versionOf(
  node: Node | undefined,
  flag: TalosVersion | undefined,
): { version: TalosVersion; from: LintTarget['talosVersionFrom'] } {
  if (flag) return { version: flag, from: 'flag' }
  const text = stringOf(node)
  if (text && !isOpaque(text)) {
    try {
      return { version: parseTalosVersion(text), from: 'talhelper' }
    } catch {
      // An unsupported or malformed version is judged as the default; other rules report versions.
    }
  }
  return { version: DEFAULT_TALOS_VERSION, from: 'default' }
}

/** What the talconfig says about a node beyond its Talos documents, for rules that judge talhelper fields. */
export interface TalhelperNodeInfo {
  /** The talconfig document (for decoding schematics with positions). */
  document: SourceDocument
  /** The node's entry in `nodes[]`. */
  node: YAMLMap
  /** `ipAddress`: where talhelper's talosconfig reaches the node (comma-separated addresses or names). */
  ipAddress?: Node
  /** The node's installer `schematic` and boot-media `imageSchematic` (own or from its group). */
  schematics: YAMLMap[]
}

const nodeInfo = new WeakMap<LintTarget, TalhelperNodeInfo>()

/** The talconfig entry behind a `talhelper-node` target. */
export function talhelperNodeInfo(target: LintTarget): TalhelperNodeInfo | undefined {
  return nodeInfo.get(target)
}

function schematicInfo(source: SourceFile, document: SourceDocument, node: YAMLMap): SchematicInfo {
  const extensions: string[] = []
  const list = get(get(get(node, 'customization'), 'systemExtensions'), 'officialExtensions')
  if (list && isSeq(list)) {
    for (const item of (list as YAMLSeq).items) if (isScalar(item)) extensions.push(String(item.value))
  }
  const info: SchematicInfo = { extensions, source, node }
  try {
    info.id = schematicId(decodeSchematicNode(node, { source, doc: document.doc }).schematic)
  } catch {
    // A schematic the factory would refuse has no ID; the extension list is still worth judging.
  }
  return info
}

function lanHint(ipAddress: Node | undefined, interfaces: Node | undefined): { lanSubnets?: string[] } {
  // Interface addresses carry the real prefix; the static addresses accessor reads them. Without
  // them, the address talhelper reaches the node on is the best hint (as a host prefix).
  if (interfaces && isSeq(interfaces)) {
    for (const item of (interfaces as YAMLSeq).items) {
      const addresses = get(item as Node, 'addresses')
      if (
        addresses &&
        isSeq(addresses) &&
        (addresses as YAMLSeq).items.some(a => isScalar(a) && parseCidr(String(a.value)))
      )
        return {}
    }
  }
  const text = stringOf(ipAddress)
  if (!text) return {}
  const lan: string[] = []
  for (const part of text.split(',')) {
    const ip = parseIp(part.trim())
    if (!ip || isTailnetAddress(ip)) continue
    lan.push(canonicalCidr({ family: ip.family, value: ip.value, bits: ip.family === 4 ? 32 : 128 }))
  }
  return lan.length > 0 ? { lanSubnets: lan } : {}
}

/** Reads the `content: "@./file"` entries of machineFiles into their scalars (once per entry). */
function loadFileContents(
  talconfig: SourceFile,
  files: Node,
  read: (path: string) => SourceFile,
  cache: Map<Node, { problems: InputProblem[]; partial: boolean }>,
): { problems: InputProblem[]; partial: boolean } {
  const result = { problems: [] as InputProblem[], partial: false }
  if (!isSeq(files)) return result
  for (const item of (files as YAMLSeq).items) {
    const content = get(item as Node, 'content')
    if (!content || !isScalar(content) || typeof content.value !== 'string') continue
    const text = content.value.trim()
    if (!text.startsWith('@') || text.includes('\n')) continue
    let outcome = cache.get(content)
    if (!outcome) {
      outcome = { problems: [], partial: false }
      const path = normalize(join(dirname(talconfig.path), text.slice(1).trim()))
      try {
        const file = read(path)
        if (isSopsText(file.text)) outcome.partial = true
        else {
          content.value = file.text
          markSynthetic(content as Node)
        }
      } catch (error) {
        if (error instanceof OutsideRootError) {
          noteOutsideReference(talconfig, content as Scalar<string>, text, 'talhelper machineFiles content')
        } else if (!isGitIgnored(failedPath(error, path))) {
          outcome.problems.push({
            kind: 'missing-file',
            message: `talhelper machineFiles content "${text}" cannot be read (${reasonOf(error)}), so talhelper genconfig fails; talhelper resolves the path against the directory of ${baseName(talconfig.path)}`,
            at: { source: talconfig, node: content as Node },
          })
        }
        outcome.partial = true
      }
      cache.set(content, outcome)
      result.problems.push(...outcome.problems)
    }
    result.partial ||= outcome.partial
  }
  return result
}

export interface PatchContext {
  /** What the reference is, for messages. */
  what: string
  /** What fails when it cannot be read, for messages. Default: talhelper genconfig. */
  consequence?: string
  /** The reference is written without talhelper's "@" (Omni `file:`): show it so. */
  bare?: boolean
  read: (path: string) => SourceFile
  cache: Map<string, PatchOutcome>
  synthetic: (contents: YAMLMap) => TalosDocument
  variables: Variables
  decrypt?: Decryptor
}

/** The file that the longest tail of an absolute path names below the referring file's directory. */
function readByTail(
  from: SourceFile,
  reference: string,
  read: (path: string) => SourceFile,
): SourceFile | undefined {
  const parts = reference.split(/[\\/]+/).filter(part => part !== '')
  for (let i = 1; i < parts.length; i++) {
    try {
      return read(normalize(join(dirname(from.path), ...parts.slice(i))))
    } catch {
      // not here; try a shorter tail
    }
  }
  return undefined
}

export function patchDocuments(
  talconfig: SourceFile,
  patch: Scalar<string>,
  context: PatchContext,
): PatchOutcome {
  const text = patch.value.trim()
  const none: PatchOutcome = { documents: [], problems: [], partial: false }
  if (text === '') return none
  if (isOpaque(text) && !text.includes('\n')) return { ...none, partial: true }
  const at = { source: talconfig, node: patch as Node }
  if (text.startsWith('@')) {
    const path = normalize(join(dirname(talconfig.path), text.slice(1).trim()))
    const cached = context.cache.get(path)
    if (cached) return relocate(cached, at)
    let file: SourceFile
    try {
      file = context.read(path)
    } catch (error) {
      const reference = text.slice(1).trim()
      if (!(error instanceof OutsideRootError) && isAbsolute(reference)) {
        // An absolute path names a file on the author's machine (`/home/me/omni/patches/x.yaml` in an
        // Omni template kept in /home/me/omni): read the repository's own copy when a tail of the
        // path names one, else the file cannot be judged from the repository, which is not a defect.
        const own = readByTail(talconfig, reference, context.read)
        if (!own) {
          context.cache.set(path, { ...none, partial: true })
          return { ...none, partial: true }
        }
        const outcome = own.text.trim() === '' ? none : fileDocuments(own, context, at)
        context.cache.set(path, outcome)
        return outcome
      }
      if (!(error instanceof OutsideRootError) && isGitIgnored(failedPath(error, path))) {
        // Kept out of git on purpose (credentials, with a `.example` beside it): not a defect of the
        // repository, and its content cannot be judged.
        context.cache.set(path, { ...none, partial: true })
        return { ...none, partial: true }
      }
      if (error instanceof OutsideRootError) {
        // Nothing of the target is read or shown; TAL002 reports the reference itself.
        noteOutsideReference(talconfig, patch, text, context.what)
        context.cache.set(path, none)
        return none
      }
      const outcome: PatchOutcome = {
        documents: [],
        problems: [
          {
            kind: 'missing-file',
            message: `${context.what} "${context.bare ? text.slice(1) : text}" cannot be read (${reasonOf(error)}), so ${context.consequence ?? `talhelper genconfig fails; talhelper resolves the path against the directory of ${baseName(talconfig.path)}`}`,
            at,
          },
        ],
        partial: true,
      }
      context.cache.set(path, outcome)
      return outcome
    }
    // talhelper skips an empty patch file.
    if (file.text.trim() === '') return none
    const outcome = fileDocuments(file, context, at)
    context.cache.set(path, outcome)
    return outcome
  }
  // Inline patch. A block scalar keeps its text at the same offsets in a copy of talconfig.yaml
  // with everything else blanked out, so its findings keep real lines and columns.
  const type = patch.type
  const range = patch.range
  if ((type === 'BLOCK_LITERAL' || type === 'BLOCK_FOLDED') && range) {
    const headerEnd = talconfig.text.indexOf('\n', range[0])
    if (headerEnd !== -1 && headerEnd < range[1]) {
      const masked = blankOutside(talconfig.text, headerEnd + 1, range[1])
      return inlineDocuments({ path: talconfig.path, text: masked }, context, at, false)
    }
  }
  return inlineDocuments({ path: talconfig.path, text: patch.value }, context, at, true)
}

// A cached patch file reported its problems at the first reference; later references add none.
function relocate(outcome: PatchOutcome, _at: InputProblem['at']): PatchOutcome {
  return { documents: outcome.documents, problems: [], partial: outcome.partial }
}

function fileDocuments(file: SourceFile, context: PatchContext, at: InputProblem['at']): PatchOutcome {
  const prepared = prepareSource(file, context.decrypt)
  let parsed: SourceDocument[]
  try {
    parsed = parseSource(prepared.source)
  } catch (error) {
    if (!(error instanceof TalscaleError)) throw error
    // talhelper renders Go templates in patch files before reading them as YAML.
    if (isTemplated(file.text)) return { documents: [], problems: [], partial: true }
    return {
      documents: [],
      problems: [
        {
          kind: 'invalid',
          message: `${context.what} ${file.path}${where(error)}: ${error.message} talhelper cannot load it`,
          at,
        },
      ],
      partial: true,
    }
  }
  let partial = false
  if (prepared.sops && !prepared.decrypted) {
    parsed = stripSopsMetadata(parsed)
    if (fullyEncrypted(parsed)) return { documents: [], problems: [], partial: true }
    partial = hasEncryptedValues(parsed)
  }
  return finish(parsed, context, false, partial)
}

function inlineDocuments(
  text: SourceFile,
  context: PatchContext,
  at: InputProblem['at'],
  positionsApproximate: boolean,
): PatchOutcome {
  let parsed: SourceDocument[]
  try {
    parsed = parseSource({ path: text.path, text: liftDocumentMarkers(text.text) })
  } catch (error) {
    if (!(error instanceof TalscaleError)) throw error
    if (isTemplated(text.text)) return { documents: [], problems: [], partial: true }
    return {
      documents: [],
      problems: [
        {
          kind: 'invalid',
          message: `inline talhelper patch: ${error.message} talhelper cannot load it`,
          at: positionsApproximate ? at : locate(error, at),
        },
      ],
      partial: true,
    }
  }
  // The lifted text differs from the file only where `---` moved; keep the file's own text.
  for (const document of parsed)
    (document as { source: SourceFile }).source = { path: text.path, text: text.text }
  return finish(parsed, context, positionsApproximate, false)
}

function finish(
  parsed: SourceDocument[],
  context: PatchContext,
  positionsApproximate: boolean,
  partial: boolean,
): PatchOutcome {
  const documents: TalosDocument[] = []
  const problems: InputProblem[] = []
  for (const document of parsed) {
    if (positionsApproximate) markApproximate(document)
    expandDocumentAliases(document)
    substituteTree(document.doc.contents as Node | null, context.variables)
    const current = document.doc.contents
    if (isSeq(current)) {
      for (const op of (current as YAMLSeq).items) {
        const converted = jsonPatchOperation(op as Node)
        if (converted) documents.push(context.synthetic(converted))
      }
      continue
    }
    documents.push(classifyDocument(document))
  }
  return { documents, problems, partial }
}

/**
 * Expands anchors, aliases and `<<` merge keys of a document in place, as yaml.v3 reads them for
 * talhelper and Talos. Aliases that would expand past the limit (or dangle) stay as written: rules
 * walk them unexpanded, in bounded time.
 */
export function expandDocumentAliases(document: SourceDocument): void {
  const contents = document.doc.contents as Node | null
  if (!contents || !hasAliasesOrMerges(contents)) return
  try {
    document.doc.contents = expandAliases(contents.clone() as Node, document.doc, document.source) as never
  } catch (error) {
    if (!(error instanceof TalscaleError)) throw error
  }
}

/** A problem located where the error says, else at the reference. */
function locate(error: TalscaleError, at: InputProblem['at']): InputProblem['at'] {
  const location = error.location
  if (!location?.file || location.line === undefined || location.file !== at.source.path) return at
  const starts = at.source.text.split('\n')
  let offset = 0
  for (let i = 0; i < location.line - 1 && i < starts.length; i++) offset += starts[i]!.length + 1
  offset += Math.max(0, (location.column ?? 1) - 1)
  return { source: at.source, range: [offset, offset] }
}

function where(error: TalscaleError): string {
  const line = error.location?.line
  if (line === undefined) return ''
  return `:${line}${error.location?.column === undefined ? '' : `:${error.location.column}`}`
}

// The absolute path a read failed on (the file system error keeps it; paths here are relative to
// the run's working directory, which this module does not know).
function failedPath(error: unknown, path: string): string {
  const cause = error instanceof Error ? (error.cause as { path?: unknown } | undefined) : undefined
  return typeof cause?.path === 'string' ? cause.path : path
}

function reasonOf(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error)
  const match = /: ([^:"]+)\.$/.exec(message)
  return match ? match[1]! : message.replace(/\.$/, '')
}

function baseName(path: string): string {
  return path.split('/').at(-1) ?? path
}

/** Go template markup (talhelper renders `{{ ... }}` in patches before reading them). */
export function isTemplated(text: string): boolean {
  return text.includes('{{') || text.includes('}}')
}

/**
 * In a blanked copy of talconfig.yaml an inline patch keeps its indentation, so a `---` line in it
 * is not a document marker. Moving each `---` at the patch's own indentation to column 0 (the
 * spaces go after it) makes it one again without moving any other character.
 */
export function liftDocumentMarkers(text: string): string {
  if (!text.includes('---')) return text
  let indent: number | undefined
  return text
    .split('\n')
    .map(line => {
      const content = line.trimStart()
      if (content === '') return line
      const own = line.length - content.length
      indent ??= own
      if (own === indent && own > 0 && /^---(?:\s|#|$)/.test(content)) return content + ' '.repeat(own)
      return line
    })
    .join('\n')
}

// --- talhelper's envsubst -----------------------------------------------------------------------

/** Known variables: a value, or null when the variable is set but its value cannot be read (SOPS). */
export type Variables = ReadonlyMap<string, string | null>

/**
 * The variables talhelper substitutes: the process environment, overridden by talenv.yaml,
 * talenv.sops.yaml, talenv.yml and talenv.sops.yml (in that order) from the talconfig's directory.
 * An encrypted value is known to be set but stays opaque.
 */
export function talenvVariables(
  dir: string,
  read: (path: string) => SourceFile,
  options: Pick<TalhelperOptions, 'env' | 'decrypt'> = {},
): Map<string, string | null> {
  const variables = new Map<string, string | null>()
  for (const [key, value] of Object.entries(options.env ?? {}))
    if (value !== undefined) variables.set(key, value)
  for (const name of TALENV_FILES) {
    let file: SourceFile
    try {
      file = read(normalize(join(dir, name)))
    } catch {
      continue // talhelper skips env files that do not exist
    }
    for (const [key, value] of envFileValues(file, options.decrypt)) variables.set(key, value)
  }
  return variables
}

function envFileValues(file: SourceFile, decrypt: Decryptor | undefined): Map<string, string | null> {
  const values = new Map<string, string | null>()
  const prepared = prepareSource(file, decrypt)
  let documents: SourceDocument[]
  try {
    documents = parseSource(prepared.source)
  } catch {
    return values // godotenv gives up on such a file; talhelper then substitutes nothing from it
  }
  if (prepared.sops && !prepared.decrypted) documents = stripSopsMetadata(documents)
  for (const document of documents) {
    const contents = document.doc.contents
    if (!isMap(contents)) continue
    for (const pair of (contents as YAMLMap).items) {
      if (!isScalar(pair.key) || !isScalar(pair.value)) continue
      const key = String(pair.key.value)
      if (key === 'sops') continue
      const raw = pair.value.value
      const value = raw === null || raw === undefined ? '' : String(raw)
      values.set(key, value.includes('ENC[') ? null : value)
    }
  }
  return values
}

const VARIABLE = /\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-=+?])([^}]*))?\}|\$([A-Za-z_][A-Za-z0-9_]*)/g

/**
 * envsubst on one string as talhelper does it (`${VAR}`, `${VAR:-default}`, `${VAR-default}`,
 * `$VAR`). A variable that is unknown or encrypted is left as written, so the value stays opaque.
 */
export function substitute(text: string, variables: Variables): string {
  if (!text.includes('$')) return text
  return text.replace(
    VARIABLE,
    (
      whole,
      braced: string | undefined,
      op: string | undefined,
      word: string | undefined,
      bare: string | undefined,
    ) => {
      const name = braced ?? bare!
      const has = variables.has(name)
      const value = variables.get(name)
      if (value === null) return whole
      if (bare !== undefined) return has ? value! : whole
      if (op === undefined) return has ? value! : whole
      const empty = !has || value === ''
      switch (op) {
        case ':-':
          return empty ? (word ?? '') : value!
        case '-':
          return has ? value! : (word ?? '')
        case ':=':
        case '=':
          return (op === ':=' ? empty : !has) ? (word ?? '') : value!
        case ':+':
          return !empty ? (word ?? '') : ''
        case '+':
          return has ? (word ?? '') : ''
        default:
          return whole
      }
    },
  )
}

/** Substitutes every string scalar of a tree in place; changed scalars take no edits (their text differs). */
function substituteTree(root: Node | null | undefined, variables: Variables): void {
  if (!root || variables.size === 0) return
  const stack: unknown[] = [root]
  const seen = new Set<unknown>()
  while (stack.length > 0) {
    const node = stack.pop()
    if (!node || typeof node !== 'object' || seen.has(node)) continue
    seen.add(node)
    if (isScalar(node)) {
      if (typeof node.value === 'string' && node.value.includes('$')) {
        const next = substitute(node.value, variables)
        if (next !== node.value) {
          node.value = next
          markSynthetic(node as Node)
        }
      }
    } else if (isPair(node)) stack.push(node.value)
    else if (isMap(node) || isSeq(node)) stack.push(...(node as YAMLMap | YAMLSeq).items)
    else if (isAlias(node)) continue
  }
}

function blankOutside(text: string, start: number, end: number): string {
  const blank = (part: string) => part.replace(/[^\n]/g, ' ')
  return blank(text.slice(0, start)) + text.slice(start, end) + blank(text.slice(end))
}

/** `{op: add|replace, path: /a/b, value: V}` as `{a: {b: V}}`; `/-` appends (`{a: [V]}`). */
function jsonPatchOperation(op: Node): YAMLMap | undefined {
  const kind = stringOf(get(op, 'op'))
  const path = stringOf(get(op, 'path'))
  const value = get(op, 'value')
  if ((kind !== 'add' && kind !== 'replace') || !path?.startsWith('/') || value === undefined)
    return undefined
  const parts = path
    .slice(1)
    .split('/')
    .map(part => part.replace(/~1/g, '/').replace(/~0/g, '~'))
  let inner: Node = value
  if (parts.at(-1) === '-') {
    parts.pop()
    const seq = new YAMLSeqClass()
    seq.items.push(value)
    seq.range = value.range ?? null
    markSynthetic(seq as Node)
    inner = seq as Node
  }
  if (parts.length === 0 || parts.some(part => part === '' || /^\d+$/.test(part))) return undefined
  for (let i = parts.length - 1; i >= 1; i--) inner = withPair(map(op), parts[i]!, inner)
  return withPair(map(op), parts[0]!, inner)
}

function typedDocument(kind: string, from?: YAMLMap, at?: Node): YAMLMap {
  const anchor = (from ?? at) as Node
  const result = map(anchor)
  put(result, 'apiVersion', scalar('v1alpha1', anchor))
  put(result, 'kind', scalar(kind, anchor))
  if (from) for (const pair of from.items) result.items.push(pair)
  return result
}

// --- small YAML node helpers -----------------------------------------------------------------

export function get(node: Node | null | undefined, key: string): Node | undefined {
  if (!node || !isMap(node)) return undefined
  const value = (node as YAMLMap).get(key, true) as Node | null | undefined
  return value ?? undefined
}

export function stringOf(node: Node | undefined): string | undefined {
  if (!node || !isScalar(node) || node.value === null || node.value === undefined) return undefined
  return String(node.value)
}

function isEmpty(node: Node): boolean {
  if (isScalar(node)) return node.value === null || node.value === '' || node.value === false
  if (isSeq(node) || isMap(node)) return (node as YAMLSeq | YAMLMap).items.length === 0
  return false
}

/** A synthetic node positioned where `at` is, so findings about it land on real text. */
export function map(at: Node | undefined): YAMLMap {
  const result = new YAMLMapClass()
  result.range = at?.range ?? null
  markSynthetic(result as Node)
  return result
}

export function scalar(value: string, at: Node | undefined): Scalar {
  const result = new Scalar(value)
  result.range = at?.range ?? null
  markSynthetic(result as Node)
  return result
}

export function put(target: YAMLMap, key: string, value: Node): void {
  target.items.push(new Pair(scalar(key, value), value))
}

export function withPair(target: YAMLMap, key: string, value: Node): YAMLMap {
  put(target, key, value)
  return target
}

/** Concatenates string lists from several places into one sequence of the original items. */
function seqOf(lists: Array<Node | undefined>, at: Node): YAMLSeq | undefined {
  const present = lists.filter((list): list is Node => list !== undefined && isSeq(list))
  if (present.length === 0) return undefined
  if (present.length === 1) return present[0] as YAMLSeq
  const result = new YAMLSeqClass()
  result.range = present[0]!.range ?? at.range ?? null
  markSynthetic(result as Node)
  for (const list of present) result.items.push(...(list as YAMLSeq).items)
  return result
}
