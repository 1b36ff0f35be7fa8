/**
 * Schematic IDs against the reference vectors (../shared/reference/factory/schematic-vectors.json:
 * IDs the Image Factory and talhelper compute), through the library and through `talscale schematic id -`.
 */
import { describe, expect, it } from 'vitest'
import { parse, stringify } from 'yaml'
import { sourceFromText } from '../../src/core/source.ts'
import { canonicalSchematicYaml, parseSchematic, schematicId } from '../../src/factory/index.ts'
import { runCli } from '../support/cli.ts'
import { referenceJson } from '../support/reference.ts'

interface Vector {
  source: string
  yaml: string
  id: string
}

const vectors = referenceJson<Vector[]>('factory', 'schematic-vectors.json')

const idOf = (text: string, name = 'schematic.yaml') =>
  schematicId(parseSchematic(sourceFromText(name, text)))

// Reorders mapping keys (reversed) at every level; sequences keep their order, which is meaningful.
function reorderKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(reorderKeys)
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).reverse()
    return Object.fromEntries(entries.map(([k, v]) => [k, reorderKeys(v)]))
  }
  return value
}

describe('schematic IDs against the reference vectors', () => {
  it('has vectors to check', () => {
    expect(vectors.length).toBeGreaterThanOrEqual(20)
  })

  for (const vector of vectors) {
    const label = vector.source.slice(0, 90)
    it(`reproduces ${vector.id.slice(0, 12)} (${label})`, () => {
      expect(idOf(vector.yaml)).toBe(vector.id)
    })

    it(`reproduces ${vector.id.slice(0, 12)} when reformatted (2-space, flow, JSON, keys reordered)`, () => {
      const data = parse(vector.yaml)
      const variants = {
        twoSpace: stringify(data, { indent: 2 }),
        twoSpaceCompactSeq: stringify(data, { indent: 2, indentSeq: false }),
        sixSpace: stringify(data, { indent: 6 }),
        flow: stringify(data, { collectionStyle: 'flow', blockQuote: false }),
        json: JSON.stringify(data),
        prettyJson: JSON.stringify(data, null, 3),
        reordered: stringify(reorderKeys(data)),
        reorderedJson: JSON.stringify(reorderKeys(data)),
        documentMarkers: `---\n${stringify(data)}...\n`,
        commented: `# a schematic\n${stringify(data, { indent: 3 })}# end\n`,
        crlf: stringify(data).replaceAll('\n', '\r\n'),
      }
      for (const [name, text] of Object.entries(variants)) {
        expect({ name, id: idOf(text, `${name}.yaml`) }).toEqual({ name, id: vector.id })
      }
    })
  }

  it('gives canonical vectors back byte for byte', () => {
    const canonical = vectors.filter(v => v.source.includes('canonical Marshal() output'))
    expect(canonical.length).toBeGreaterThan(5)
    for (const v of canonical)
      expect(canonicalSchematicYaml(parseSchematic(sourceFromText('c.yaml', v.yaml)))).toBe(v.yaml)
  })
})

describe('talscale schematic id', () => {
  it('reads standard input with -', async () => {
    for (const vector of vectors) {
      const result = await runCli(['schematic', 'id', '-'], { stdin: vector.yaml })
      expect(result.stdout).toBe(`${vector.id}\n`)
      expect(result.code).toBe(0)
    }
  })
})
