/**
 * SARIF output against the SARIF 2.1.0 schema (../shared/reference/sarif), from the formatter and
 * from `talscale check --format sarif`.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Ajv } from 'ajv'
import addFormats from 'ajv-formats'
import { describe, expect, it } from 'vitest'
import type { Finding } from '../../src/core/finding.ts'
import { buildSarif, formatFindings, type RuleMetadata } from '../../src/report/index.ts'
import { runCli } from '../support/cli.ts'
import { referencePath } from '../support/reference.ts'

const flagFinding: Finding = {
  code: 'TAL310',
  name: 'daemon-flag-in-extra-args',
  topic: 'flags',
  severity: 'error',
  message: '"--port" is a tailscaled flag; in TS_EXTRA_ARGS it makes "tailscale up" exit 2',
  file: 'cluster/controlplane.yaml',
  line: 9,
  column: 19,
  endLine: 9,
  endColumn: 32,
  fix: {
    title: 'Move the flag to TS_TAILSCALED_EXTRA_ARGS',
    safety: 'safe',
    edits: [{ file: 'cluster/controlplane.yaml', start: 0, end: 0, text: '' }],
  },
}

const keyFinding: Finding = {
  code: 'TAL401',
  name: 'literal-auth-key',
  topic: 'auth',
  severity: 'warning',
  message: 'a literal auth key "tskey-auth-…" is committed in this file',
  file: 'cluster/controlplane.yaml',
  line: 8,
  column: 16,
  endLine: 8,
  endColumn: 31,
}

const rules: RuleMetadata[] = [
  {
    code: 'TAL310',
    name: 'daemon-flag-in-extra-args',
    topic: 'flags',
    severity: 'error',
    fixTitle: 'Move the flag to TS_TAILSCALED_EXTRA_ARGS',
    docs: {
      summary: 'A tailscaled flag is passed to tailscale up.',
      why: '`tailscale up` rejects daemon flags and the service crash-loops (T8).',
      invalid: 'environment:\n  - TS_EXTRA_ARGS=--port=41641\n',
      valid: 'environment:\n  - TS_TAILSCALED_EXTRA_ARGS=--port=41641\n',
    },
  },
  {
    code: 'TAL401',
    name: 'literal-auth-key',
    topic: 'auth',
    severity: 'warning',
    fixTitle: 'Load the key from a secret store instead',
    docs: { summary: 'An auth key is written in the file.' },
  },
]

// The reference schema declares draft-04, whose only difference that matters to ajv 8 here is the
// spelling of the root id; with that renamed it compiles as draft-07.
function sarifValidator() {
  const schema = JSON.parse(readFileSync(referencePath('sarif', 'sarif-schema-2.1.0.json'), 'utf8'))
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
