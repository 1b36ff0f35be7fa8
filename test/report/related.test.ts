/** Secondary locations (`related`) in text, JSON and SARIF, and the SARIF links to the rule docs. */
import { existsSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { lintSources } from '../../src/lint/index.ts'
import { RULES } from '../../src/lint/rules/index.ts'
import { formatFindings } from '../../src/report/index.ts'

const DUPLICATE = `version: v1alpha1
machine:
  type: worker
  token: abcdef.0123456789abcdef
  install:
    image: factory.talos.dev/metal-installer/4a0d65c669d46663f377e7161e50cfd570c401f26fd9e7bda34a0216b6f1922b:v1.11.0
cluster:
  clusterName: home
---
apiVersion: v1alpha1
kind: ExtensionServiceConfig
name: tailscale
environment:
  - TS_AUTHKEY=\${TS_AUTHKEY}
  - TS_HOSTNAME=first
  - TS_HOSTNAME=second
---
apiVersion: v1alpha1
kind: ExtensionServiceConfig
name: tailscale
environment:
  - TS_AUTHKEY=\${TS_AUTHKEY}
`

const run = () =>
  lintSources([{ source: { path: 'esc.yaml', text: DUPLICATE }, explicit: true }], { cwd: '/nonexistent' })

describe('related locations', () => {
  it('TAL203 points back at the first occurrence, TAL209 at the first document', () => {
    const findings = run().findings
    const env = findings.find(finding => finding.code === 'TAL203')!
    expect(env.line).toBe(16)
    expect(env.related).toMatchObject([
      { file: 'esc.yaml', line: 15, column: 5, message: 'the first TS_HOSTNAME, the one in effect' },
    ])
    const service = findings.find(finding => finding.code === 'TAL209')!
    expect(service.line).toBe(20)
    expect(service.related?.[0]).toMatchObject({ file: 'esc.yaml', line: 12 })
  })

  it('text shows them as note lines under the finding', () => {
    const result = run()
    const text = formatFindings('text', result.findings, {
      rules: result.rules,
      sources: new Map([['esc.yaml', DUPLICATE]]),
    })
    expect(text).toContain('   = note: esc.yaml:15:5: the first TS_HOSTNAME, the one in effect\n')
  })

  it('JSON carries them as "related", only on findings that have them', () => {
    const result = run()
    const json = JSON.parse(formatFindings('json', result.findings, { rules: result.rules })) as {
      findings: Array<{ code: string; related?: unknown[] }>
    }
    expect(json.findings.find(f => f.code === 'TAL203')?.related).toEqual([
      {
        file: 'esc.yaml',
        line: 15,
        column: 5,
        endLine: 15,
        endColumn: 16,
        message: 'the first TS_HOSTNAME, the one in effect',
      },
    ])
    expect(
      json.findings.filter(f => f.code !== 'TAL203' && f.code !== 'TAL209').every(f => !('related' in f)),
    ).toBe(true)
  })

  it('SARIF has relatedLocations, a helpUri per rule and the tool informationUri', () => {
    const result = run()
    const sarif = JSON.parse(formatFindings('sarif', result.findings, { rules: RULES, root: '/nonexistent' }))
    const run0 = sarif.runs[0]
    expect(run0.tool.driver.informationUri).toBe('https://github.com/talscale/talscale')
    for (const rule of run0.tool.driver.rules as Array<{ id: string; helpUri: string }>) {
      expect(rule.helpUri).toBe(`https://github.com/talscale/talscale/blob/main/docs/rules/${rule.id}.md`)
      // Every link leads to a page that exists in the repository.
      expect(existsSync(new URL(`../../docs/rules/${rule.id}.md`, import.meta.url)), rule.id).toBe(true)
    }
    const result203 = (run0.results as Array<{ ruleId: string; relatedLocations?: unknown[] }>).find(
      r => r.ruleId === 'TAL203',
    )!
    expect(result203.relatedLocations).toEqual([
      {
        id: 0,
        message: { text: 'the first TS_HOSTNAME, the one in effect' },
        physicalLocation: {
          artifactLocation: { uri: 'esc.yaml', uriBaseId: '%SRCROOT%' },
          region: { startLine: 15, startColumn: 5, endLine: 15, endColumn: 16 },
        },
      },
    ])
  })
})
