/**
 * Issue 11 section 6: `tailscale set`-only flags in TS_EXTRA_ARGS. TAL402 is judged against the
 * upstream flag table: every flag that `tailscale set` (or login) takes but `tailscale up` does not
 * is reported, and no flag `tailscale up` takes is.
 */
import { describe, expect, it } from 'vitest'
import { sourceFromText } from '../../src/core/source.ts'
import { lintTargets } from '../../src/lint/engine.ts'
import rule from '../../src/lint/rules/tal402-set-only-flag.ts'
import { targetFromSource } from '../../src/lint/targets.ts'
import { referenceJson } from '../support/reference.ts'

interface UpFlag {
  name: string
  type: string
  commands: string[]
}

const table = referenceJson('tailscale/up-flags.json') as {
  flags: UpFlag[]
}

function findings(flag: UpFlag): string[] {
  const value = flag.type === 'bool' ? '' : '=x'
  const text = `apiVersion: v1alpha1\nkind: ExtensionServiceConfig\nname: tailscale\nenvironment:\n  - TS_EXTRA_ARGS=--${flag.name}${value}\n`
  const target = targetFromSource(sourceFromText('esc.yaml', text))
  return lintTargets([rule], [target]).findings.map(finding => finding.message)
}

describe('TAL402 against up-flags.json', () => {
  const setOnly = table.flags.filter(flag => !flag.commands.includes('up'))
  const upFlags = table.flags.filter(flag => flag.commands.includes('up'))

  it('knows set-only flags exist in the table (auto-update among them)', () => {
    expect(setOnly.map(flag => flag.name)).toContain('auto-update')
  })

  for (const flag of setOnly) {
    it(`reports --${flag.name} (${flag.commands.join('/')} only)`, () => {
      expect(findings(flag)).toHaveLength(1)
    })
  }

  for (const flag of upFlags) {
    it(`leaves --${flag.name} alone (a tailscale up flag)`, () => {
      expect(findings(flag)).toEqual([])
    })
  }
})
