import { describe, expect, it } from 'vitest'
import { InputError } from '../../src/core/errors.ts'
import { LIMITS, parseSource, positionAt, sourceFromText, spanOf, toPlain } from '../../src/core/source.ts'

describe('source positions and limits', () => {
  it('maps offsets to 1-based line and column', () => {
    const source = sourceFromText('a.yaml', 'a: 1\nbb: [x, y]\n')
    expect(positionAt(source, 0)).toEqual({ line: 1, column: 1 })
    expect(positionAt(source, 9)).toEqual({ line: 2, column: 5 })
    const [doc] = parseSource(source)
    const node = doc!.doc.getIn(['bb', 1], true) as never
    expect(spanOf(source, node)).toEqual({ line: 2, column: 9, endLine: 2, endColumn: 10 })
  })

  it('reports YAML syntax errors with a position, as an InputError', () => {
    const source = sourceFromText('bad.yaml', 'a: 1\nb: [1, 2\n')
    expect(() => parseSource(source)).toThrow(InputError)
    try {
      parseSource(source)
    } catch (error) {
      expect((error as InputError).location?.file).toBe('bad.yaml')
      expect((error as InputError).location?.line).toBeGreaterThan(0)
    }
  })

  it('rejects duplicate keys, which Talos also rejects', () => {
    expect(() => parseSource(sourceFromText('d.yaml', 'a: 1\na: 2\n'))).toThrow(/unique|duplicate/i)
  })

  it('refuses nesting deeper than the limit without overflowing the stack', () => {
    const deep = `${'['.repeat(LIMITS.depth + 5)}${']'.repeat(LIMITS.depth + 5)}`
    expect(() => parseSource(sourceFromText('deep.yaml', deep))).toThrow(/nesting deeper/)
  })

  it('stops alias expansion (billion laughs) with a clear error', () => {
    const lines = ['a: &a [x, x, x, x, x, x, x, x, x, x]']
    for (let i = 0; i < 8; i++) {
      const prev = String.fromCharCode(97 + i)
      const next = String.fromCharCode(98 + i)
      lines.push(
        `${next}: &${next} [*${prev}, *${prev}, *${prev}, *${prev}, *${prev}, *${prev}, *${prev}, *${prev}, *${prev}, *${prev}]`,
      )
    }
    const [doc] = parseSource(sourceFromText('laughs.yaml', `${lines.join('\n')}\n`))
    expect(() => toPlain(doc!)).toThrow(InputError)
  })

  it('rejects binary input and oversized lines', () => {
    expect(() => sourceFromText('bin', 'a\u0000b')).toThrow(/NUL/)
    expect(() => sourceFromText('long', 'x'.repeat(LIMITS.lineLength + 1))).toThrow(/characters long/)
  })
})
