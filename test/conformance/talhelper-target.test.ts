/** generate --target talhelper output validates against talhelper's own talconfig.yaml schema. */
import { readFileSync } from 'node:fs'
import { Ajv2020 } from 'ajv/dist/2020.js'
import addFormats from 'ajv-formats'
import { describe, expect, it } from 'vitest'
import { parseAllDocuments } from 'yaml'
import { mergeTalconfig, renderTalconfig, talhelperConfig } from '../../src/generate/talhelper.ts'
import { EXAMPLE_NAMES, loadExample } from '../../src/intent/examples.ts'
import { referencePath } from '../support/reference.ts'

function validator() {
  const schema = JSON.parse(readFileSync(referencePath('talhelper', 'talconfig.schema.json'), 'utf8'))
  const ajv = new Ajv2020({ strict: false, allErrors: true })
  addFormats.default(ajv)
  return ajv.compile(schema)
}

const data = (text: string) =>
  parseAllDocuments(text)
    .map(doc => doc.toJS({ maxAliasCount: -1 }))
    .find(value => value !== null)

describe("talhelper's schema accepts what talscale writes", () => {
  it.each(EXAMPLE_NAMES)('example %s as a new talconfig.yaml', name => {
    const validate = validator()
    const text = renderTalconfig(talhelperConfig(loadExample(name).intent, { kubernetesVersion: 'v1.34.1' }))
    expect(validate(data(text)), JSON.stringify(validate.errors?.slice(0, 3))).toBe(true)
  })

  it("merged into talhelper's own test talconfig.yaml", () => {
    const validate = validator()
    const existing = readFileSync(referencePath('talhelper', 'testdata', 'config', 'talconfig.yaml'), 'utf8')
    const merged = mergeTalconfig(existing, talhelperConfig(loadExample('homelab').intent))
    const value = data(merged)
    const before = data(existing)
    // Whatever the reference file's own schema standing, the merge adds no error of its own.
    const errorsBefore = validate(before) ? 0 : validate.errors!.length
    const ok = validate(value)
    expect(
      ok ? 0 : validate.errors!.length,
      JSON.stringify(validate.errors?.slice(0, 3)),
    ).toBeLessThanOrEqual(errorsBefore)
  })
})
