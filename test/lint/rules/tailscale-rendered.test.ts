// biome-ignore-all lint/suspicious/noTemplateCurlyInString: talhelper ${VAR} placeholders are test data
/**
 * The extension-service rules on rendered nodes: strategic-merge patches append to `environment`
 * (T6), so duplicates appear only after rendering, and findings must point into the patch file.
 */
import { describe, expect, it } from 'vitest'
import { sourceFromText } from '../../../src/core/source.ts'
import { runRules } from '../../../src/lint/engine.ts'
import { applyEdits } from '../../../src/lint/fix.ts'
import tal203 from '../../../src/lint/rules/tal203-duplicate-env-key.ts'
import tal401 from '../../../src/lint/rules/tal401-daemon-flag-in-extra-args.ts'
import { targetFromDocuments } from '../../../src/lint/targets.ts'
import { applyPatches } from '../../../src/render/apply.ts'

const base = sourceFromText(
  'controlplane.yaml',
  `version: v1alpha1
machine:
  type: controlplane
  token: fake-token-EXAMPLE
---
apiVersion: v1alpha1
kind: ExtensionServiceConfig
name: tailscale
environment:
  - TS_AUTHKEY=\${OLD_KEY}
  - TS_HOSTNAME=cp-1
`,
)
const patch = sourceFromText(
  'patches/rotate-key.yaml',
  `apiVersion: v1alpha1
kind: ExtensionServiceConfig
name: tailscale
environment:
  - TS_AUTHKEY=\${NEW_KEY}
  - TS_EXTRA_ARGS=--port=41641
`,
)

function rendered() {
  const result = applyPatches(base, [patch])
  return targetFromDocuments(base, result.documents, { kind: 'rendered' })
}

describe('rendered nodes', () => {
  it('reports a duplicate created by a patch in the patch file, naming where the winner is', () => {
    const findings = runRules([tal203], [rendered()])
    expect(findings.map(f => [f.file, f.line, f.column, f.message])).toEqual([
      [
        'patches/rotate-key.yaml',
        5,
        5,
        'TS_AUTHKEY is set again here, but the first occurrence wins: the value from controlplane.yaml:10 is the one in effect and this one is ignored',
      ],
    ])
    const edits = findings.flatMap(f => f.fix?.edits ?? [])
    expect(edits.every(e => e.file === 'patches/rotate-key.yaml')).toBe(true)
    expect(applyEdits(patch.text, edits).text).toBe(
      'apiVersion: v1alpha1\nkind: ExtensionServiceConfig\nname: tailscale\nenvironment:\n  - TS_EXTRA_ARGS=--port=41641\n',
    )
  })

  it('points flag findings at the patch that brought the flag', () => {
    const [finding] = runRules([tal401], [rendered()])
    expect([finding?.file, finding?.line, finding?.column]).toEqual(['patches/rotate-key.yaml', 6, 19])
    expect(applyEdits(patch.text, finding!.fix!.edits).text).toContain(
      '  - TS_EXTRA_ARGS=\n  - TS_TAILSCALED_EXTRA_ARGS=--port=41641\n',
    )
  })
})
