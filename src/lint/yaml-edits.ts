/**
 * Text edits that change YAML the way a person would: new keys and list items go in at the
 * indentation the file already uses, everything else (comments, quoting, key order) stays as it
 * was. Each helper returns undefined when it cannot make a clean edit (flow mappings, null values,
 * nodes assembled from several files, talhelper documents built from talconfig.yaml), and the rule
 * then reports without a fix.
 * @module
 */
import { isMap, isScalar, isSeq, type Node, parse, type Scalar, type YAMLMap, type YAMLSeq } from 'yaml'
import type { TextEdit } from '../core/finding.ts'
import { positionAt, type SourceDocument, type SourceFile } from '../core/source.ts'
import { nodeIn, pairAt } from '../talos/accessors.ts'
import { sourceOfNode, type TalosDocument } from '../talos/documents.ts'
import { parseSubnetOrAddress } from '../talos/net.ts'

const syntheticNodes = new WeakSet<object>()
const approximateDocuments = new WeakSet<SourceDocument>()

/**
 * Marks a node talscale created (talhelper documents built from talconfig fields): its range is
 * borrowed from a nearby real node for positions, so no edit may be anchored on it.
 */
export function markSynthetic(node: Node): void {
  syntheticNodes.add(node)
}

/** Marks a document whose node ranges do not match its file's text: no edits inside it at all. */
export function markApproximate(document: SourceDocument): void {
  approximateDocuments.add(document)
}

/** True when edits anchored on this node would not land on real text. */
export function isSynthetic(doc: TalosDocument, node: Node | null | undefined): boolean {
  return (
    approximateDocuments.has(doc.source) || (node !== null && node !== undefined && syntheticNodes.has(node))
  )
}

function editable(doc: TalosDocument, node: Node | null | undefined): SourceFile | undefined {
  if (!node?.range || isSynthetic(doc, node)) return undefined
  return sourceOfNode(doc, node)
}

// Plain scalars that YAML 1.2 (core schema) and YAML 1.1 readers all keep as the same string.
const SAFE_PLAIN = /^[A-Za-z0-9_./][A-Za-z0-9_./@+-]*$/
const NOT_A_STRING =
  /^(?:[-+]?(?:\.[0-9]+|[0-9][0-9_]*(?:\.[0-9_]*)?)(?:[eE][-+]?[0-9]+)?|0x[0-9a-fA-F]+|0o[0-7]+|\.(?:inf|Inf|INF|nan|NaN|NAN)|[-+]\.(?:inf|Inf|INF)|~|null|Null|NULL|true|True|TRUE|false|False|FALSE|yes|Yes|YES|no|No|NO|on|On|ON|off|Off|OFF|y|Y|n|N)$/

/** A scalar as YAML text, quoted when plain style would change its meaning (`"1"`, `"!10.0.0.0/8"`). */
export function formatScalar(value: string | number | boolean): string {
  if (typeof value !== 'string') return String(value)
  if (SAFE_PLAIN.test(value) && !NOT_A_STRING.test(value) && !value.endsWith(':')) return value
  // IPv6 addresses and prefixes (`::/0`, `fd7a:115c:a1e0::/48`) read back as strings unquoted.
  if (value.includes(':') && parseSubnetOrAddress(value) && readsBackPlain(value)) return value
  return JSON.stringify(value)
}

const plainChecked = new Map<string, boolean>()

// IPv6 text is plain-safe in most but not all forms (`::` alone is not); ask the parser once.
function readsBackPlain(value: string): boolean {
  let ok = plainChecked.get(value)
  if (ok === undefined) {
    try {
      const block = parse(`- ${value}\n`) as unknown
      const flow = parse(`[${value}, x]`) as unknown
      ok = Array.isArray(block) && block[0] === value && Array.isArray(flow) && flow[0] === value
    } catch {
      ok = false
    }
    if (plainChecked.size > 1024) plainChecked.clear()
    plainChecked.set(value, ok)
  }
  return ok
}

/**
 * Block YAML for the small values fixes insert (maps of maps, lists of scalars or maps, scalars),
 * at `indent` with `step` spaces per level; the same shape `yaml`'s stringify gives, without its cost.
 */
export function renderBlock(value: unknown, indent = 0, step = 2): string {
  const pad = ' '.repeat(indent)
  if (Array.isArray(value)) {
    return value
      .map(item => {
        if (item !== null && typeof item === 'object') {
          const body = renderBlock(item, indent + 2, step)
          return `${pad}- ${body.slice(indent + 2)}`
        }
        return `${pad}- ${formatScalar(item as string)}\n`
      })
      .join('')
  }
  if (value !== null && typeof value === 'object') {
    return Object.entries(value as Record<string, unknown>)
      .map(([key, item]) => {
        if (item !== null && typeof item === 'object') {
          const empty = Array.isArray(item) ? item.length === 0 : Object.keys(item).length === 0
          if (empty) return `${pad}${formatScalar(key)}: ${Array.isArray(item) ? '[]' : '{}'}\n`
          // Lists sit one step in under their key, as yaml's stringify and talosctl write them.
          return `${pad}${formatScalar(key)}:\n${renderBlock(item, indent + step, step)}`
        }
        return `${pad}${formatScalar(key)}: ${formatScalar(item as string)}\n`
      })
      .join('')
  }
  return `${pad}${formatScalar(value as string)}\n`
}

function lineStart(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1
}

/** The offset just after the line holding `offset` (or `offset` itself when it already starts a line). */
function endOfLine(text: string, offset: number): number {
  if (offset > 0 && text[offset - 1] === '\n') return offset
  const next = text.indexOf('\n', offset)
  return next === -1 ? text.length : next + 1
}

function column(source: SourceFile, offset: number): number {
  return positionAt(source, offset).column - 1
}

function insertLines(source: SourceFile, offset: number, lines: string): TextEdit {
  const needsNewline = offset === source.text.length && offset > 0 && !source.text.endsWith('\n')
  return { file: source.path, start: offset, end: offset, text: (needsNewline ? '\n' : '') + lines }
}

/**
 * Adds `path` with `value` to a document, below the deepest mapping of the path that exists. The
 * path must not exist yet. `value` is rendered as block YAML at the file's indentation.
 */
export function insertPath(
  doc: TalosDocument,
  path: ReadonlyArray<string>,
  value: unknown,
): TextEdit[] | undefined {
  let depth = path.length
  while (depth > 0 && nodeIn(doc, path.slice(0, depth)) === undefined) depth--
  if (depth === path.length) return undefined
  const parent = depth === 0 ? doc.map : nodeIn(doc, path.slice(0, depth))
  if (!parent) return undefined
  const parentKey = depth > 0 ? (pairAt(doc, path.slice(0, depth))?.key as Node | undefined) : undefined
  return insertIntoMap(doc, parent as Node, path.slice(depth), value, parentKey)
}

/**
 * Adds `keys` (nested) with `value` to a block mapping node. `parentKey` (the key holding the
 * mapping) tells the file's indentation step; without it two spaces are used.
 */
export function insertIntoMap(
  doc: TalosDocument,
  parent: Node,
  keys: ReadonlyArray<string>,
  value: unknown,
  parentKey?: Node,
): TextEdit[] | undefined {
  if (!isMap(parent) || (parent as YAMLMap).flow || keys.length === 0) return undefined
  const map = parent as YAMLMap
  // A key already present (even with a null value, `kubelet:`) would become a duplicate key.
  if (map.items.some(pair => isScalar(pair.key) && String((pair.key as Scalar).value) === keys[0]))
    return undefined
  const first = map.items[0]
  const last = map.items.at(-1)
  const source = editable(doc, parent)
  if (!first || !last || !source || !(first.key as Node | null)?.range) return undefined
  if (isSynthetic(doc, first.key as Node)) return undefined
  const indent = column(source, (first.key as Node).range![0])
  let step = 2
  if (parentKey?.range && !isSynthetic(doc, parentKey))
    step = Math.max(1, indent - column(source, parentKey.range[0]))
  let nested: unknown = value
  for (let i = keys.length - 1; i >= 0; i--) nested = { [keys[i]!]: nested }
  const lastNode = ((last.value as Node | null) ?? (last.key as Node | null)) as Node | null
  if (!lastNode?.range || !sameFile(doc, source, first.key as Node, lastNode)) return undefined
  const offset = endOfLine(source.text, lastNode.range[1])
  return [insertLines(source, offset, renderBlock(nested, indent, step))]
}

// In a rendered node one mapping or list can hold items from several files; offsets of one file
// cannot place text in another.
function sameFile(doc: TalosDocument, source: SourceFile, ...nodes: Node[]): boolean {
  return nodes.every(node => !isSynthetic(doc, node) && sourceOfNode(doc, node) === source)
}

function seqOf(doc: TalosDocument, node: Node): { seq: YAMLSeq; source: SourceFile } | undefined {
  if (!isSeq(node)) return undefined
  const source = editable(doc, node)
  if (!source) return undefined
  const items = (node as YAMLSeq).items.filter(
    (item): item is Node => item !== null && typeof item === 'object',
  )
  if (!sameFile(doc, source, ...items)) return undefined
  return { seq: node as YAMLSeq, source }
}

function dashColumn(source: SourceFile, item: Node): number | undefined {
  if (!item.range) return undefined
  const start = lineStart(source.text, item.range[0])
  const dash = source.text.lastIndexOf('-', item.range[0])
  if (dash < start) return undefined
  return dash - start
}

/** Appends scalar items at the end of a sequence (block or flow). */
export function appendToSeq(
  doc: TalosDocument,
  node: Node,
  items: readonly string[],
): TextEdit[] | undefined {
  return insertIntoSeq(doc, node, items, 'end')
}

/** Inserts scalar items at the start of a sequence (block or flow). */
export function prependToSeq(
  doc: TalosDocument,
  node: Node,
  items: readonly string[],
): TextEdit[] | undefined {
  return insertIntoSeq(doc, node, items, 'start')
}

/**
 * Inserts scalar items at one end of a sequence: inside the brackets of a flow sequence, or as
 * `- item` lines at the column of the existing dashes (after the last item, or before the first).
 */
function insertIntoSeq(
  doc: TalosDocument,
  node: Node,
  items: readonly string[],
  end: 'start' | 'end',
): TextEdit[] | undefined {
  const found = seqOf(doc, node)
  if (!found || items.length === 0) return undefined
  const { seq, source } = found
  if (seq.flow) {
    const text = items.map(formatScalar).join(', ')
    const more = seq.items.length > 0
    if (end === 'start') {
      const open = source.text.indexOf('[', seq.range![0])
      if (open === -1 || open > seq.range![1]) return undefined
      return [{ file: source.path, start: open + 1, end: open + 1, text: more ? `${text}, ` : text }]
    }
    const close = source.text.lastIndexOf(']', seq.range![1])
    if (close < seq.range![0]) return undefined
    return [{ file: source.path, start: close, end: close, text: more ? `, ${text}` : text }]
  }
  // The new lines go after the last item's line, or before the first item's line.
  const first = seq.items[0] as Node | undefined
  const anchor = (end === 'start' ? first : seq.items.at(-1)) as Node | undefined
  if (!first || !anchor?.range) return undefined
  if (end === 'end' && !isScalar(anchor) && !isMap(anchor)) return undefined
  const dash = dashColumn(source, first)
  if (dash === undefined) return undefined
  const lines = items.map(item => `${' '.repeat(dash)}- ${formatScalar(item)}\n`).join('')
  if (end === 'end') return [insertLines(source, endOfLine(source.text, anchor.range[1]), lines)]
  const start = lineStart(source.text, anchor.range[0])
  return [{ file: source.path, start, end: start, text: lines }]
}

/** Replaces a scalar node's text. */
export function replaceScalar(doc: TalosDocument, node: Node, text: string): TextEdit[] | undefined {
  const source = editable(doc, node)
  if (!source || !isScalar(node)) return undefined
  return [{ file: source.path, start: node.range![0], end: node.range![1], text }]
}

/** Appends a new YAML document (given as a plain object) at the end of a file. */
export function appendDocument(doc: TalosDocument, value: unknown): TextEdit[] | undefined {
  if (isSynthetic(doc, doc.map)) return undefined
  const source = doc.source.source
  const offset = source.text.length
  const prefix = source.text.length === 0 || source.text.endsWith('\n') ? '' : '\n'
  return [{ file: source.path, start: offset, end: offset, text: `${prefix}---\n${renderBlock(value)}` }]
}

/** The raw source text of a scalar node (quotes included) and where it starts, when edits may go inside it. */
export function rawScalar(
  doc: TalosDocument,
  node: Node,
): { source: SourceFile; start: number; text: string } | undefined {
  const source = editable(doc, node)
  if (!source || !isScalar(node)) return undefined
  return { source, start: node.range![0], text: source.text.slice(node.range![0], node.range![1]) }
}
