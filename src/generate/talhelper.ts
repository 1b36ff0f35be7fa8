/**
 * `generate --target talhelper`: the bundle in talhelper's shape. The same plan and patches as the
 * talosctl bundle, placed where talhelper wants them: schematics per role (and per node when a node
 * differs), the tailscale ExtensionServiceConfig as the node's `extensionServices` entry with the auth
 * key as a talhelper `${VAR}`, the other settings as inline patches (global, per role, per node), and
 * nodes with their addresses. The install image is the factory installer of the node's schematic
 * (`talosImageURL`), so talhelper's legacy installer name is not used.
 *
 * `mergeTalconfig` merges the result into an existing talconfig.yaml, keeping the user's comments,
 * key order and anchors: only talscale's own entries (marked `# talscale:` patches, the tailscale
 * extension service, the tailscale extension) are replaced.
 * @module
 */
import { isMap, isScalar, isSeq, parseDocument, type Scalar, stringify, type YAMLMap, YAMLSeq } from 'yaml'
import { InputError } from '../core/errors.ts'
import type { Intent } from '../intent/schema.ts'
import { authKeyEntry } from '../tailscale/env.ts'
import { isMainDocument, type PlainDocument } from '../talos/forms.ts'
import { formatTalosVersion, type TalosVersion } from '../talos/version.ts'
import { imageTable } from './image-table.ts'
import { type BundleSchematic, bundleSchematics } from './images.ts'
import { DEFAULT_ADMINS, type NodePlan, planBundle, resolveTalosVersion } from './plan.ts'
import { type Explained, talosPatchFiles, withoutMainInstallImage } from './talos.ts'

/** The install disk new nodes get when none is given (talhelper requires one). */
export const DEFAULT_INSTALL_DISK = '/dev/sda'

/** Marks the inline patches talscale writes, so a later merge replaces them and nothing else. */
export const TALSCALE_PATCH_MARK = '# talscale:'

export interface TalhelperOptions {
  talosVersion?: TalosVersion | string
  /** talhelper requires it; taken from the file merged into when not given. */
  kubernetesVersion?: string
  /** The talhelper variable holding the auth key (default: the intent's {env: NAME}, else TS_AUTHKEY). */
  authVariable?: string
  admins?: readonly string[]
  /** talhelper needs an install disk per node; the intent has none. Default /dev/sda. */
  installDisk?: string
}

/** The talconfig.yaml content, as plain data in talhelper's key order. */
export interface Talconfig {
  clusterName: string
  talosVersion: string
  kubernetesVersion?: string
  endpoint: string
  clusterPodNets: string[]
  clusterSvcNets: string[]
  patches: string[]
  controlPlane: RoleConfig
  worker: RoleConfig
  nodes: TalhelperNode[]
}

interface RoleConfig {
  schematic?: { customization: unknown }
  patches: string[]
}

interface TalhelperNode {
  hostname: string
  ipAddress: string
  controlPlane: boolean
  installDisk: string
  talosImageURL: string
  schematic?: { customization: unknown }
  extensionServices?: Array<{ name: string; environment: string[] }>
  patches?: string[]
}

/** Builds the talconfig for an intent. */
export function talhelperConfig(intent: Intent, options: TalhelperOptions = {}): Talconfig {
  const version = resolveTalosVersion(intent, options.talosVersion)
  const plan = planBundle(intent, version, options.admins ?? DEFAULT_ADMINS)
  const schematics = bundleSchematics(intent, plan.nodes)
  const images = imageTable(plan, schematics)
  const files = talosPatchFiles(plan, images.installerFor)
  const patchesOf = (path: string) => inlinePatches(files.find(file => file.path === path)?.items ?? [])
  const schematicOf = (node: NodePlan) =>
    schematics.find(s => s.name === (node.tailscale ? 'tailscale' : 'base'))!
  const roleSchematic = (role: string) => {
    const members = plan.nodes.filter(node => node.node.role === role)
    const names = new Set(members.map(node => schematicOf(node).name))
    return names.size === 1 && members.length > 0 ? schematicOf(members[0]!) : undefined
  }
  const variable = options.authVariable ?? authVariableOf(intent)
  const role = (name: 'controlplane' | 'worker'): RoleConfig => {
    const schematic = roleSchematic(name)
    return {
      ...(schematic ? { schematic: customizationOf(schematic) } : {}),
      patches: patchesOf(`talos/${name}.yaml`),
    }
  }
  const controlPlane = role('controlplane')
  const worker = role('worker')
  const nodes = plan.nodes.map(node => {
    const file = files.find(candidate => candidate.path === `talos/nodes/${node.node.hostname}.yaml`)!
    const esc = file.items.find(
      item => item.doc.kind === 'ExtensionServiceConfig' && item.doc.name === 'tailscale',
    )
    const rest = file.items.filter(item => item !== esc)
    const schematic = schematicOf(node)
    const group = node.node.role === 'controlplane' ? controlPlane : worker
    const entry: TalhelperNode = {
      hostname: node.node.hostname,
      ipAddress: node.node.address,
      controlPlane: node.node.role === 'controlplane',
      installDisk: options.installDisk ?? DEFAULT_INSTALL_DISK,
      // The factory installer of the node's platform, so talhelper does not write its legacy name.
      talosImageURL: images.installerFor(node).replace(/:[^:/]+$/, ''),
    }
    if (!group.schematic || roleSchematic(node.node.role)?.id !== schematic.id)
      entry.schematic = customizationOf(schematic)
    if (esc) {
      const environment = (esc.doc.environment as string[]).filter(line => !line.startsWith('TS_AUTHKEY='))
      entry.extensionServices = [
        {
          name: 'tailscale',
          environment: [authKeyEntry(`\${${variable}}`, plan.auth.oauth), ...environment],
        },
      ]
    }
    const patches = inlinePatches(rest)
    if (patches.length > 0) entry.patches = patches
    return entry
  })
  return {
    clusterName: intent.cluster.name,
    talosVersion: formatTalosVersion(version),
    ...(options.kubernetesVersion ? { kubernetesVersion: options.kubernetesVersion } : {}),
    endpoint: intent.cluster.endpoint,
    clusterPodNets: [...intent.cluster.podSubnets],
    clusterSvcNets: [...intent.cluster.serviceSubnets],
    patches: patchesOf('talos/all.yaml'),
    controlPlane,
    worker,
    nodes,
  }
}

function authVariableOf(intent: Intent): string {
  const ref = (intent.tailscale.auth.oauthClientSecret ?? intent.tailscale.auth.authKey) as
    | { env?: string }
    | undefined
  return ref?.env && /^[A-Za-z_][A-Za-z0-9_]*$/.test(ref.env) ? ref.env : 'TS_AUTHKEY'
}

function customizationOf(schematic: BundleSchematic): { customization: unknown } {
  return { customization: JSON.parse(JSON.stringify(schematic.schematic.customization ?? {})) }
}

// Every document but the install image (talhelper writes it from talosImageURL), one inline patch
// each, marked so a merge can tell them from the user's.
function inlinePatches(items: readonly Explained[]): string[] {
  const out: string[] = []
  for (const item of items) {
    const doc = withoutInstallImage(item.doc)
    if (doc === undefined) continue
    out.push(`${TALSCALE_PATCH_MARK} ${item.setting}\n${stringify(doc, { lineWidth: 0 })}`)
  }
  return out
}

function withoutInstallImage(doc: PlainDocument): PlainDocument | undefined {
  if (doc.kind === 'UnattendedInstallConfig') {
    const { installer, ...rest } = doc as PlainDocument & { installer?: Record<string, unknown> }
    const left = installer
      ? Object.fromEntries(Object.entries(installer).filter(([key]) => key !== 'image'))
      : {}
    if (
      Object.keys(left).length === 0 &&
      Object.keys(rest).every(key => ['apiVersion', 'kind'].includes(key))
    )
      return undefined
    return { ...rest, ...(Object.keys(left).length > 0 ? { installer: left } : {}) } as PlainDocument
  }
  return isMainDocument(doc) ? withoutMainInstallImage(doc) : doc
}

const HEADER =
  '# talconfig.yaml for talhelper, generated by talscale (talscale generate --target talhelper).\n# Patches marked "# talscale:" and the tailscale extension service are talscale\'s: regenerate or\n# merge with --into to update them; everything else is yours.\n'

/** The talconfig as a new file. */
export function renderTalconfig(config: Talconfig): string {
  if (!config.kubernetesVersion) {
    throw new InputError('talhelper needs a kubernetesVersion, and none was given.', {
      hint: 'Pass --kubernetes-version (for example v1.34.1), or --into an existing talconfig.yaml that has one.',
    })
  }
  const doc = parseDocument('{}')
  doc.contents = doc.createNode(pruneEmpty(config)) as never
  return `${HEADER}---\n${doc.toString({ lineWidth: 0 })}`
}

function pruneEmpty(config: Talconfig): Record<string, unknown> {
  const role = (value: RoleConfig) => ({
    ...(value.schematic ? { schematic: value.schematic } : {}),
    ...(value.patches.length > 0 ? { patches: value.patches } : {}),
  })
  const out: Record<string, unknown> = {
    ...config,
    controlPlane: role(config.controlPlane),
    worker: role(config.worker),
  }
  if (config.patches.length === 0) delete out.patches
  for (const key of ['controlPlane', 'worker'])
    if (Object.keys(out[key] as object).length === 0) delete out[key]
  return out
}

/**
 * Merges the config into an existing talconfig.yaml text. Keeps every comment, key order, anchor and
 * entry of the user's; replaces talscale's own entries; adds nodes that are missing.
 */
export function mergeTalconfig(existing: string, config: Talconfig, path = 'talconfig.yaml'): string {
  const doc = parseDocument(existing, { keepSourceTokens: true })
  if (doc.errors.length > 0) {
    throw new InputError(`"${path}" is not valid YAML: ${doc.errors[0]!.message.split('\n')[0]}`, {
      location: { file: path },
      hint: 'Fix the file first; talscale merges only into a talconfig.yaml that parses.',
    })
  }
  if (!isMap(doc.contents)) {
    throw new InputError(`"${path}" is not a talconfig.yaml (its top level is not a mapping).`, {
      location: { file: path },
    })
  }
  const root = doc.contents as YAMLMap
  const setIfMissing = (key: string, value: unknown) => {
    if (!root.has(key)) root.set(key, doc.createNode(value))
  }
  setIfMissing('clusterName', config.clusterName)
  // talscale knows the version it generated the patches for: talosVersion follows it.
  root.set('talosVersion', config.talosVersion)
  if (config.kubernetesVersion) root.set('kubernetesVersion', config.kubernetesVersion)
  else if (!root.has('kubernetesVersion'))
    throw new InputError(`"${path}" has no kubernetesVersion, which talhelper requires.`, {
      location: { file: path },
      hint: 'Pass --kubernetes-version (for example v1.34.1).',
    })
  setIfMissing('endpoint', config.endpoint)
  setIfMissing('clusterPodNets', config.clusterPodNets)
  setIfMissing('clusterSvcNets', config.clusterSvcNets)
  mergePatches(doc, root, config.patches)
  for (const [key, role] of [
    ['controlPlane', config.controlPlane],
    ['worker', config.worker],
  ] as const) {
    if (!role.schematic && role.patches.length === 0) continue
    if (!isMap(root.get(key))) root.set(key, doc.createNode({}))
    const group = root.get(key) as YAMLMap
    if (role.schematic) mergeSchematic(doc, group, role.schematic)
    mergePatches(doc, group, role.patches)
  }
  if (!isSeq(root.get('nodes'))) root.set('nodes', new YAMLSeq())
  const nodes = root.get('nodes') as YAMLSeq
  for (const node of config.nodes) {
    const existingNode = nodes.items.find(
      item => isMap(item) && (item as YAMLMap).get('hostname') === node.hostname,
    ) as YAMLMap | undefined
    if (!existingNode) {
      nodes.items.push(doc.createNode(node) as never)
      continue
    }
    if (!existingNode.has('ipAddress')) existingNode.set('ipAddress', node.ipAddress)
    existingNode.set('controlPlane', node.controlPlane)
    if (!existingNode.has('installDisk') && !existingNode.has('installDiskSelector'))
      existingNode.set('installDisk', node.installDisk)
    existingNode.set('talosImageURL', node.talosImageURL)
    if (node.schematic) mergeSchematic(doc, existingNode, node.schematic)
    if (node.extensionServices) mergeExtensionService(doc, existingNode, node.extensionServices[0]!)
    mergePatches(doc, existingNode, node.patches ?? [])
  }
  return doc.toString({ lineWidth: 0 })
}

// The user's patches stay in place; talscale's (marked) are replaced by the new ones, appended.
function mergePatches(doc: ReturnType<typeof parseDocument>, map: YAMLMap, patches: readonly string[]): void {
  const current = map.get('patches')
  const seq = isSeq(current) ? (current as YAMLSeq) : undefined
  if (!seq && patches.length === 0) return
  const kept = (seq?.items ?? []).filter(
    item => !(isScalar(item) && String((item as Scalar).value).startsWith(TALSCALE_PATCH_MARK)),
  )
  const target = seq ?? new YAMLSeq()
  target.items = [...kept, ...patches.map(patch => doc.createNode(patch))] as never
  if (target.items.length === 0) map.delete('patches')
  else if (!seq) map.set('patches', target)
}

// The schematic keeps the user's customization; the official extensions gain talscale's.
function mergeSchematic(
  doc: ReturnType<typeof parseDocument>,
  map: YAMLMap,
  schematic: { customization: unknown },
): void {
  if (!map.has('schematic')) {
    map.set('schematic', doc.createNode(schematic))
    return
  }
  const wanted =
    ((schematic.customization as { systemExtensions?: { officialExtensions?: string[] } }).systemExtensions
      ?.officialExtensions as string[] | undefined) ?? []
  const path = ['schematic', 'customization', 'systemExtensions', 'officialExtensions']
  const list = map.getIn(path)
  if (!isSeq(list)) {
    map.setIn(path, doc.createNode(wanted))
    return
  }
  const have = new Set((list as YAMLSeq).items.map(item => (isScalar(item) ? String(item.value) : '')))
  for (const extension of wanted)
    if (!have.has(extension)) (list as YAMLSeq).items.push(doc.createNode(extension))
}

function mergeExtensionService(
  doc: ReturnType<typeof parseDocument>,
  map: YAMLMap,
  service: { name: string; environment: string[] },
): void {
  const current = map.get('extensionServices')
  if (!isSeq(current)) {
    map.set('extensionServices', doc.createNode([service]))
    return
  }
  const seq = current as YAMLSeq
  const index = seq.items.findIndex(item => isMap(item) && (item as YAMLMap).get('name') === service.name)
  if (index < 0) seq.items.push(doc.createNode(service) as never)
  else (seq.items[index] as YAMLMap).set('environment', doc.createNode(service.environment))
}
