/**
 * Applying Talos config patches to a base config: `talosctl machineconfig patch` reproduced on YAML
 * nodes, so the output keeps the base's key order and comments and every node knows its file.
 * @module
 */
import { resolve as resolvePath } from 'node:path'
import {
  Document,
  isMap,
  isPair,
  isScalar,
  isSeq,
  type Node,
  type Pair,
  type YAMLMap,
  type YAMLSeq,
} from 'yaml'
import { InputError } from '../core/errors.ts'
import {
  parseSource,
  positionAt,
  readSource,
  type SourceDocument,
  type SourceFile,
  sourceFromText,
} from '../core/source.ts'
import { classifyDocument, MAIN_KIND, type TalosDocument } from '../talos/documents.ts'
import { DEFAULT_TALOS_VERSION, formatTalosVersion, type TalosVersion } from '../talos/version.ts'
import { expandAliases, hasAliasesOrMerges } from './aliases.ts'
import { applyJsonPatch, cloneNode, keepComments } from './json-patch.ts'
import {
  appendPatch,
  type DeleteSelector,
  loadPatch,
  loadPatches,
  type Patch,
  quoteName,
  type StrategicPatch,
} from './patch.ts'
import { isFreeFormMap, type ListKey, ruleFor } from './rules.ts'
import { keepBaseText } from './text.ts'

/** Options shared by the render entry points. */
export interface RenderOptions {
  /** Talos version whose patch semantics apply (T18). Defaults to the newest supported. */
  talosVersion?: TalosVersion
}

/** The rendered node config. */
export interface RenderResult {
  /**
   * Rendered documents in output order. Nodes taken from a patch are mapped to that patch's file in
   * each document's `origin`, so `sourceOfNode` + `spanOf` point at the patch line.
   */
  documents: TalosDocument[]
  /** The rendered YAML, base formatting and comments kept where the base had them. */
  text: string
}

/** A patch as given to applyPatches: loaded, a source file to load, or inline YAML text. */
export type PatchInput = Patch | SourceFile | string

interface Working {
  doc: Document
  source: SourceDocument
  /** Talos's document id: `apiVersion/kind[/name]`, `v1alpha1` for the main document. */
  id: string
  kind: string
  apiVersion: string
}

interface MergeContext {
  kind: string
  version: TalosVersion
  patch: StrategicPatch
  mark: (node: Node) => Node
}

/**
 * Applies patches in order to a base config, like `talosctl machineconfig patch base --patch ...`.
 * Consecutive JSON patches are concatenated first, as Talos does. Throws InputError naming the
 * patch, document and path that failed.
 */
export function applyPatches(
  base: SourceFile,
  patches: readonly PatchInput[],
  options: RenderOptions = {},
): RenderResult {
  const version = options.talosVersion ?? DEFAULT_TALOS_VERSION
  const origin = new WeakMap<Node, SourceFile>()
  const docs = loadBase(base)
  const format = detectFormat(base.text)
  // The base re-emitted before any patch: what the emitter alone changes (see text.ts).
  const baseRendered = renderText(
    docs.map(d => d.doc),
    format,
  )
  const loaded: Patch[] = []
  patches.forEach((input, index) => {
    appendPatch(loaded, toPatch(input, index))
  })

  for (const patch of loaded) {
    if (patch.format === 'json6902') {
      if (docs.length !== 1) {
        const first = patch.operations[0]
        throw new InputError(
          `patch ${quoteName(patch.name)}: JSON6902 patches are not supported for multi-document machine configuration.`,
          {
            location: locate(patch.source, first?.node),
            hint: 'Talos refuses JSON patches once the config has more than one document (an ExtensionServiceConfig counts); write the change as a strategic-merge patch and use "$patch: delete" to remove keys.',
          },
        )
      }
      const target = docs[0]!
      applyJsonPatch(target.doc, patch.operations, (node, operation) =>
        markTree(node, operation.patch.source, origin),
      )
      if (!isMap(target.doc.contents)) {
        throw new InputError(
          `patch ${quoteName(patch.name)}: the JSON patch leaves the config without a top-level mapping, so Talos cannot read it back.`,
          {
            location: locate(patch.source, patch.operations[0]?.node),
            hint: 'Patch fields inside the document, not the whole document.',
          },
        )
      }
      // Talos re-reads the config after a JSON patch, so an edited kind/name is a new identity.
      const talos = classifyDocument(target.source)
      docs[0] = {
        ...target,
        id: talos.id,
        kind: talos.kind,
        apiVersion: talos.kind === MAIN_KIND ? '' : (talos.apiVersion ?? ''),
      }
      continue
    }
    applyStrategic(docs, patch, version, origin)
  }

  const documents = docs.map((working, index) => {
    const talos = classifyDocument({ ...working.source, index })
    talos.origin = origin
    return talos
  })
  const rendered = renderText(
    docs.map(d => d.doc),
    format,
  )
  const data = docs.map(d => d.doc.toJS({ maxAliasCount: -1 }))
  const text = keepBaseText(base.text, baseRendered, rendered, data)
  // A base written with CRLF line ends gets them throughout, not only on the lines kept from it.
  return { documents, text: base.text.includes('\r\n') ? text.replace(/\r?\n/g, '\r\n') : text }
}

/**
 * Renders one node the way talhelper and `check --base --patch` describe it: a base config plus
 * patch arguments in Talos's CLI form (`@file`, a bare filename, or inline YAML). Files are read
 * relative to `cwd`.
 */
export function renderNode(
  base: SourceFile,
  patchArguments: readonly string[],
  options: RenderOptions & { cwd?: string; read?: (path: string) => SourceFile } = {},
): RenderResult {
  const cwd = options.cwd ?? process.cwd()
  const read = options.read ?? ((path: string) => readSource(resolvePath(cwd, path), path))
  return applyPatches(base, loadPatches(patchArguments, read), options)
}

function toPatch(input: PatchInput, index: number): Patch {
  if (typeof input === 'string') {
    const name = `inline #${index + 1}`
    return loadPatch(sourceFromText(name, input), name)
  }
  if ('format' in input) return input
  return loadPatch(input)
}

function loadBase(base: SourceFile): Working[] {
  const result: Working[] = []
  const seen = new Set<string>()
  for (const source of parseSource(base)) {
    const contents = source.doc.contents
    if (
      contents === null ||
      (isScalar(contents) && (contents.value === null || contents.value === undefined))
    )
      continue
    if (!isMap(contents)) {
      throw new InputError(
        `document ${source.index + 1} of the base is not a mapping, so it is not a Talos config.`,
        {
          location: locate(base, contents as Node),
          hint: 'Pass a machine config from "talosctl gen config" (or talhelper) as --base.',
        },
      )
    }
    // Expand a copy, resolving against the untouched original (expansion drops anchors as it goes).
    if (hasAliasesOrMerges(contents)) {
      source.doc.contents = expandAliases(contents.clone() as YAMLMap, source.doc, base) as never
    }
    const talos = classifyDocument(source)
    const apiVersion = talos.kind === MAIN_KIND ? '' : (talos.apiVersion ?? '')
    if (seen.has(talos.id)) {
      throw new InputError(`duplicate document ${describeId(talos.id)} is not allowed.`, {
        location: locate(base, source.doc.contents as Node),
        hint: 'A Talos config holds each document (apiVersion/kind/name) once; merge the two copies.',
      })
    }
    seen.add(talos.id)
    result.push({ doc: source.doc, source, id: talos.id, kind: talos.kind, apiVersion })
  }
  return result
}

function applyStrategic(
  docs: Working[],
  patch: StrategicPatch,
  version: TalosVersion,
  origin: WeakMap<Node, SourceFile>,
) {
  if (!allowsRepeatedDocuments(version)) refuseDuplicates(patch, version)
  const mark = (node: Node) => markTree(node, patch.source, origin)
  // Talos orders a patch's v1alpha1 document before the others (container.Documents()).
  const ordered = [
    ...patch.documents.filter(doc => doc.kind === MAIN_KIND),
    ...patch.documents.filter(doc => doc.kind !== MAIN_KIND),
  ]
  for (const patchDoc of ordered) {
    const index = docs.findIndex(doc => doc.id === patchDoc.id)
    if (patchDoc.deleteDocument) {
      // Deleting a document that is not there is silently skipped (multidoc/strategic3.yaml).
      if (index !== -1) docs.splice(index, 1)
      continue
    }
    const target = index === -1 ? undefined : docs[index]
    if (target) {
      for (const selector of patchDoc.selectors) applySelector(target, selector, patch)
    }
    if (!patchDoc.body) continue
    if (target) {
      const context: MergeContext = { kind: target.kind, version, patch, mark }
      const root = target.doc.contents
      if (isMap(root)) mergeMap(root, patchDoc.body, [], context)
      else target.doc.contents = mark(cloneNode(patchDoc.body)) as never
      continue
    }
    const doc = new Document()
    doc.contents = mark(cloneNode(patchDoc.body)) as never
    const working: Working = {
      doc,
      source: { source: patch.source, index: patchDoc.source.index, doc: doc as Document.Parsed },
      id: patchDoc.id,
      kind: patchDoc.kind,
      apiVersion: patchDoc.apiVersion,
    }
    // The Talos encoder always writes the v1alpha1 document first.
    if (patchDoc.kind === MAIN_KIND) docs.unshift(working)
    else docs.push(working)
  }
}

// Talos commit 1a075383a, first released in v1.14.0-beta.0 (so not in the v1.14 alphas).
function allowsRepeatedDocuments(version: TalosVersion): boolean {
  if (version.minor !== 14) return version.minor > 14
  return !version.prerelease?.startsWith('alpha')
}

function refuseDuplicates(patch: StrategicPatch, version: TalosVersion): void {
  const seen = new Set<string>()
  for (const doc of patch.documents) {
    const key = `${doc.apiVersion}/${doc.kind}/${doc.name ?? ''}`
    if (seen.has(key)) {
      throw new InputError(`patch ${quoteName(patch.name)}: duplicate document ${key} is not allowed.`, {
        location: locate(patch.source, doc.source.doc.contents as Node),
        hint: `Talos ${formatTalosVersion(version)} refuses the same document twice in one patch (allowed from v1.14.0-beta.0); merge the copies or split them into separate patches.`,
      })
    }
    seen.add(key)
  }
}

// ---- strategic merge -------------------------------------------------------------------------

function mergeMap(left: YAMLMap, right: YAMLMap, path: string[], context: MergeContext): void {
  right.items.forEach((item, index) => {
    const pair = item as Pair<Node, Node | null>
    // yaml puts a comment above a mapping's first key on the mapping itself; at the top of a
    // document that comment describes the patch document, not the key, so it stays out.
    const comment =
      index === 0
        ? path.length > 0
          ? (keyComment(pair) ?? right.commentBefore)
          : undefined
        : keyComment(pair)
    mergePair(left, pair, comment ?? undefined, path, context)
  })
}

function mergePair(
  left: YAMLMap,
  pair: Pair<Node, Node | null>,
  comment: string | undefined,
  path: string[],
  context: MergeContext,
): void {
  const key = keyText(pair)
  if (key === undefined) {
    if (isNull(pair.key as Node | null)) return
    throw new InputError(`patch ${quoteName(context.patch.name)}: a mapping key that is not a plain value.`, {
      location: locate(context.patch.source, pair.key as Node),
      hint: 'Talos config keys are strings; remove the "? [...]" complex key.',
    })
  }
  const value = pair.value
  if (isNull(value)) return // a nil pointer or interface on the right changes nothing
  const existing = findPair(left, key)
  if (!existing) {
    const added = context.mark(cloneNode(pair as unknown as Node)) as unknown as Pair
    if (comment) addComment(added, comment)
    left.add(added)
    return
  }
  if (isNull(existing.value as Node | null)) {
    existing.value = keepComments(existing.value as Node | null, context.mark(cloneNode(value as Node)))
  } else {
    existing.value = mergeValue(existing.value as Node, value as Node, [...path, key], context)
  }
  if (comment) addComment(existing, comment)
}

function keyComment(pair: Pair): string | undefined {
  const key = pair.key as Node & { commentBefore?: string | null }
  return isScalar(key) && key.commentBefore ? key.commentBefore : undefined
}

// A patch's `# why` comment above a key it merges into is kept, after the base's own comment.
function addComment(target: Pair, comment: string): void {
  const destination = target.key as Node & { commentBefore?: string | null }
  if (!isScalar(destination)) return
  const existing = destination.commentBefore
  if (!existing) destination.commentBefore = comment
  else if (!existing.includes(comment)) destination.commentBefore = `${existing}\n${comment}`
}

function mergeValue(left: Node, right: Node, path: string[], context: MergeContext): Node {
  const rule = ruleFor(context.kind, path, context.version)
  if (rule?.kind === 'replace') return keepComments(left, context.mark(cloneNode(right)))
  // gen config writes empty placeholders (`certSANs: []`, `network: {}`); once they get content,
  // the patch's block style reads better than a long flow collection.
  if ((isMap(left) && isMap(right)) || (isSeq(left) && isSeq(right))) {
    if (left.items.length === 0 && left.flow && !right.flow) left.flow = false
  }
  if (isMap(left) && isMap(right)) {
    if (rule?.kind === 'args') {
      for (const pair of right.items as Pair<Node, Node | null>[]) {
        const key = keyText(pair)
        if (key === undefined || isNull(pair.value)) continue
        const existing = findPair(left, key)
        if (existing) {
          existing.value = keepComments(
            existing.value as Node | null,
            context.mark(cloneNode(pair.value as Node)),
          )
        } else left.add(context.mark(cloneNode(pair as unknown as Node)) as unknown as Pair)
      }
      return left
    }
    mergeMap(left, right, path, context)
    return left
  }
  if (isSeq(left) && isSeq(right)) {
    if (rule?.kind === 'keyed') mergeKeyed(left, right, rule.key, path, context)
    else for (const item of right.items) left.items.push(context.mark(cloneNode(item as Node)))
    return left
  }
  if (isScalar(left) && isScalar(right)) {
    const value = right.value
    // merge.go: a zero value never overwrites, except boolean false.
    if (value === '' || value === 0 || value === 0n) return left
    return keepComments(left, context.mark(cloneNode(right)))
  }
  throw mismatch(left, right, path, context)
}

function mergeKeyed(
  left: YAMLSeq,
  right: YAMLSeq,
  key: ListKey,
  path: string[],
  context: MergeContext,
): void {
  for (const item of right.items as Node[]) {
    const identity = key(plain(item))
    const index = identity
      ? left.items.findIndex(existing => identity.matchWith(plain(existing as Node)))
      : -1
    if (index === -1) {
      left.items.push(context.mark(cloneNode(item)))
      continue
    }
    left.items[index] = mergeValue(left.items[index] as Node, item, [...path, '[]'], context)
  }
}

function mismatch(left: Node, right: Node, path: string[], context: MergeContext): InputError {
  const where = path.join('.').replace(/\.\[\]/g, '[]')
  return new InputError(
    `patch ${quoteName(context.patch.name)}: cannot merge ${describeNode(right)} into ${describeNode(left)} at "${where}".`,
    {
      location: locate(context.patch.source, right),
      hint: `The base has ${describeNode(left)} there; Talos would refuse to decode the patch. Use the same shape, or "$patch: delete" the field first.`,
    },
  )
}

// ---- $patch: delete ----------------------------------------------------------------------------

function applySelector(target: Working, selector: DeleteSelector, patch: StrategicPatch): void {
  const error = deletePath(target, selector)
  if (!error) return
  const dotted = selector.path.join('.')
  const named = classifyDocument(target.source).name
  const talosMessage =
    named === undefined
      ? `patch delete: path '${dotted}' in document '${target.apiVersion}/${target.kind}': failed to delete path '${dotted}': ${error}`
      : `named patch delete: document ${target.apiVersion}/${target.kind}: failed to delete path '${dotted}': ${error}`
  throw new InputError(`patch ${quoteName(patch.name)}: ${talosMessage}.`, {
    location: locate(patch.source, selector.node),
    hint:
      error === 'lookup failed'
        ? 'That path is not in the config at this point (after the earlier patches); remove the "$patch: delete" or fix the path.'
        : 'Talos can delete map keys and whole list items selected by their first key, nothing deeper inside a list.',
  })
}

// selector.go deleteForPath on YAML: intermediate keys must exist; a missing last key is an error
// only in a free-form map (a missing struct field is zeroed without complaint); list items are
// matched by the selector's key holding the selector's string value.
function deletePath(target: Working, selector: DeleteSelector): string | undefined {
  let node = target.doc.contents as Node | null
  // The pair holding `node`, so a list or map emptied by the delete can go too: Talos encodes
  // empty slices and maps as absent (omitempty).
  let holder: { map: YAMLMap; pair: Pair } | undefined
  const dropIfEmpty = (collection: YAMLMap | YAMLSeq, freeForm: boolean) => {
    if (collection.items.length > 0 || !holder || (isMap(collection) && !freeForm)) return
    const index = holder.map.items.indexOf(holder.pair)
    if (index !== -1) holder.map.items.splice(index, 1)
  }
  const path = selector.path
  for (let i = 0; i < path.length; i++) {
    const segment = path[i]!
    const last = i === path.length - 1
    if (node && isSeq(node)) {
      if (!last) return 'searching for complex paths in slices is not supported'
      if (!segment.startsWith('[')) return 'searching for non-integer keys in slices is not supported'
      const index = node.items.findIndex(item => {
        if (!isMap(item)) return false
        const value = item.get(selector.key, true)
        return isScalar(value) && typeof value.value === 'string' && value.value === selector.value
      })
      if (index === -1) return 'lookup failed'
      node.items.splice(index, 1)
      dropIfEmpty(node, false)
      return undefined
    }
    if (!node || !isMap(node) || segment.startsWith('[')) return 'lookup failed'
    const pairIndex = node.items.findIndex(pair => keyText(pair as Pair) === segment)
    if (last) {
      const freeForm = isFreeFormMap(path.slice(0, i))
      if (pairIndex !== -1) {
        node.items.splice(pairIndex, 1)
        dropIfEmpty(node, freeForm)
      } else if (freeForm) return 'lookup failed'
      return undefined
    }
    const pair = pairIndex === -1 ? undefined : (node.items[pairIndex] as Pair)
    const value = (pair?.value as Node | null | undefined) ?? null
    if (!pair || isNull(value)) return 'lookup failed'
    holder = { map: node, pair }
    node = value
  }
  return undefined
}

// ---- helpers -------------------------------------------------------------------------------------

function markTree(node: Node, file: SourceFile, origin: WeakMap<Node, SourceFile>): Node {
  const stack: unknown[] = [node]
  while (stack.length > 0) {
    const current = stack.pop()
    if (!current || typeof current !== 'object') continue
    if (isPair(current)) {
      stack.push(current.key, current.value)
      continue
    }
    origin.set(current as Node, file)
    if (isMap(current) || isSeq(current)) for (const item of current.items) stack.push(item)
  }
  return node
}

function isNull(node: Node | null | undefined): boolean {
  return (
    node === null ||
    node === undefined ||
    (isScalar(node) && (node.value === null || node.value === undefined))
  )
}

function findPair(map: YAMLMap, key: string): Pair | undefined {
  return (map.items as Pair[]).find(pair => keyText(pair) === key)
}

function keyText(pair: Pair): string | undefined {
  const key = pair.key as unknown
  if (isScalar(key)) return key.value === null || key.value === undefined ? undefined : String(key.value)
  return typeof key === 'string' ? key : undefined
}

function plain(node: Node): unknown {
  if (isScalar(node)) return node.value ?? null
  if (isMap(node) || isSeq(node)) return (node as unknown as { toJSON(): unknown }).toJSON()
  return null
}

function describeNode(node: Node): string {
  if (isMap(node)) return 'a mapping'
  if (isSeq(node)) return 'a list'
  return `the value ${JSON.stringify(isScalar(node) ? node.value : null)}`
}

function describeId(id: string): string {
  return id === MAIN_KIND ? 'v1alpha1' : id
}

function locate(
  file: SourceFile,
  node: Node | null | undefined,
): { file: string; line: number; column: number } {
  const { line, column } = positionAt(file, node?.range?.[0] ?? 0)
  return { file: file.path, line, column }
}

// ---- output --------------------------------------------------------------------------------------

interface TextFormat {
  indent: number
  indentSeq: boolean
}

/** Guesses the base's indentation and list style so rendered output diffs cleanly against it. */
export function detectFormat(text: string): TextFormat {
  const lines = text.split('\n')
  let indent = 0
  let indentSeq = true
  let sawSeq = false
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i]!
    const previous = lines[i - 1]!
    const own = line.length - line.trimStart().length
    const before = previous.length - previous.trimStart().length
    if (line.trim() === '' || line.trimStart().startsWith('#')) continue
    if (indent === 0 && own > before && /:\s*$/.test(previous) && !line.trimStart().startsWith('- ')) {
      indent = own - before
    }
    if (!sawSeq && /^\s*- /.test(line) && /:\s*$/.test(previous) && !previous.trimStart().startsWith('- ')) {
      sawSeq = true
      indentSeq = own > before
    }
  }
  return { indent: indent > 0 && indent <= 8 ? indent : 2, indentSeq }
}

/** Joins documents into one multi-document YAML text. */
export function renderText(
  docs: readonly Document[],
  format: TextFormat = { indent: 2, indentSeq: true },
): string {
  for (const doc of docs) {
    flowEmpty(doc.contents as Node | null)
    knowTagsInUse(doc)
  }
  const parts = docs.map((doc, index) => {
    const text = doc.toString({ indent: format.indent, indentSeq: format.indentSeq, lineWidth: 0 })
    return index === 0 || text.startsWith('---') ? text : `---\n${text}`
  })
  return parts.join('')
}

// yaml registers a tag such as !!binary, !!timestamp or !!set on a document's schema only when that
// document's own text uses it; a node merged in from a patch keeps its tag but the base's schema
// cannot print it ("Tag not resolved for Buffer value"). Register it the way yaml's parser does.
function knowTagsInUse(doc: Document): void {
  const schema = doc.schema
  const stack: unknown[] = [doc.contents]
  while (stack.length > 0) {
    const current = stack.pop()
    if (isPair(current)) {
      stack.push(current.key, current.value)
      continue
    }
    if (!isScalar(current) && !isMap(current) && !isSeq(current)) continue
    const tag = current.tag
    if (tag && !schema.tags.some(known => known.tag === tag)) {
      const known = schema.knownTags[tag]
      if (known) schema.tags.push({ ...known, default: false, test: undefined } as typeof known)
    }
    if (!isScalar(current)) for (const item of current.items) stack.push(item)
  }
}

// An empty block collection prints as `key:` + an indented `{}`; Go and people write `key: {}`.
function flowEmpty(node: Node | null | undefined): void {
  const stack: unknown[] = [node]
  while (stack.length > 0) {
    const current = stack.pop()
    if (isPair(current)) stack.push(current.value)
    else if (isMap(current) || isSeq(current)) {
      if (current.items.length === 0) current.flow = true
      else for (const item of current.items) stack.push(item)
    }
  }
}
