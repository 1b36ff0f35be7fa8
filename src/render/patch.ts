/**
 * Loading Talos config patches the way `configpatcher.LoadPatch` does: a strategic-merge document
 * set first, then an RFC6902 JSON patch (JSON or YAML). `$patch: delete` directives are taken out of
 * strategic patches here, as Talos's decoder does, and become delete selectors.
 * @module
 */
import { isMap, isScalar, isSeq, type Node, type Pair, type Scalar, type YAMLMap, type YAMLSeq } from 'yaml'
import { InputError } from '../core/errors.ts'
import {
  parseSource,
  positionAt,
  type SourceDocument,
  type SourceFile,
  sourceFromText,
} from '../core/source.ts'
import { MAIN_KIND } from '../talos/documents.ts'
import { expandAliases } from './aliases.ts'

/** A `$patch: delete` directive, as Talos's delete selector. */
export interface DeleteSelector {
  /** Field path; list items are `[i]` (Talos's own notation, used in its error messages). */
  path: string[]
  /** For a list item: the first other key of the item and its value, which select the item. */
  key: string
  value: string
  /** The directive's node in the patch, for error locations. */
  node: Node
}

/** One document of a strategic-merge patch. */
export interface PatchDocument {
  source: SourceDocument
  /** `v1alpha1` or `apiVersion/kind[/name]`, as in `src/talos/documents.ts`. */
  id: string
  /** `v1alpha1` for the main document. */
  kind: string
  apiVersion: string
  name?: string
  /** Deletes to apply to the matching base document before merging `body`. */
  selectors: DeleteSelector[]
  /** True when the whole document is to be deleted. */
  deleteDocument: boolean
  /** What is left to merge once the delete directives are taken out; null when nothing is. */
  body: YAMLMap | null
}

/** One RFC6902 operation with the node it came from. */
export interface JsonPatchOperation {
  op: string
  path: string
  from?: string
  /** The `value` node (undefined when absent). */
  value?: Node
  /** The operation's mapping in the patch file. */
  node: YAMLMap
  /** The patch this operation came from (consecutive JSON patches are concatenated). */
  patch: { name: string; source: SourceFile }
}

/** A loaded patch, ready for applyPatches. */
export type Patch = StrategicPatch | JsonPatch

export interface StrategicPatch {
  format: 'strategic'
  /** `path/to/file.yaml` or `inline #N`. */
  name: string
  source: SourceFile
  documents: PatchDocument[]
}

export interface JsonPatch {
  format: 'json6902'
  name: string
  source: SourceFile
  operations: JsonPatchOperation[]
}

/**
 * Loads one patch from text or a source file, detecting the format like Talos: strategic merge if
 * every document is a Talos config document, otherwise an RFC6902 operation list in JSON or YAML.
 * Throws InputError naming the patch, with the position that failed.
 */
export function loadPatch(input: string | SourceFile, name?: string): Patch {
  const source = typeof input === 'string' ? sourceFromText(name ?? 'inline patch', input) : input
  const patchName = name ?? source.path
  const docs = parseSource(source)
  // `---` alone parses as a document holding a null scalar: as empty as no document at all.
  const nonEmpty = docs.filter(doc => {
    const contents = doc.doc.contents
    return (
      contents !== null && !(isScalar(contents) && (contents.value === null || contents.value === undefined))
    )
  })
  if (nonEmpty.length === 1 && isSeq(nonEmpty[0]!.doc.contents)) {
    return loadJsonPatch(source, patchName, nonEmpty[0]!)
  }
  const documents: PatchDocument[] = []
  for (const doc of nonEmpty) {
    const loaded = loadStrategicDocument(doc, patchName)
    if (loaded) documents.push(loaded)
  }
  return { format: 'strategic', name: patchName, source, documents }
}

/** How a `--patch` argument names its patch: `@file`, a bare filename, or inline YAML. */
export type PatchReference =
  | { kind: 'file'; path: string }
  | { kind: 'inline'; text: string }
  | { kind: 'remote'; url: string }

/**
 * Talos's rule for a `--patch` argument (`LoadPatches`): `@path` is a file; an argument without
 * newline or space that does not start with `[` or `{` is a file too; anything else is inline.
 */
export function classifyPatchArgument(argument: string): PatchReference {
  const reference = argument.startsWith('@') ? argument.slice(1) : argument
  // Newer talosctl fetches http(s) patches; talscale stays offline and says so.
  if (/^https?:\/\/[^/\s]/.test(reference) && !/\s/.test(reference)) return { kind: 'remote', url: reference }
  if (argument.startsWith('@')) return { kind: 'file', path: reference }
  if (!/[\n ]/.test(argument) && !argument.startsWith('[') && !argument.startsWith('{')) {
    return { kind: 'file', path: argument }
  }
  return { kind: 'inline', text: argument }
}

/**
 * Loads `--patch` arguments in order, reading files through `read`, and concatenates JSON patches
 * that follow each other into one, as Talos does. Inline patches are named `inline #N` (N counts
 * every argument from 1).
 */
export function loadPatches(argumentsList: readonly string[], read: (path: string) => SourceFile): Patch[] {
  const result: Patch[] = []
  argumentsList.forEach((argument, index) => {
    appendPatch(result, loadPatchArgument(argument, index, read))
  })
  return result
}

/** Loads the `index`-th (0-based) `--patch` argument; see classifyPatchArgument. */
export function loadPatchArgument(
  argument: string,
  index: number,
  read: (path: string) => SourceFile,
): Patch {
  const ref = classifyPatchArgument(argument)
  if (ref.kind === 'remote') {
    throw new InputError(`patch "${ref.url}" is a URL; talscale does not download patches.`, {
      hint: 'Download the patch and pass it as @FILE, so the render is reproducible offline.',
    })
  }
  if (ref.kind === 'file') return loadPatch(read(ref.path))
  const name = `inline #${index + 1}`
  return loadPatch(sourceFromText(name, ref.text), name)
}

/** Adds a patch to a list, concatenating it into the previous one when both are JSON patches. */
export function appendPatch(list: Patch[], patch: Patch): void {
  const last = list[list.length - 1]
  if (last && last.format === 'json6902' && patch.format === 'json6902') {
    list[list.length - 1] = { ...last, operations: [...last.operations, ...patch.operations] }
    return
  }
  list.push(patch)
}

function loadJsonPatch(source: SourceFile, name: string, doc: SourceDocument): JsonPatch {
  const seq = doc.doc.contents as YAMLSeq
  const operations: JsonPatchOperation[] = []
  for (const item of seq.items) {
    if (!isMap(item)) {
      throw patchError(
        source,
        name,
        item as Node,
        'is a list, so it was read as a JSON patch, but an item is not an operation mapping',
        'Write each operation as {op, path, value}, or write a strategic-merge patch as a mapping.',
      )
    }
    const op = scalarText(item.get('op', true))
    const path = scalarText(item.get('path', true))
    if (op === undefined || path === undefined) {
      throw patchError(
        source,
        name,
        item,
        `has a JSON patch operation without ${op === undefined ? '"op"' : '"path"'}`,
        'Each RFC6902 operation needs "op" (add, remove, replace, move, copy, test) and "path".',
      )
    }
    const operation: JsonPatchOperation = { op, path, node: item, patch: { name, source } }
    const from = scalarText(item.get('from', true))
    if (from !== undefined) operation.from = from
    if (item.has('value')) {
      const value = item.get('value', true) as Node | undefined
      if (value) operation.value = expandAliases(value.clone() as Node, doc.doc, source)
    }
    operations.push(operation)
  }
  return { format: 'json6902', name, source, operations }
}

// A Talos document is recognised by `kind`, or by the v1alpha1 markers (`apiVersion: v1alpha1` or a
// machine/cluster/debug/persist key), exactly as the decoder does.
function loadStrategicDocument(doc: SourceDocument, name: string): PatchDocument | null {
  const source = doc.source
  const root = doc.doc.contents
  if (!isMap(root)) {
    throw patchError(
      source,
      name,
      root as Node,
      'is neither a Talos config document (a mapping) nor a JSON patch (a list of operations)',
      'A strategic-merge patch is a YAML mapping such as "machine: {...}"; a JSON patch is a list of {op, path, value}.',
    )
  }
  const body = expandAliases(root.clone() as YAMLMap, doc.doc, source)
  const selectors: DeleteSelector[] = []
  const directive = { deleteDocument: false }
  const apiVersion = scalarText(root.get('apiVersion', true)) ?? ''
  const kindValue = scalarText(root.get('kind', true)) ?? ''
  const docName = scalarText(root.get('name', true))

  collectDeletes(body, [], selectors, directive, { source, name, apiVersion, kind: kindValue })

  if (directive.deleteDocument) {
    if (apiVersion === '' || kindValue === '') {
      throw patchError(
        source,
        name,
        root,
        `: missing ${apiVersion === '' ? 'apiVersion' : 'kind'} in document for which $patch: delete is used`,
        'Only typed documents (apiVersion + kind [+ name]) can be deleted whole; the v1alpha1 document cannot be deleted.',
      )
    }
  }
  const hasMarkers = ['machine', 'cluster', 'debug', 'persist'].some(key => root.has(key))
  const emptyAfterDeletes = directive.deleteDocument || isEmptyDocument(body)
  if (!emptyAfterDeletes && kindValue === '' && apiVersion !== 'v1alpha1' && !hasMarkers) {
    throw patchError(
      source,
      name,
      root,
      ': missing kind',
      'A strategic-merge patch document needs "kind:" (and apiVersion), or machine:/cluster: for the v1alpha1 document.',
    )
  }
  if (!emptyAfterDeletes && kindValue !== '' && apiVersion === '') {
    throw patchError(
      source,
      name,
      root,
      `: document of kind ${kindValue} has no apiVersion`,
      'Typed Talos documents need "apiVersion: v1alpha1" next to "kind:"; without it Talos cannot decode the patch.',
    )
  }
  const main = kindValue === ''
  const kind = main ? MAIN_KIND : kindValue
  const id = main ? MAIN_KIND : `${apiVersion}/${kindValue}${docName === undefined ? '' : `/${docName}`}`
  const result: PatchDocument = {
    source: doc,
    id,
    kind,
    apiVersion: main ? '' : apiVersion,
    selectors,
    deleteDocument: directive.deleteDocument,
    body: emptyAfterDeletes ? null : body,
  }
  if (!main && docName !== undefined) result.name = docName
  return result
}

interface CollectContext {
  source: SourceFile
  name: string
  apiVersion: string
  kind: string
}

// Mirrors decoder/delete.go processNode: returns true when `node` is to be removed from its parent
// (it carried `$patch: delete`, or became empty because everything in it was removed).
function collectDeletes(
  node: Node,
  path: string[],
  selectors: DeleteSelector[],
  directive: { deleteDocument: boolean },
  context: CollectContext,
  parentIsSeq = false,
): boolean {
  if (isMap(node)) {
    for (let i = 0; i < node.items.length; i++) {
      const pair = node.items[i] as Pair<Node, Node>
      const key = scalarText(pair.key)
      const value = pair.value
      if (key === '$patch' && !(isScalar(value) && String(value.value) === 'delete')) {
        // Kubernetes knows `$patch: replace` and `merge`; Talos decodes `$patch` only as delete,
        // and anything else is an unknown field it refuses.
        throw patchError(
          context.source,
          context.name,
          pair.key,
          `: "$patch: ${isScalar(value) ? String(value.value) : '...'}" is not a Talos patch directive`,
          'Talos supports only "$patch: delete". To replace a list, delete it in one patch document and set it in the next.',
        )
      }
      if (key === '$patch') {
        if (path.length === 0) {
          directive.deleteDocument = true
          return true
        }
        if (parentIsSeq) {
          selectors.push(sequenceSelector(node, path, pair.key, context))
        } else {
          const inner = path.findIndex(segment => segment.startsWith('['))
          if (inner !== -1) {
            throw patchError(
              context.source,
              context.name,
              pair.key,
              `: cannot delete an inner key in '${path.join('.')}'`,
              'Talos can delete a whole list item (selected by its first key), not a key inside one.',
            )
          }
          checkDocumentType(context, path, pair.key)
          selectors.push({ path: [...path], key: '', value: '', node: pair.key })
        }
        return true
      }
      if (value && typeof value === 'object' && (isMap(value) || isSeq(value))) {
        const remove = collectDeletes(value, [...path, key ?? ''], selectors, directive, context)
        if (remove) {
          node.items.splice(i, 1)
          i--
          if (node.items.length === 0) return true
        }
      }
    }
    return false
  }
  if (isSeq(node)) {
    for (let i = 0; i < node.items.length; i++) {
      const item = node.items[i] as Node
      if (item && (isMap(item) || isSeq(item))) {
        const remove = collectDeletes(item, [...path, `[${i}]`], selectors, directive, context, true)
        if (remove) {
          node.items.splice(i, 1)
          i--
          if (node.items.length === 0) return true
        }
      }
    }
  }
  return false
}

function sequenceSelector(item: YAMLMap, path: string[], at: Node, context: CollectContext): DeleteSelector {
  checkDocumentType(context, path, at)
  for (const pair of item.items as Pair<Node, Node>[]) {
    const key = scalarText(pair.key) ?? ''
    const value = pair.value
    if (key === '$patch' && isScalar(value) && String(value.value) === 'delete') continue
    return { path: [...path], key, value: isScalar(value) ? scalarString(value) : '', node: at }
  }
  throw patchError(
    context.source,
    context.name,
    at,
    `: no key:val found in sequence node for path ${path.join('.')}`,
    'A list item to delete needs a key that selects it, for example "- interface: eth0" with "$patch: delete".',
  )
}

function checkDocumentType(context: CollectContext, path: string[], at: Node): void {
  if ((context.kind === '') !== (context.apiVersion === '')) {
    throw patchError(
      context.source,
      context.name,
      at,
      `: kind and apiVersion must be both set for path ${path.join('.')}`,
      'Give the document both apiVersion and kind, or neither for the v1alpha1 document.',
    )
  }
}

// decoder/delete.go isEmptyDoc: only version/kind/name scalars left (apiVersion is not in the list).
function isEmptyDocument(map: YAMLMap): boolean {
  return (map.items as Pair<Node, Node>[]).every(pair => {
    const key = scalarText(pair.key)
    return isScalar(pair.value) && (key === 'version' || key === 'kind' || key === 'name')
  })
}

/** The text of a scalar node (as Go's yaml.Node.Value), or undefined for anything else. */
export function scalarText(node: unknown): string | undefined {
  if (!isScalar(node)) return undefined
  if (node.value === null || node.value === undefined) return undefined
  return scalarString(node)
}

function scalarString(node: Scalar): string {
  if (node.value === null || node.value === undefined) return ''
  // Prefer the source text for numbers so `0x10` or `1.0` compare as written.
  if (typeof node.source === 'string' && typeof node.value !== 'string') return node.source
  return String(node.value)
}

function patchError(
  source: SourceFile,
  name: string,
  node: Node | null | undefined,
  what: string,
  hint: string,
) {
  const offset = node?.range?.[0] ?? 0
  const { line, column } = positionAt(source, offset)
  const joiner = what.startsWith(':') ? '' : ' '
  return new InputError(`patch ${quoteName(name)}${joiner}${what}.`, {
    location: { file: source.path, line, column },
    hint,
  })
}

/** `"file.yaml"` for files, `inline #2` for inline patches. */
export function quoteName(name: string): string {
  return name.startsWith('inline #') ? name : `"${name}"`
}
