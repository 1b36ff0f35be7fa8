import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { closestMatch, editDistance } from '../../src/core/suggest.ts'
import { FUZZ_RUNS as RUNS } from '../support/fuzz.ts'

describe('editDistance', () => {
  it('counts insertions, deletions and substitutions', () => {
    expect(editDistance('kitten', 'sitting')).toBe(3)
    expect(editDistance('', 'abc')).toBe(3)
    expect(editDistance('abc', '')).toBe(3)
    expect(editDistance('flaw', 'lawn')).toBe(2)
    expect(editDistance('same', 'same')).toBe(0)
  })

  it('counts a swapped pair as one edit only when asked', () => {
    expect(editDistance('hsotname', 'hostname')).toBe(2)
    expect(editDistance('hsotname', 'hostname', { transpositions: true })).toBe(1)
    // Optimal string alignment, not full Damerau: no edits inside a swapped pair.
    expect(editDistance('ca', 'abc', { transpositions: true })).toBe(3)
  })

  it('is a metric bounded by the lengths, and swaps never cost more', () => {
    const word = fc.string({ unit: fc.constantFrom('a', 'b', 'c', 'd'), maxLength: 8 })
    fc.assert(
      fc.property(word, word, word, (a, b, c) => {
        const d = editDistance(a, b)
        expect(editDistance(b, a)).toBe(d)
        expect(d === 0).toBe(a === b)
        expect(d).toBeGreaterThanOrEqual(Math.abs(a.length - b.length))
        expect(d).toBeLessThanOrEqual(Math.max(a.length, b.length))
        expect(editDistance(a, c)).toBeLessThanOrEqual(d + editDistance(b, c))
        const swapped = editDistance(a, b, { transpositions: true })
        expect(swapped).toBeLessThanOrEqual(d)
        expect(editDistance(b, a, { transpositions: true })).toBe(swapped)
      }),
      { numRuns: RUNS },
    )
  })
})

describe('closestMatch', () => {
  it('suggests close names and nothing for far ones', () => {
    const flags = { transpositions: true }
    expect(closestMatch('advertize-routes', ['advertise-routes', 'accept-routes'], flags)).toBe(
      'advertise-routes',
    )
    expect(closestMatch('acept-dns', ['accept-dns', 'ssh'], flags)).toBe('accept-dns')
    expect(closestMatch('completely-different', ['ssh', 'reset'], flags)).toBeUndefined()
  })

  it('suggests close keys only, regardless of case', () => {
    expect(closestMatch('lanSubnet', ['lanSubnets', 'podSubnets'])).toBe('lanSubnets')
    expect(closestMatch('ACCEPTDNS', ['acceptDns', 'authOnce'])).toBe('acceptDns')
    expect(closestMatch('zzzzzz', ['name', 'endpoint'])).toBeUndefined()
  })

  it('allows a third of the word (at least 2) unless told otherwise', () => {
    expect(closestMatch('abcdefghi', ['abcdefxyz'])).toBe('abcdefxyz')
    expect(closestMatch('abcdefghi', ['abcdewxyz'])).toBeUndefined()
    expect(closestMatch('ab', ['xy'])).toBe('xy')
    expect(closestMatch('abcdefghi', ['abcdefxyz'], { maxDistance: 2 })).toBeUndefined()
    expect(closestMatch('anything', [])).toBeUndefined()
  })

  it('gives ties to the earlier candidate', () => {
    expect(closestMatch('cat', ['bat', 'hat'])).toBe('bat')
    expect(closestMatch('cat', ['hat', 'bat'])).toBe('hat')
  })
})
