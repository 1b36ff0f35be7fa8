/**
 * Where a finding points, for the kinds of thing rules locate: a value read from a Talos document
 * (`Located`, with its key node), an entry of the tailscale service's `environment` (`EnvEntry`,
 * with character ranges inside the scalar), a setting that is missing (the deepest part of its path
 * that exists), and a line and column reported by the factory module. One definition of each, so
 * rules about the same setting point at the same place.
 * @module
 */
import type { Node } from 'yaml'
import type { SourceFile } from '../core/source.ts'
import { type EnvEntry, keyRange, valueRange } from '../tailscale/parse.ts'
import { documentsOfKind, type Located, pairAt } from '../talos/accessors.ts'
import { sourceOfNode } from '../talos/documents.ts'
import type { LintTarget, Location } from './rule.ts'

/**
 * Where a finding about a key points. A located value: its key when it has one (`image:`), else
 * the value. An environment entry: the characters of its key.
 */
export function atKey(of: Located<unknown> | EnvEntry): Location {
  if ('path' in of) return { source: of.source, node: of.keyNode ?? of.node }
  return { source: of.source, range: keyRange(of) }
}

/**
 * Where a finding about a value points. A located value: the value node. An environment entry:
 * the characters of its value (the key when the value is empty).
 */
export function atValue(of: Located<unknown> | EnvEntry): Location {
  if ('path' in of) return { source: of.source, node: of.node }
  const range = valueRange(of)
  return { source: of.source, range: range[1] > range[0] ? range : keyRange(of) }
}

/**
 * Where a finding about a missing setting points: the key of the deepest part of `path` that exists
 * in the first document (of `kind`) that has any of it, else the first document of that kind.
 */
export function missingAt(target: LintTarget, kind: string, path: readonly string[]): Location | undefined {
  const docs = documentsOfKind(target.documents, kind)
  for (let depth = path.length; depth >= 1; depth--) {
    for (const doc of docs) {
      const pair = pairAt(doc, path.slice(0, depth))
      if (pair?.key) return { source: sourceOfNode(doc, pair.key as Node), node: pair.key as Node }
    }
  }
  const doc = docs[0]
  if (doc?.map) return { source: doc.source.source, node: doc.map as Node }
  return undefined
}

/** The offset of a 1-based line and column (as the factory module reports positions). */
export function offsetAt(source: SourceFile, line: number, column: number): number {
  let offset = 0
  for (let current = 1; current < line; current++) {
    const next = source.text.indexOf('\n', offset)
    if (next === -1) return source.text.length
    offset = next + 1
  }
  return Math.min(offset + column - 1, source.text.length)
}
