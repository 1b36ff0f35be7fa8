/**
 * Fix text: rendered YAML reads back as the value it was made from, and edits land at the file's
 * own indentation without touching comments or the rest of the text.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import { sourceFromText } from '../../src/core/source.ts'
import { applyEdits } from '../../src/lint/fix.ts'
import { targetFromSource } from '../../src/lint/targets.ts'
import {
  appendDocument,
  appendToSeq,
  formatScalar,
  insertPath,
  prependToSeq,
  renderBlock,
  replaceScalar,
} from '../../src/lint/yaml-edits.ts'
import { nodeIn } from '../../src/talos/accessors.ts'
import { FUZZ_RUNS as runs } from '../support/fuzz.ts'

const docsOf = (text: string) => targetFromSource(sourceFromText('f.yaml', text)).documents

describe('renderBlock and formatScalar', () => {
  it('read back as the same strings, whatever the text', () => {
    const key = fc.string({ minLength: 1, maxLength: 12 }).filter(k => k.trim() === k && !/[\n\r\t]/.test(k))
    const scalar = fc.oneof(
      fc
        .string({ maxLength: 20 })
        .filter(s => !/[\n\r\t\u0000-\u001f\u007f-\u009f\u2028\u2029\ufeff]/.test(s)),
      fc.constantFrom(
        '0.0.0.0/0',
        '!100.64.0.0/10',
        '::/0',
        'fd7a:115c:a1e0::/48',
        '1',
        'yes',
        'null',
        '~',
        '1e3',
        '0x1f',
      ),
    )
    const list = fc.array(scalar, { minLength: 1, maxLength: 3 })
    const inner = fc.oneof(
      list,
      scalar,
      fc.dictionary(key, fc.oneof(list, scalar), { minKeys: 1, maxKeys: 3 }),
    )
    const value = fc.oneof(inner, fc.dictionary(key, inner, { minKeys: 1, maxKeys: 3 }))
    fc.assert(
      fc.property(fc.dictionary(key, value, { minKeys: 1, maxKeys: 3 }), tree => {
        expect(parse(renderBlock(tree))).toEqual(tree)
      }),
      { numRuns: runs },
    )
    fc.assert(
      fc.property(scalar, text => {
        expect(parse(`v: ${formatScalar(text)}`)).toEqual({ v: text })
      }),
      { numRuns: runs },
    )
  })
})

describe('edits', () => {
  it('inserts a missing path at the file’s indentation, keeping comments', () => {
    const text = 'machine:\n    # the kubelet\n    kubelet:\n        image: k # pinned\n    type: worker\n'
    const [doc] = docsOf(text)
    const edits = insertPath(doc!, ['machine', 'kubelet', 'nodeIP', 'validSubnets'], ['192.168.1.0/24'])!
    expect(applyEdits(text, edits).text).toBe(
      'machine:\n    # the kubelet\n    kubelet:\n        image: k # pinned\n        nodeIP:\n            validSubnets:\n                - 192.168.1.0/24\n    type: worker\n',
    )
  })

  it('refuses to duplicate a key that holds null, and flow maps', () => {
    expect(
      insertPath(docsOf('machine:\n  kubelet:\n')[0]!, ['machine', 'kubelet', 'nodeIP'], {}),
    ).toBeUndefined()
    expect(
      insertPath(docsOf('machine: {type: worker}\n')[0]!, ['machine', 'sysctls'], { a: '1' }),
    ).toBeUndefined()
  })

  it('appends and prepends list items in block and flow style', () => {
    const block = 'l:\n  - a # first\n  - b\nm: 1\n'
    const [doc] = docsOf(block)
    const seq = nodeIn(doc!, ['l'])!
    expect(applyEdits(block, appendToSeq(doc!, seq, ['!c'])!).text).toBe(
      'l:\n  - a # first\n  - b\n  - "!c"\nm: 1\n',
    )
    expect(applyEdits(block, prependToSeq(doc!, seq, ['z'])!).text).toBe(
      'l:\n  - z\n  - a # first\n  - b\nm: 1\n',
    )
    const flow = 'l: [a, b]\n'
    const [flowDoc] = docsOf(flow)
    const flowSeq = nodeIn(flowDoc!, ['l'])!
    expect(applyEdits(flow, appendToSeq(flowDoc!, flowSeq, ['c'])!).text).toBe('l: [a, b, c]\n')
    expect(applyEdits(flow, prependToSeq(flowDoc!, flowSeq, ['z'])!).text).toBe('l: [z, a, b]\n')
  })

  it('replaces scalars and appends documents, also to a file without a final newline', () => {
    const text = 'machine:\n  sysctls:\n    net.ipv4.ip_forward: "0"'
    const [doc] = docsOf(text)
    const node = nodeIn(doc!, ['machine', 'sysctls', 'net.ipv4.ip_forward'])!
    expect(applyEdits(text, replaceScalar(doc!, node, '"1"')!).text).toBe(
      'machine:\n  sysctls:\n    net.ipv4.ip_forward: "1"',
    )
    expect(applyEdits(text, appendDocument(doc!, { apiVersion: 'v1alpha1', kind: 'X', a: [1] })!).text).toBe(
      `${text}\n---\napiVersion: v1alpha1\nkind: X\na:\n  - 1\n`,
    )
  })
})
