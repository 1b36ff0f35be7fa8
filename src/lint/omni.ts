/**
 * Omni cluster templates (`omnictl cluster template sync -f cluster.yaml`) as lint targets. A
 * template is a multi-document YAML file of `kind: Cluster`, `ControlPlane`, `Workers` and `Machine`
 * documents (no `apiVersion`). Each machine set, and each Machine document that adds its own patches
 * or extensions, becomes one whole node assembled the way Omni builds its config: the cluster's
 * patches, then the machine set's, then the machine's (`inline:` or `file:`), and the node's image
 * carries the `systemExtensions` of the most specific level that lists them (Omni manages the
 * installer image itself, so there is no install image to judge).
 * @module
 */
import { Document, isMap, isScalar, isSeq, type Node, Scalar, type YAMLMap, type YAMLSeq } from 'yaml'
import { parseSource, type SourceDocument, type SourceFile } from '../core/source.ts'
import { isOpaque } from '../talos/accessors.ts'
import { classifyDocument, type TalosDocument } from '../talos/documents.ts'
import {
  DEFAULT_TALOS_VERSION,
  parseTalosVersion,
  SUPPORTED_MINORS,
  type TalosVersion,
} from '../talos/version.ts'
import type { InputProblem, LintTarget } from './rule.ts'
import type { Decryptor } from './sops.ts'
import {
  expandDocumentAliases,
  get,
  map,
  type PatchOutcome,
  patchDocuments,
  put,
  scalar,
  stringOf,
} from './talhelper.ts'

export { isOmniTemplate } from './targets.ts'

export interface OmniOptions {
  talosVersion?: TalosVersion
  /** Reads a file a `file:` patch names (resolved against the template's directory). */
  readFile: (path: string) => SourceFile
  decrypt?: Decryptor
}

/** Expands an Omni cluster template into whole-node targets (kind `talhelper-node`: a node assembled from a generator's file). */
export function expandOmni(source: SourceFile, options: OmniOptions): LintTarget[] {
  const documents = parseSource(source)
  for (const document of documents) expandDocumentAliases(document)
  const byKind = (kind: string) =>
    documents.filter(document => (document.doc.contents as YAMLMap).get('kind') === kind)
  const clusterDoc = byKind('Cluster')[0]
  if (!clusterDoc) return []
  const cluster = clusterDoc.doc.contents as YAMLMap
  const clusterName = stringOf(get(cluster, 'name')) ?? 'omni'
  const version = versionOf(stringOf(get(get(cluster, 'talos'), 'version')), options.talosVersion)
  const cache = new Map<string, PatchOutcome>()
  const context = {
    read: options.readFile,
    cache,
    variables: new Map<string, string | null>(),
    what: 'Omni patch file',
    consequence: `omnictl cluster template sync fails; talscale resolves the path against the directory of ${source.path.split('/').at(-1) ?? source.path}`,
    bare: true,
  }

  const machinesDocs = new Map<string, SourceDocument>()
  for (const document of byKind('Machine')) {
    const name = stringOf(get(document.doc.contents as YAMLMap, 'name'))
    if (name) machinesDocs.set(name, document)
  }

  const targets: LintTarget[] = []
  const sets = [...byKind('ControlPlane'), ...byKind('Workers')]
  for (const setDoc of sets) {
    const set = setDoc.doc.contents as YAMLMap
    const controlPlane = set.get('kind') === 'ControlPlane'
    const setName = controlPlane ? 'control-planes' : (stringOf(get(set, 'name')) ?? 'workers')
    const build = (machine: SourceDocument | undefined): LintTarget => {
      const own = machine?.doc.contents as YAMLMap | undefined
      const docs: TalosDocument[] = []
      const problems: InputProblem[] = []
      let partial = false
      const synthetic = (contents: YAMLMap, document: SourceDocument): TalosDocument => {
        const doc = new Document() as unknown as Document.Parsed
        doc.contents = contents as never
        return classifyDocument({ source, index: document.index, doc })
      }
      // The main document: what Omni itself writes (the machine type); the rest comes from patches.
      const main = map(set)
      const machineMap = map(set)
      put(machineMap, 'type', scalar(controlPlane ? 'controlplane' : 'worker', set))
      put(main, 'machine', machineMap)
      docs.push(synthetic(main, setDoc))
      for (const [document, holder] of [
        [clusterDoc, cluster],
        [setDoc, set],
        ...(own && machine ? [[machine, own] as const] : []),
      ] as const) {
        const patches = get(holder, 'patches')
        if (!patches || !isSeq(patches)) continue
        for (const patch of (patches as YAMLSeq).items) {
          const inline = get(patch as Node, 'inline')
          const file = get(patch as Node, 'file')
          if (inline && isMap(inline)) {
            docs.push(synthetic(inline as YAMLMap, document))
          } else if (file && isScalar(file) && typeof file.value === 'string' && !isOpaque(file.value)) {
            const reference = new Scalar(`@${file.value}`) as Scalar<string>
            reference.range = file.range ?? null
            const outcome = patchDocuments(source, reference, {
              ...context,
              synthetic: contents => synthetic(contents, document),
              ...(options.decrypt ? { decrypt: options.decrypt } : {}),
            })
            docs.push(...outcome.documents)
            problems.push(...outcome.problems)
            partial ||= outcome.partial
          }
        }
      }
      const extensionsNode = [own, set, cluster]
        .map(holder => get(holder, 'systemExtensions'))
        .find(node => node !== undefined && isSeq(node))
      const extensions = extensionsNode
        ? (extensionsNode as YAMLSeq).items.flatMap(item =>
            isScalar(item) && typeof item.value === 'string' ? [item.value] : [],
          )
        : []
      const name = machine ? (stringOf(get(own, 'name')) ?? '?') : setName
      const target: LintTarget = {
        label: `${source.path} (Omni ${machine ? 'machine' : controlPlane ? 'ControlPlane' : 'Workers'} ${name})`,
        kind: 'talhelper-node',
        source,
        documents: docs,
        complete: true,
        role: controlPlane ? 'controlplane' : 'worker',
        talosVersion: version.version,
        talosVersionFrom: version.from,
        hints: { node: name },
        cluster: clusterName,
        // Omni builds the installer image from these extensions; its ID is Omni's to compute.
        schematic: { extensions, source, ...(extensionsNode ? { node: extensionsNode } : { node: set }) },
      }
      if (problems.length > 0) target.problems = problems
      if (partial) target.partial = true
      return target
    }
    targets.push(build(undefined))
    const machines = get(set, 'machines')
    if (machines && isSeq(machines)) {
      for (const item of (machines as YAMLSeq).items) {
        const id = isScalar(item) ? String(item.value) : undefined
        const machine = id ? machinesDocs.get(id) : undefined
        const own = machine?.doc.contents as YAMLMap | undefined
        if (machine && own && (own.has('patches') || own.has('systemExtensions')))
          targets.push(build(machine))
      }
    }
  }
  return targets
}

function versionOf(
  text: string | undefined,
  flag: TalosVersion | undefined,
): { version: TalosVersion; from: LintTarget['talosVersionFrom'] } {
  if (flag) return { version: flag, from: 'flag' }
  if (text && !isOpaque(text)) {
    try {
      const parsed = parseTalosVersion(text)
      if ((SUPPORTED_MINORS as readonly number[]).includes(parsed.minor))
        return { version: parsed, from: 'talhelper' }
    } catch {
      // A version talscale does not know is judged as the default.
    }
  }
  return { version: DEFAULT_TALOS_VERSION, from: 'default' }
}
