/**
 * RFC6902 JSON patches applied to YAML nodes, so that comments and key order of the untouched parts
 * survive. Talos applies them with evanphx/json-patch after converting YAML to JSON; the error
 * texts follow that library, wrapped the way Talos's `json6902.go` wraps them.
 * @module
 */
import {
  type Document,
  isMap,
  isScalar,
  isSeq,
  type Node,
  type Pair,
  Scalar,
  type YAMLMap,
  type YAMLSeq,
} from 'yaml'
import { InputError } from '../core/errors.ts'
import { positionAt, type SourceFile, spanOf } from '../core/source.ts'
import type { JsonPatchOperation } from './patch.ts'
import { quoteName } from './patch.ts'

const TALOS_PREFIX = 'failure applying rfc6902 patches to talos machine config: '

/** Callback that records where an inserted node came from. */
export type MarkOrigin = (node: Node, operation: JsonPatchOperation) => void

/** Applies RFC6902 operations in order to one YAML document, in place. Throws InputError. */
export function applyJsonPatch(
  doc: Document,
  operations: readonly JsonPatchOperation[],
  mark: MarkOrigin,
): void {
  for (const operation of operations) applyOperation(doc, operation, mark)
}

function applyOperation(doc: Document, operation: JsonPatchOperation, mark: MarkOrigin): void {
  const fail = (message: string, hint?: string): never => {
    throw operationError(operation, message, hint)
  }
  const path = parsePointer(operation.path) ?? fail(`invalid JSON pointer "${operation.path}"`)
  const valueNode = (): Node => {
    if (operation.value === undefined) return fail(`${operation.op} operation has no value`)
    const copy = cloneNode(operation.value)
    mark(copy, operation)
    return copy
  }
  switch (operation.op) {
    case 'add':
      add(doc, path, valueNode(), operation.path, fail)
      return
    case 'remove':
      if (!remove(doc, path))
        fail(`remove operation does not apply: doc is missing path: "${operation.path}": missing value`)
      return
    case 'replace': {
      const value = valueNode()
      if (!replace(doc, path, value)) {
        fail(`replace operation does not apply: doc is missing key: ${operation.path}: missing value`)
      }
      return
    }
    case 'move':
    case 'copy': {
      const fromText = operation.from ?? fail(`${operation.op} operation has no "from"`)
      const from = parsePointer(fromText) ?? fail(`invalid JSON pointer "${fromText}"`)
      const found = get(doc, from)
      if (found === undefined) {
        fail(`${operation.op} operation does not apply: doc is missing from path: ${fromText}: missing value`)
      }
      if (operation.op === 'move') {
        if (operation.path.startsWith(`${fromText}/`))
          fail(`move operation cannot move a value into its own child`)
        remove(doc, from)
        add(doc, path, found as Node, operation.path, fail)
      } else {
        add(doc, path, cloneNode(found as Node), operation.path, fail)
      }
      return
    }
    case 'test': {
      const expected = operation.value === undefined ? null : plain(operation.value)
      const actual = get(doc, path)
      if (actual === undefined || !deepEqual(plain(actual), expected)) {
        fail(
          `testing value ${operation.path} failed: test failed`,
          'The "test" operation found a different value there.',
        )
      }
      return
    }
    default:
      fail(
        `Unexpected kind: ${operation.op}`,
        'RFC6902 operations are add, remove, replace, move, copy and test.',
      )
  }
}

/** Splits an RFC6901 pointer into unescaped tokens; undefined when malformed. */
export function parsePointer(pointer: string): string[] | undefined {
  if (pointer === '') return []
  if (!pointer.startsWith('/')) return undefined
  return pointer
    .slice(1)
    .split('/')
    .map(token => token.replace(/~1/g, '/').replace(/~0/g, '~'))
}

const JSON_PATCH_OPS = new Set(['add', 'remove', 'replace', 'move', 'copy', 'test'])

/**
 * Checks the shape of one operation of a JSON6902 patch judged alone, before any base: a known
 * "op", a JSON pointer "path", and the "value" or "from" its op needs. Throws InputError.
 */
export function checkJsonPatchOperation(source: SourceFile, operation: JsonPatchOperation): void {
  const fail = (message: string) => {
    const { line, column } = spanOf(source, operation.node)
    throw new InputError(`JSON6902 patch: ${message}.`, {
      location: { file: source.path, line, column },
      hint: 'Each operation needs "op" (add, remove, replace, move, copy or test) and a JSON pointer "path" such as /machine/network/hostname; add, replace and test need "value", move and copy need "from".',
    })
  }
  if (!JSON_PATCH_OPS.has(operation.op)) fail(`unknown operation "${operation.op}"`)
  if (parsePointer(operation.path) === undefined) fail(`"${operation.path}" is not a JSON pointer`)
  if (['add', 'replace', 'test'].includes(operation.op) && operation.value === undefined)
    fail(`the ${operation.op} operation at "${operation.path}" has no value`)
  if (
    ['move', 'copy'].includes(operation.op) &&
    (operation.from === undefined || parsePointer(operation.from) === undefined)
  )
    fail(`the ${operation.op} operation at "${operation.path}" has no valid "from" pointer`)
}

function get(doc: Document, path: readonly string[]): Node | undefined {
  let node = doc.contents as Node | null
  for (const token of path) {
    if (!node) return undefined
    node = child(node, token) ?? null
  }
  return node ?? undefined
}

function child(node: Node, token: string): Node | undefined {
  if (isMap(node)) {
    const pair = findPair(node, token)
    return pair ? ((pair.value as Node | null) ?? new Scalar(null)) : undefined
  }
  if (isSeq(node)) {
    const index = arrayIndex(token)
    if (index === undefined || index >= node.items.length) return undefined
    return node.items[index] as Node
  }
  return undefined
}

function add(
  doc: Document,
  path: readonly string[],
  value: Node,
  pointer: string,
  fail: (message: string) => never,
): void {
  if (path.length === 0) {
    doc.contents = value as never
    return
  }
  const parent = get(doc, path.slice(0, -1))
  const token = path[path.length - 1]!
  if (parent && isMap(parent)) {
    const pair = findPair(parent, token)
    if (pair) pair.value = keepComments(pair.value as Node | null, value)
    else parent.add(doc.createPair(token, value))
    return
  }
  if (parent && isSeq(parent)) {
    if (token === '-') {
      parent.items.push(value)
      return
    }
    const index = arrayIndex(token)
    if (index === undefined || index > parent.items.length) {
      fail(`Unable to access invalid index: ${token}: invalid index referenced`)
    }
    parent.items.splice(index as number, 0, value)
    return
  }
  fail(`add operation does not apply: doc is missing path: "${pointer}": missing value`)
}

function remove(doc: Document, path: readonly string[]): boolean {
  if (path.length === 0) return false
  const parent = get(doc, path.slice(0, -1))
  const token = path[path.length - 1]!
  if (parent && isMap(parent)) {
    const index = parent.items.findIndex(pair => keyText(pair) === token)
    if (index === -1) return false
    parent.items.splice(index, 1)
    return true
  }
  if (parent && isSeq(parent)) {
    const index = arrayIndex(token)
    if (index === undefined || index >= parent.items.length) return false
    parent.items.splice(index, 1)
    return true
  }
  return false
}

function replace(doc: Document, path: readonly string[], value: Node): boolean {
  if (path.length === 0) {
    doc.contents = value as never
    return true
  }
  const parent = get(doc, path.slice(0, -1))
  const token = path[path.length - 1]!
  if (parent && isMap(parent)) {
    const pair = findPair(parent, token)
    if (!pair) return false
    pair.value = keepComments(pair.value as Node | null, value)
    return true
  }
  if (parent && isSeq(parent)) {
    const index = arrayIndex(token)
    if (index === undefined || index >= parent.items.length) return false
    parent.items[index] = keepComments(parent.items[index] as Node | null, value)
    return true
  }
  return false
}

function findPair(map: YAMLMap, token: string): Pair | undefined {
  return map.items.find(pair => keyText(pair) === token) as Pair | undefined
}

function keyText(pair: Pair): string | undefined {
  const key = pair.key as unknown
  if (isScalar(key)) return key.value === null || key.value === undefined ? undefined : String(key.value)
  return typeof key === 'string' ? key : undefined
}

function arrayIndex(token: string): number | undefined {
  return /^(0|[1-9][0-9]*)$/.test(token) ? Number(token) : undefined
}

/** A deep copy that keeps source ranges (so locations still point into the patch file). */
export function cloneNode<T extends Node>(node: T): T {
  return node.clone() as T
}

/** Moves comments of a node that is being replaced onto its replacement, so `# why` lines survive. */
export function keepComments<T extends Node>(old: Node | null | undefined, replacement: T): T {
  if (!old) return replacement
  const from = old as Node & { comment?: string | null; commentBefore?: string | null; spaceBefore?: boolean }
  const to = replacement as T & {
    comment?: string | null
    commentBefore?: string | null
    spaceBefore?: boolean
  }
  if (from.commentBefore && !to.commentBefore) to.commentBefore = from.commentBefore
  if (from.comment && !to.comment) to.comment = from.comment
  if (from.spaceBefore) to.spaceBefore = true
  return replacement
}

function plain(node: Node): unknown {
  if (isScalar(node)) return node.value ?? null
  return (node as (YAMLMap | YAMLSeq) & { toJSON(): unknown }).toJSON()
}

function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true
  if (typeof a !== typeof b || a === null || b === null || typeof a !== 'object') return false
  if (Array.isArray(a) !== Array.isArray(b)) return false
  if (Array.isArray(a)) {
    const other = b as unknown[]
    return a.length === other.length && a.every((item, i) => deepEqual(item, other[i]))
  }
  const ka = Object.keys(a as object)
  const kb = Object.keys(b as object)
  return (
    ka.length === kb.length &&
    ka.every(key => deepEqual((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key]))
  )
}

function operationError(operation: JsonPatchOperation, message: string, hint?: string): InputError {
  const { source, name } = operation.patch
  const { line, column } = positionAt(source, operation.node.range?.[0] ?? 0)
  return new InputError(`patch ${quoteName(name)}: ${TALOS_PREFIX}${message}.`, {
    location: { file: source.path, line, column },
    hint:
      hint ??
      'JSON patch paths must exist (except the last segment of "add"); check the path against the base config.',
  })
}
