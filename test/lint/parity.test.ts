// Every row of the tailscale up parity table: its example raises a finding of its rule, and the
// finding's message carries Tailscale's own text.
import { describe, expect, it } from 'vitest'
import { sourceFromText } from '../../src/core/source.ts'
import { lintTargets } from '../../src/lint/engine.ts'
import { PARITY_ROWS, parityMarkdown, UNDECIDABLE_ERRORS } from '../../src/lint/parity.ts'
import { RULES } from '../../src/lint/rules/index.ts'
import { targetFromSource } from '../../src/lint/targets.ts'
import { parseTalosVersion } from '../../src/talos/version.ts'

const esc = (env: readonly string[]) =>
  `apiVersion: v1alpha1\nkind: ExtensionServiceConfig\nname: tailscale\nenvironment:\n${env
    .map(item => `  - ${/: |:$|^[[{&*!|>'"%@`#]/.test(item) ? JSON.stringify(item) : item}\n`)
    .join('')}`

function findings(env: readonly string[], talos?: string) {
  const source = sourceFromText('parity.yaml', esc(env))
  const target = targetFromSource(source, talos ? { talosVersion: parseTalosVersion(talos) } : {})
  return lintTargets(RULES, [target]).findings
}

describe('tailscale up parity table', () => {
  it.each(
    PARITY_ROWS.map(
      row =>
        [`${row.rule} ${row.error.slice(0, 70)}${row.talos ? ` (Talos ${row.talos})` : ''}`, row] as const,
    ),
  )('%s', (_name, row) => {
    expect(RULES.some(rule => rule.code === row.rule)).toBe(true)
    const messages = findings(row.env, row.talos)
      .filter(finding => finding.code === row.rule)
      .map(finding => finding.message)
    expect(
      messages.some(message => message.includes(row.error)),
      messages.join('\n'),
    ).toBe(true)
    if (row.absentOn) {
      const older = findings(row.env, row.absentOn).filter(finding => finding.message.includes(row.error))
      expect(older.map(finding => finding.message)).toEqual([])
    }
  })

  it('covers every rule of the flags topic that judges tailscale up arguments', () => {
    const covered = new Set(PARITY_ROWS.map(row => row.rule))
    for (const code of [
      'TAL400',
      'TAL401',
      'TAL402',
      'TAL403',
      'TAL404',
      'TAL405',
      'TAL406',
      'TAL407',
      'TAL408',
      'TAL410',
      'TAL412',
      'TAL420',
    ])
      expect(covered.has(code), code).toBe(true)
  })

  it('renders every row and every undecidable error', () => {
    const page = parityMarkdown()
    expect(
      page
        .split('\n')
        .filter(line => line.startsWith('| ') && !line.startsWith('| Stage') && !line.startsWith('| Source')),
    ).toHaveLength(PARITY_ROWS.length + UNDECIDABLE_ERRORS.length)
  })
})
