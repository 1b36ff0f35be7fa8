import { describe, expect, it } from 'vitest'
import { sourceFromText } from '../../src/core/source.ts'
import { parseSchematic, schematicId } from '../../src/factory/schematic.ts'
import { type LintInput, lintSources } from '../../src/lint/index.ts'

// lintSources judges each whole node as it is read and then drops its documents; these inputs make
// the cross-file facts matter: a node whose extensions only a schematic file tells, a patch that
// carries the service config for its cluster, and a file-wide pragma in a node judged early.
const schematicText = [
  'customization:',
  '  systemExtensions:',
  '    officialExtensions:',
  '      - siderolabs/zfs',
  '      - siderolabs/iscsi-tools',
  '',
].join('\n')
const customId = schematicId(parseSchematic(sourceFromText('s.yaml', schematicText)))
const tailscaleOnly = '4a0d65c669d46663f377e7161e50cfd570c401f26fd9e7bda34a0216b6f1922b'
const service =
  '---\napiVersion: v1alpha1\nkind: ExtensionServiceConfig\nname: tailscale\nenvironment:\n  - TS_AUTHKEY=${TS_AUTHKEY}\n'
const node = (name: string, image: string, cluster: string, extra = '') =>
  `version: v1alpha1\nmachine:\n  type: worker\n  token: abc.def\n  network:\n    hostname: ${name}\n  install:\n    image: ${image}\ncluster:\n  clusterName: ${cluster}\n${extra}`
const files: Array<[string, string]> = [
  ['c/a.yaml', node('a', `factory.talos.dev/metal-installer/${customId}:v1.13.9`, 'home')],
  ['c/b.yaml', node('b', `factory.talos.dev/metal-installer/${tailscaleOnly}:v1.13.9`, 'home')],
  [
    'c/c.yaml',
    `${node('c', `factory.talos.dev/metal-installer/${tailscaleOnly}:v1.13.9`, 'home')}# talscale-ignore-file TAL600\n`,
  ],
  [
    'c/patch.yaml',
    `machine:\n  network:\n    kubespan:\n      enabled: true\ncluster:\n  clusterName: home\n${service}`,
  ],
  ['c/schematic.yaml', schematicText],
  ['d/x.yaml', node('x', `factory.talos.dev/metal-installer/${tailscaleOnly}:v1.13.9`, 'other')],
]
const inputs = (list: Array<[string, string]>): LintInput[] =>
  list.map(([path, text]) => ({ source: sourceFromText(path, text), explicit: true }))
const lines = (findings: ReadonlyArray<{ file: string; line: number; code: string; message: string }>) =>
  findings.map(finding => `${finding.file}:${finding.line} ${finding.code} ${finding.message}`)

describe('lintSources one file at a time', () => {
  const first = lintSources(inputs(files), { cwd: '/' })

  it('learns extensions from a schematic file listed after the node', () => {
    const codes = first.findings.filter(finding => finding.file === 'c/a.yaml').map(finding => finding.code)
    // Only the schematic file tells that a.yaml's image lacks the tailscale that b and c install.
    expect(codes).toContain('TAL107')
    expect(first.findings.some(finding => finding.code === 'TAL240' && finding.file === 'd/x.yaml')).toBe(
      true,
    )
    // The patch next to the nodes of "home" brings their service config.
    expect(first.findings.some(finding => finding.code === 'TAL240' && finding.file.startsWith('c/'))).toBe(
      false,
    )
    expect(first.suppressed.map(finding => `${finding.file} ${finding.code}`)).toEqual(['c/c.yaml TAL600'])
  })

  it('gives the same findings in any input order', () => {
    for (const order of [[...files].reverse(), [files[4]!, ...files.slice(0, 4), files[5]!]]) {
      const result = lintSources(inputs(order), { cwd: '/' })
      expect(lines(result.findings)).toEqual(lines(first.findings))
      expect(lines(result.suppressed)).toEqual(lines(first.suppressed))
    }
  })

  it('drops whole nodes’ documents unless asked to keep them, with the same findings', () => {
    const byKind = (result: typeof first, kind: string) =>
      result.targets.filter(target => target.kind === kind).map(target => target.documents.length)
    expect(byKind(first, 'machine-config')).toEqual([0, 0, 0, 0])
    expect(byKind(first, 'patch')).toEqual([2])
    const kept = lintSources(inputs(files), { cwd: '/', keepDocuments: true })
    expect(byKind(kept, 'machine-config')).toEqual([1, 1, 1, 1])
    expect(lines(kept.findings)).toEqual(lines(first.findings))
  })
})
