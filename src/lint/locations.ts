/**
 * Where a finding points, for the two kinds of thing rules locate: a value read from a Talos
 * document (`Located`, with its key node) and an entry of the tailscale service's `environment`
 * (`EnvEntry`, with character ranges inside the scalar). One definition of `atKey`/`atValue` for both.
 * @module
 */
import { type EnvEntry, keyRange, valueRange } from '../tailscale/parse.ts'
import type { Located } from '../talos/accessors.ts'
import type { Location } from './rule.ts'

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
