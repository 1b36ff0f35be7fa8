/**
 * Line diff by longest common subsequence, shared by render (mapping a re-render back onto the
 * base text) and `check --fix --dry-run` (unified diffs).
 * @module
 */

/** One step from `a` to `b`: keep `a[from]` as `b[to]`, drop `a[from]`, or add `b[to]`. */
export type LineOp =
  | { kind: 'keep'; from: number; to: number }
  | { kind: 'add'; to: number }
  | { kind: 'drop'; from: number }

/**
 * The steps that turn `a` into `b` keeping as many lines as possible. Where several alignments are
 * as long, a line of `a` is dropped before a line of `b` is added, and equal lines are kept as early
 * as they can be. Time and memory are `a.length * b.length`: callers bound the size.
 */
export function diffLines(a: readonly string[], b: readonly string[]): LineOp[] {
  const n = a.length
  const m = b.length
  const width = m + 1
  const table = new Uint32Array((n + 1) * width)
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      table[i * width + j] =
        a[i] === b[j]
          ? table[(i + 1) * width + j + 1]! + 1
          : Math.max(table[(i + 1) * width + j]!, table[i * width + j + 1]!)
    }
  }
  const ops: LineOp[] = []
  let i = 0
  let j = 0
  while (i < n && j < m) {
    if (a[i] === b[j]) ops.push({ kind: 'keep', from: i++, to: j++ })
    else if (table[(i + 1) * width + j]! >= table[i * width + j + 1]!) ops.push({ kind: 'drop', from: i++ })
    else ops.push({ kind: 'add', to: j++ })
  }
  while (i < n) ops.push({ kind: 'drop', from: i++ })
  while (j < m) ops.push({ kind: 'add', to: j++ })
  return ops
}
