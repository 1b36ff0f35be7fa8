/**
 * Talos configuration documents: the v1alpha1 main document plus the typed documents
 * (`apiVersion`/`kind`/`name`) that share a multi-document file. Identity follows Talos's
 * configpatcher: `apiVersion/kind[/name]`, and the main document may omit apiVersion/kind.
 * @module
 */
import { isMap, isScalar, type Node, type YAMLMap } from 'yaml'
import type { SourceDocument, SourceFile } from '../core/source.ts'

/** The kind talscale gives the main machine config document, which has no `kind:` of its own. */
export const MAIN_KIND = 'v1alpha1'

/** One Talos document with its identity and the YAML it came from. */
export interface TalosDocument {
  source: SourceDocument
  /** `v1alpha1` for the main document, otherwise the document's `kind:`. */
  kind: string
  apiVersion?: string
  name?: string
  /** `apiVersion/kind[/name]`, or `v1alpha1` for the main document: what patches match on. */
  id: string
  /** The top-level mapping, or null when the document is not a mapping. */
  map: YAMLMap | null
  /** True for a whole-document `$patch: delete`. */
  deleted: boolean
  /**
   * Where nodes came from when the document was assembled from several files (render): a node
   * missing from this map belongs to `source.source`.
   */
  origin?: WeakMap<Node, SourceFile>
}

/** Classifies a parsed YAML document as a Talos document. Never throws. */
export function classifyDocument(source: SourceDocument): TalosDocument {
  const contents = source.doc.contents
  const map = isMap(contents) ? (contents as YAMLMap) : null
  const apiVersion = scalarString(map, 'apiVersion')
  const kind = scalarString(map, 'kind')
  const name = scalarString(map, 'name')
  const deleted = scalarString(map, '$patch') === 'delete'
  if (kind === undefined) {
    return { source, kind: MAIN_KIND, id: MAIN_KIND, map, deleted }
  }
  const doc: TalosDocument = {
    source,
    kind,
    id: `${apiVersion ?? ''}/${kind}${name === undefined ? '' : `/${name}`}`,
    map,
    deleted,
  }
  if (apiVersion !== undefined) doc.apiVersion = apiVersion
  if (name !== undefined) doc.name = name
  return doc
}

/** The YAML node at `path` inside a document, or undefined. Scalars are returned as nodes. */
export function nodeAt(doc: TalosDocument, path: ReadonlyArray<string | number>): Node | undefined {
  if (path.length === 0) return (doc.source.doc.contents as Node | null) ?? undefined
  const node = doc.source.doc.getIn(path, true)
  return node && typeof node === 'object' ? (node as Node) : undefined
}

/** Plain JS value at `path` (scalars unwrapped, collections converted), or undefined. */
export function valueAt(doc: TalosDocument, path: ReadonlyArray<string | number>): unknown {
  const node = nodeAt(doc, path)
  if (node === undefined) return undefined
  if (isScalar(node)) return node.value
  return (node as Node & { toJSON(): unknown }).toJSON()
}

/**
 * The deepest existing node along `path`: where a finding about a missing key should point (the
 * parent that should hold it), paired with how much of the path exists.
 */
export function nearestNode(
  doc: TalosDocument,
  path: ReadonlyArray<string | number>,
): { node: Node | undefined; depth: number } {
  for (let depth = path.length; depth >= 0; depth--) {
    const node = nodeAt(doc, path.slice(0, depth))
    if (node !== undefined) return { node, depth }
  }
  return { node: undefined, depth: 0 }
}

/** The file a node of this document came from. */
export function sourceOfNode(doc: TalosDocument, node: Node | undefined): SourceFile {
  return (node && doc.origin?.get(node)) || doc.source.source
}

function scalarString(map: YAMLMap | null, key: string): string | undefined {
  if (!map) return undefined
  const value = map.get(key, true)
  if (!isScalar(value)) return undefined
  return value.value === null || value.value === undefined ? undefined : String(value.value)
}
