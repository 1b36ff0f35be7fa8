import { mkdirSync, mkdtempSync, realpathSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { sourceFromText } from '../../../src/core/source.ts'
import { lintSources } from '../../../src/lint/index.ts'
import rule from '../../../src/lint/rules/tal002-reference-outside-repository.ts'

const TALCONFIG = (patches: string[]) =>
  [
    'clusterName: home',
    'endpoint: https://10.0.0.10:6443',
    'patches:',
    ...patches.map(patch => `  - "${patch}"`),
    'nodes:',
    '  - hostname: cp-1',
    '    ipAddress: 10.0.0.10',
    '  - hostname: w-1',
    '    ipAddress: 10.0.0.11',
    '',
  ].join('\n')

describe('TAL002 reference-outside-repository', () => {
  const top = realpathSync(mkdtempSync(join(tmpdir(), 'talscale-tal002-')))
  const repo = join(top, 'repo')
  mkdirSync(join(repo, '.git'), { recursive: true })
  writeFileSync(join(top, 'outside.yaml'), 'machine:\n  type: worker\n')
  writeFileSync(join(repo, 'inside.yaml'), 'machine:\n  type: worker\n')
  const lint = (text: string) =>
    lintSources([{ source: sourceFromText('talconfig.yaml', text), explicit: true }], {
      cwd: repo,
      only: [rule.code],
    })

  it('reports each outside reference once (not once per node), at the reference', () => {
    const result = lint(TALCONFIG(['@../outside.yaml', '@./inside.yaml']))
    expect(result.errors).toEqual([])
    expect(result.findings.map(f => `${f.line}:${f.column} ${f.severity} ${f.message}`)).toEqual([
      '4:5 error the talhelper patch "@../outside.yaml" lies outside the repository, so talscale did not read it and nothing in it was judged',
    ])
    expect([...result.sources.keys()]).not.toContain('../outside.yaml')
  })

  it('is quiet when every reference is inside', () => {
    expect(lint(TALCONFIG(['@./inside.yaml'])).findings).toEqual([])
  })
})
