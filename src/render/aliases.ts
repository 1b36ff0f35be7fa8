/**
 * YAML aliases expanded in place. A patch node moved into the base would otherwise carry an alias
 * whose anchor stays behind in the patch, and a base alias could outlive a deleted anchor; Talos
 * itself decodes aliases away, so expanding them loses nothing but the `&`/`*` spelling.
 * @module
 */
import {
  type Document,
  isAlias,
  isMap,
  isPair,
  isScalar,
  isSeq,
  type Node,
  type Pair,
  type YAMLMap,
} from 'yaml'
import { InputError } from '../core/errors.ts'
import { LIMITS, positionAt, type SourceFile } from '../core/source.ts'

/**
 * Returns `node` with every alias replaced by a copy of its anchored node (resolved in `doc`),
 * and anchors dropped. Throws InputError once expansion creates more than LIMITS.aliasCount nodes (billion laughs).
 */
export function expandAliases<T extends Node>(node: T, doc: Document, source: SourceFile): T {
  // Nodes created by expansion, counted like yaml's maxAliasCount so nested aliases cannot explode.
  let created = 0
  let inside = 0
  const visit = (current: Node): Node => {
    if (inside > 0) created++
    if (isAlias(current)) {
      const target = current.resolve(doc)
      if (!target || created > LIMITS.aliasCount) {
        const { line, column } = positionAt(source, current.range?.[0] ?? 0)
        throw new InputError(
          target
            ? `YAML aliases in "${source.path}" expand to more than ${LIMITS.aliasCount} nodes.`
            : `YAML alias *${current.source} in "${source.path}" has no anchor before it.`,
          {
            location: { file: source.path, line, column },
            hint: 'Write the values out instead of using aliases.',
          },
        )
      }
      inside++
      try {
        return visit((target as Node).clone() as Node)
      } finally {
        inside--
      }
    }
    const anchored = current as Node & { anchor?: string }
    if (anchored.anchor) anchored.anchor = undefined
    if (isMap(current) || isSeq(current)) {
      current.items = current.items.map(item => {
        if (isPair(item)) {
          if (item.key && typeof item.key === 'object') item.key = visit(item.key as Node)
          if (item.value && typeof item.value === 'object') item.value = visit(item.value as Node)
          return item
        }
        return item && typeof item === 'object' ? visit(item as Node) : item
      }) as typeof current.items
    }
    if (isMap(current)) applyMergeKeys(current)
    return current
  }
  return visit(node) as T
}

// YAML 1.1 merge keys (`<<: *defaults`), which Go's yaml.v3 honours when Talos decodes: the merged
// mapping's keys are added where the mapping does not set them itself.
function applyMergeKeys(map: YAMLMap): void {
  const index = map.items.findIndex(
    pair => isScalar(pair.key) && pair.key.value === '<<' && !pair.key.type?.startsWith('QUOTE'),
  )
  if (index === -1) return
  const [merge] = map.items.splice(index, 1) as Pair[]
  const sources = isSeq(merge!.value) ? merge!.value.items : [merge!.value]
  const has = (key: unknown) =>
    map.items.some(pair => isScalar(pair.key) && isScalar(key) && pair.key.value === key.value)
  for (const source of sources) {
    if (!isMap(source)) continue
    for (const pair of source.items as Pair[]) if (!has(pair.key)) map.items.push(pair)
  }
}

/** True when a tree holds an alias, an anchor or a `<<` merge key: only then is expansion needed. */
export function hasAliasesOrMerges(node: Node): boolean {
  const stack: unknown[] = [node]
  while (stack.length > 0) {
    const current = stack.pop()
    if (!current || typeof current !== 'object') continue
    if (isAlias(current)) return true
    if ((current as Node & { anchor?: string }).anchor) return true
    if (isPair(current)) {
      if (isScalar(current.key) && current.key.value === '<<') return true
      stack.push(current.key, current.value)
    } else if (isMap(current) || isSeq(current)) {
      for (const item of current.items) stack.push(item)
    }
  }
  return false
}
