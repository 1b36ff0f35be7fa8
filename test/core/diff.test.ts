import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { diffLines } from '../../src/core/diff.ts'
import { FUZZ_RUNS as RUNS } from '../support/fuzz.ts'

// Length of a longest common subsequence by plain recursion: the oracle for small inputs.
function lcs(a: readonly string[], b: readonly string[]): number {
  if (a.length === 0 || b.length === 0) return 0
  if (a[0] === b[0]) return 1 + lcs(a.slice(1), b.slice(1))
  return Math.max(lcs(a.slice(1), b), lcs(a, b.slice(1)))
}

describe('diffLines', () => {
  it('drops before it adds, and keeps equal lines as early as it can', () => {
    expect(diffLines(['a', 'b', 'c'], ['a', 'x', 'c'])).toEqual([
      { kind: 'keep', from: 0, to: 0 },
      { kind: 'drop', from: 1 },
      { kind: 'add', to: 1 },
      { kind: 'keep', from: 2, to: 2 },
    ])
    expect(diffLines(['x', 'x'], ['x'])).toEqual([
      { kind: 'keep', from: 0, to: 0 },
      { kind: 'drop', from: 1 },
    ])
    expect(diffLines([], ['a'])).toEqual([{ kind: 'add', to: 0 }])
  })

  it('walks both texts in order, rebuilds the new one, and keeps a longest common subsequence', () => {
    const lines = fc.array(fc.constantFrom('a', 'b', 'c', ''), { maxLength: 7 })
    fc.assert(
      fc.property(lines, lines, (a, b) => {
        const ops = diffLines(a, b)
        const from = ops.flatMap(op => (op.kind === 'add' ? [] : [op.from]))
        const to = ops.flatMap(op => (op.kind === 'drop' ? [] : [op.to]))
        expect(from).toEqual(a.map((_, i) => i))
        expect(to).toEqual(b.map((_, i) => i))
        for (const op of ops) if (op.kind === 'keep') expect(a[op.from]).toBe(b[op.to])
        expect(ops.filter(op => op.kind === 'keep')).toHaveLength(lcs(a, b))
      }),
      { numRuns: RUNS },
    )
  })
})
