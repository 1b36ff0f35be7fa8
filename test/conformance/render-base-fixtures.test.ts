/**
 * The base configs in test/fixtures/base are what generate's tests patch; they must look like
 * `talosctl gen config` output for their version. Checked against the published schema of that
 * version (../shared/reference/talos/schemas). The schema is stricter than Talos (T18): fields
 * Talos still decodes but no longer documents are listed below and must be the only differences.
 */
import { readFileSync } from 'node:fs'
import Ajv2020 from 'ajv/dist/2020.js'
import { describe, expect, it } from 'vitest'
import { parseAllDocuments } from 'yaml'
import { readSource } from '../../src/core/source.ts'
import { applyPatches } from '../../src/render/index.ts'
import { parseTalosVersion } from '../../src/talos/version.ts'
import { referenceJson } from '../support/reference.ts'
import { asSchemaSees } from './talos-schema.ts'

const VERSIONS = ['v1.10', 'v1.11', 'v1.12', 'v1.13', 'v1.14'] as const
const ROLES = ['controlplane', 'worker'] as const

// Deprecated v1alpha1 fields `gen config` still writes and Talos still accepts, per schema version
// (the published schema is stricter than Talos: T18 in docs/facts.md).
// `persist` has been nodoc in every supported version.
const UNDOCUMENTED: Record<string, string[]> = {
  'v1.10': ['/persist'],
  'v1.11': ['/persist'],
  'v1.12': ['/persist'],
  'v1.13': ['/persist'],
  // v1.14 gen config writes the separate documents instead of the fields they replace.
  'v1.14': ['/persist'],
}

function validatorFor(version: string) {
  const schema = referenceJson('talos', 'schemas', version, 'config.schema.json')
  const ajv = new Ajv2020.default({ strict: false, allErrors: true })
  ajv.addSchema(schema, 'talos')
  const defs = schema.$defs as Record<string, { properties?: { kind?: { enum?: string[] } } }>
  return (kind: string) => {
    const name =
      kind === 'v1alpha1'
        ? 'v1alpha1.Config'
        : Object.keys(defs).find(key => defs[key]!.properties?.kind?.enum?.[0] === kind)
    if (!name) return undefined
    return ajv.getSchema(`talos#/$defs/${name}`)
  }
}

describe('base fixtures', () => {
  for (const version of VERSIONS) {
    const validate = validatorFor(version)
    for (const role of ROLES) {
      it(`${version}/${role}.yaml matches the ${version} schema, apart from listed deprecated fields`, () => {
        const path = new URL(`../fixtures/base/${version}/${role}.yaml`, import.meta.url).pathname
        const text = readFileSync(path, 'utf8')
        const docs = parseAllDocuments(text).map(doc => doc.toJS() as Record<string, unknown>)
        expect(docs[0]!.version).toBe('v1alpha1')
        expect((docs[0]!.machine as { type: string }).type).toBe(role)
        const unknown: string[] = []
        for (const written of docs) {
          // The schema's name for a kind can differ from the one Talos registers (UnattendedInstall).
          const doc = asSchemaSees(written, parseTalosVersion(version).minor)
          const kind = (doc.kind as string | undefined) ?? 'v1alpha1'
          const check = validate(kind)
          expect(check, `${kind} is not a ${version} document kind`).toBeDefined()
          if (check!(doc)) continue
          for (const error of check!.errors ?? []) {
            expect(error.keyword, JSON.stringify(error)).toBe('additionalProperties')
            unknown.push(
              `${error.instancePath}/${(error.params as { additionalProperty: string }).additionalProperty}`,
            )
          }
        }
        for (const field of unknown) expect(UNDOCUMENTED[version]).toContain(field)
        // Secrets are obviously fake, so no scanner mistakes them for real ones.
        expect(text).toContain('FAKE EXAMPLE')
        expect(text).not.toMatch(/tskey-(auth|client|api)-/)
        // The render of the unpatched base is the base.
        const rendered = applyPatches(readSource(path), [], { talosVersion: parseTalosVersion(version) })
        expect(parseAllDocuments(rendered.text).map(doc => doc.toJS())).toEqual(docs)
      })
    }
  }
})
