/** generate --target talhelper output validates against talhelper's own talconfig.yaml schema. */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Ajv2020 } from 'ajv/dist/2020.js'
import addFormats from 'ajv-formats'
import { describe, expect, it } from 'vitest'
import { parseAllDocuments } from 'yaml'
import { mergeTalconfig, renderTalconfig, talhelperConfig } from '../../src/generate/talhelper.ts'
import { EXAMPLE_NAMES, loadExample } from '../../src/intent/examples.ts'
import { runCli } from '../support/cli.ts'
import { referenceJson, referencePath } from '../support/reference.ts'

function validator() {
  const schema = referenceJson('talhelper', 'talconfig.schema.json')
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

describe('a talhelper repository, from nothing to a checked talconfig.yaml', () => {
  it('init, generate --target talhelper, schema-valid, and check passes', async () => {
    const repo = mkdtempSync(join(tmpdir(), 'talscale-talhelper-repo-'))
    try {
      writeFileSync(join(repo, '.sops.yaml'), 'creation_rules:\n  - path_regex: talenv.sops.yaml\n')
      expect((await runCli(['init', '--example', 'homelab', '--quiet'], { cwd: repo })).code).toBe(0)
      const generated = await runCli(
        ['generate', '--target', 'talhelper', '-o', '.', '--kubernetes-version', 'v1.34.1', '--quiet'],
        { cwd: repo },
      )
      expect(generated.code, generated.stderr).toBe(0)
      const text = readFileSync(join(repo, 'talconfig.yaml'), 'utf8')
      const validate = validator()
      expect(validate(data(text)), JSON.stringify(validate.errors?.slice(0, 3))).toBe(true)
      const check = await runCli(['check', 'talconfig.yaml'], { cwd: repo })
      expect(check.code, check.stdout + check.stderr).toBe(0)
      expect(check.stdout).toBe('No problems found.\n')
    } finally {
      rmSync(repo, { recursive: true, force: true })
    }
  })
})
