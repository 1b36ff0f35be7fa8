/**
 * Finding the YAML node a settings path points at, for messages about intent settings. Kept apart
 * from the loader so that lint rules can point into an intent without importing the schema (zod).
 * @module
 */
import { type Document, isAlias, isMap, isPair, isScalar, isSeq, type Node } from 'yaml'

/**
 * The YAML node a path points at. Scalars point at their value; collections and missing settings
 * point at the key that holds them (or would hold them), which is where a reader looks. With
 * `key: true` the key node of the last step is returned (unknown settings).
 */
export function locateNode(
  doc: Document,
  path: ReadonlyArray<PropertyKey>,
  options: { key?: boolean } = {},
): Node | undefined {
  let current: unknown = doc.contents
  let holder: Node | undefined = (doc.contents as Node | null) ?? undefined
  for (const [index, step] of path.entries()) {
    if (isAlias(current)) current = current.resolve(doc)
    const last = index === path.length - 1
    if (isMap(current)) {
      const pair = current.items.find(
        item => isPair(item) && isScalar(item.key) && String(item.key.value) === String(step),
      )
      if (!pair) return holder
      const key = pair.key as Node
      if (last && options.key) return key
      const value = pair.value as Node | null
      if (!value || (isScalar(value) && value.range === undefined)) return key
      holder = key
      current = value
      if (last) return isScalar(value) || isAlias(value) ? value : key
    } else if (isSeq(current) && typeof step === 'number') {
      const item = current.items[step] as Node | null | undefined
      if (!item) return holder
      holder = item
      current = item
    } else {
      return holder
    }
  }
  return (current as Node | null) ?? holder
}
