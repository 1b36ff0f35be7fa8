/**
 * SARIF output against the SARIF 2.1.0 schema (../shared/reference/sarif), from the formatter and
 * from `talscale check --format sarif`.
 */
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Ajv } from 'ajv'
import addFormats from 'ajv-formats'
import { describe, expect, it } from 'vitest'
import { buildSarif, formatFindings } from '../../src/report/index.ts'
import { runCli } from '../support/cli.ts'
import { referenceJson } from '../support/reference.ts'
import { flagFinding, keyFinding, rules } from '../support/report-fixtures.ts'

// The reference schema declares draft-04, whose only difference that matters to ajv 8 here is the
// spelling of the root id; with that renamed it compiles as draft-07.
function sarifValidator() {
  const schema = referenceJson('sarif', 'sarif-schema-2.1.0.json')
  delete schema.$schema
  schema.$id = schema.id
  delete schema.id
  const ajv = new Ajv({ strict: false, allErrors: true })
  addFormats.default(ajv)
  return ajv.compile(schema)
}

describe('sarif format', () => {
  const validate = sarifValidator()

  it('validates against the SARIF 2.1.0 schema, with and without results', () => {
    for (const findings of [[keyFinding, flagFinding], []]) {
      const log = JSON.parse(formatFindings('sarif', findings, { rules, root: '/repo' }))
      const ok = validate(log)
      expect(validate.errors ?? [], JSON.stringify(validate.errors)).toEqual([])
      expect(ok).toBe(true)
    }
  })

  it('stays schema-valid with notifications of a failed invocation', () => {
    const log = buildSarif([keyFinding], rules, {
      root: '/repo',
      notifications: [
        { message: 'invalid YAML: bad indentation.', file: 'bad.yaml', line: 3, column: 2 },
        { message: 'no file' },
      ],
    })
    expect(validate(log), JSON.stringify(validate.errors)).toBe(true)
  })

  it('rejects what the schema rejects (the validator is live)', () => {
    const log = buildSarif([flagFinding], rules) as unknown as {
      runs: Array<{ results: Array<{ level: string }> }>
    }
    log.runs[0]!.results[0]!.level = 'warn'
    expect(validate(log)).toBe(false)
  })

  it('validates what `talscale check --format sarif` writes', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'talscale-sarif-'))
    writeFileSync(join(cwd, 'cp.yaml'), 'machine:\n  # talscale-ignore TAL999 -- gone\n  type: worker\n')
    const result = await runCli(['check', '--format', 'sarif', 'cp.yaml'], { cwd })
    const log = JSON.parse(result.stdout)
    expect(log.runs[0].results.length).toBeGreaterThan(0)
    expect(validate(log), JSON.stringify(validate.errors)).toBe(true)
  })
})
