/** Units of the lint engine: input kinds, installer tags, pragmas, rule selection, edits and diffs. */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { parseSource, sourceFromText } from '../../src/core/source.ts'
import { applyEdits, unifiedDiff } from '../../src/lint/fix.ts'
import { emptyConfig, fixSources, selectRules } from '../../src/lint/index.ts'
import { parsePragmas } from '../../src/lint/pragma.ts'
import { defineRule } from '../../src/lint/rule.ts'
import { RULES } from '../../src/lint/rules/index.ts'
import { detectInputKind, parseInstallerImage, targetFromText } from '../../src/lint/targets.ts'
import { FUZZ_RUNS as RUNS } from '../support/fuzz.ts'

const kind = (text: string) => detectInputKind(parseSource(sourceFromText('x.yaml', text)))

describe('detectInputKind', () => {
  it.each([
    ['version: v1alpha1\nmachine:\n  type: worker\n', 'talos'],
    ['machine:\n  network: {}\n', 'talos'],
    ['apiVersion: v1alpha1\nkind: ExtensionServiceConfig\nname: tailscale\n', 'talos'],
    ['machine: {}\n---\napiVersion: v1alpha1\nkind: KubeSpanConfig\n', 'talos'],
    ['apiVersion: v1alpha1\nkind: ExtensionServiceConfig\nname: tailscale\n$patch: delete\n', 'talos'],
    ['clusterName: home\nnodes:\n  - hostname: a\n', 'talhelper'],
    ['endpoint: https://x:6443\nnodes: []\n', 'talhelper'],
    ['version: 1\ncluster:\n  name: a\ntailscale: {}\nnodes: []\n', 'intent'],
    ['customization:\n  systemExtensions:\n    officialExtensions: [siderolabs/tailscale]\n', 'schematic'],
    ['overlay:\n  name: rpi_generic\n  image: siderolabs/sbc-raspberrypi\n', 'schematic'],
    ['- op: add\n  path: /machine/network/hostname\n  value: a\n', 'json6902'],
    ['[{"op": "remove", "path": "/cluster"}]', 'json6902'],
    ['apiVersion: apps/v1\nkind: Deployment\n', 'other'],
    ['replicas: 3\n', 'other'],
    ['machine: {}\nimage: x\n', 'other'],
    ['- a\n- b\n', 'other'],
    ['', 'other'],
    ['# only a comment\n', 'other'],
  ])('%j is %s', (text, expected) => {
    expect(kind(text)).toBe(expected)
  })
})

describe('installer images', () => {
  it('reads the Talos version and schematic from the tag and path', () => {
    const id = '4a0d65c669d46663f377e7161e50cfd570c401f26fd9e7bda34a0216b6f1922b'
    expect(parseInstallerImage(`factory.talos.dev/metal-installer/${id}:v1.12.4`)).toEqual({
      image: `factory.talos.dev/metal-installer/${id}:v1.12.4`,
      schematicId: id,
      version: { major: 1, minor: 12, patch: 4 },
    })
    expect(parseInstallerImage('ghcr.io/siderolabs/installer:v1.11.0').version).toEqual({
      major: 1,
      minor: 11,
      patch: 0,
    })
    expect(parseInstallerImage('ghcr.io/siderolabs/installer:v1.9.5').version).toEqual({
      major: 1,
      minor: 10,
      patch: 0,
    })
    expect(parseInstallerImage('registry.local:5000/mirror/app:latest')).toEqual({
      image: 'registry.local:5000/mirror/app:latest',
    })
  })

  it('decides a target version: flag, then installer tag, then newest', () => {
    const text =
      'machine:\n  type: worker\n  token: x\n  install:\n    image: ghcr.io/siderolabs/installer:v1.11.3\n'
    const fromImage = targetFromText('n.yaml', text)
    expect([fromImage.talosVersion.minor, fromImage.talosVersionFrom]).toEqual([11, 'image'])
    const fromFlag = targetFromText('n.yaml', text, { talosVersion: { major: 1, minor: 13, patch: 0 } })
    expect([fromFlag.talosVersion.minor, fromFlag.talosVersionFrom]).toEqual([13, 'flag'])
    const none = targetFromText('n.yaml', 'machine:\n  type: worker\n')
    expect([none.talosVersion.minor, none.talosVersionFrom]).toEqual([14, 'default'])
  })
})

describe('parsePragmas', () => {
  const pragmas = (text: string) => parsePragmas(sourceFromText('p.yaml', text))

  it('binds an own-line pragma to the next line with content, skipping comments and blanks', () => {
    const [pragma] = pragmas('a:\n  # talscale-ignore TAL101, tal-name -- why\n\n  # note\n  b: 1\n')
    expect(pragma).toMatchObject({ line: 2, appliesTo: 5, ownLine: true, reason: 'why' })
    expect(pragma!.entries.map(entry => entry.token)).toEqual(['TAL101', 'tal-name'])
  })

  it('binds a trailing pragma to its own line, and a file pragma to the file', () => {
    expect(pragmas('a: 1 # talscale-ignore TAL101\n')[0]).toMatchObject({ appliesTo: 1, ownLine: false })
    expect(pragmas('# talscale-ignore-file TAL101 TAL102\na: 1\n')[0]).toMatchObject({ appliesTo: 'file' })
  })

  it('ignores look-alikes that are not comments', () => {
    expect(pragmas('a: "x#talscale-ignore TAL101"\nb: talscale-ignore\nc: 1 # talscale-ignored\n')).toEqual(
      [],
    )
  })

  it('gives entry offsets that point at the token in the text', () => {
    const text = 'a:\r\n  b: 1  # talscale-ignore  TAL101\r\n'
    const [pragma] = pragmas(text)
    const entry = pragma!.entries[0]!
    expect(text.slice(entry.start, entry.end)).toBe('TAL101')
    expect(text.slice(pragma!.start, pragma!.end)).toBe('# talscale-ignore  TAL101')
  })
})

describe('selectRules', () => {
  const config = emptyConfig('/')

  it('turns rules off, re-maps severities, and narrows with --rule (which wins over off)', () => {
    config.rules.set('TAL001', 'off')
    expect(selectRules(RULES, config).map(rule => rule.code)).not.toContain('TAL001')
    expect(selectRules(RULES, config, ['unused-ignore']).map(rule => rule.code)).toEqual(['TAL001'])
    config.rules.set('TAL001', 'error')
    const [rule] = selectRules(RULES, config, ['TAL001'])
    expect(rule!.severity).toBe('error')
    expect(RULES.find(known => known.code === 'TAL001')!.severity).toBe('warning')
    expect(() => selectRules(RULES, config, ['TAL000'])).toThrow('--rule "TAL000" is not a talscale rule')
  })
})

describe('applyEdits and unifiedDiff', () => {
  it('applies non-overlapping edits and returns the overlapping ones', () => {
    const edits = [
      { file: 'f', start: 4, end: 5, text: 'X' },
      { file: 'f', start: 0, end: 1, text: '' },
      { file: 'f', start: 4, end: 6, text: 'Y' },
    ]
    expect(applyEdits('abcdefg', edits)).toEqual({ text: 'bcdXfg', skipped: [edits[2]] })
  })

  it('writes a diff with context and correct hunk headers', () => {
    const before = `${Array.from({ length: 12 }, (_, i) => `line ${i + 1}`).join('\n')}\n`
    const after = before.replace('line 2\n', '').replace('line 11', 'line eleven')
    expect(unifiedDiff('f.yaml', before, after)).toBe(
      [
        '--- a/f.yaml',
        '+++ b/f.yaml',
        '@@ -1,5 +1,4 @@',
        ' line 1',
        '-line 2',
        ' line 3',
        ' line 4',
        ' line 5',
        '@@ -8,5 +7,5 @@',
        ' line 8',
        ' line 9',
        ' line 10',
        '-line 11',
        '+line eleven',
        ' line 12',
        '',
      ].join('\n'),
    )
    expect(unifiedDiff('f.yaml', before, before)).toBe('')
  })

  it('produces a diff that, applied, gives the new text (property)', () => {
    const lines = fc.array(fc.constantFrom('a', 'b', 'c', 'd', ''), { maxLength: 25 })
    fc.assert(
      fc.property(lines, lines, (a, b) => {
        const before = a.map(line => `${line}\n`).join('')
        const after = b.map(line => `${line}\n`).join('')
        expect(applyDiff(before, unifiedDiff('f', before, after))).toBe(after)
      }),
      { numRuns: RUNS },
    )
  })
})

// A minimal patch applier, enough to check the hunks: line numbers, counts, context and content.
function applyDiff(before: string, diff: string): string {
  if (diff === '') return before
  const old = before.split('\n').slice(0, -1)
  const out: string[] = []
  let cursor = 0
  const lines = diff.split('\n').slice(2, -1)
  for (let i = 0; i < lines.length; ) {
    const header = /^@@ -(\d+),(\d+) \+(\d+),(\d+) @@$/.exec(lines[i]!)
    if (!header) throw new Error(`bad hunk header ${lines[i]}`)
    const oldStart = Number(header[2]) === 0 ? Number(header[1]) : Number(header[1]) - 1
    while (cursor < oldStart) out.push(old[cursor++]!)
    i++
    let oldCount = 0
    let newCount = 0
    while (i < lines.length && !lines[i]!.startsWith('@@')) {
      const line = lines[i]!
      const text = line.slice(1)
      if (line[0] === ' ' || line[0] === '-') {
        if (old[cursor] !== text) throw new Error(`context mismatch at ${cursor}: ${old[cursor]} vs ${text}`)
        cursor++
        oldCount++
      }
      if (line[0] === ' ' || line[0] === '+') {
        out.push(text)
        newCount++
      }
      i++
    }
    expect([oldCount, newCount]).toEqual([Number(header[2]), Number(header[4])])
  }
  while (cursor < old.length) out.push(old[cursor++]!)
  return out.map(line => `${line}\n`).join('')
}

describe('fixSources', () => {
  const rule = (text: string) =>
    defineRule({
      code: 'TAL088',
      name: 'test-fix',
      topic: 'meta',
      severity: 'warning',
      scope: 'target',
      kinds: ['patch'],
      fix: 'safe',
      messages: { found: 'found' },
      fixTitle: 'Fix it',
      docs: { summary: 'Test.', why: 'Test.', invalid: '', valid: '' },
      check(context) {
        const { source } = context.target
        if (!source.text.startsWith('machine: {}')) return
        context.report({
          at: { source, range: [0, 11] },
          messageId: 'found',
          edits: [{ file: source.path, start: 0, end: 11, text }],
        })
      },
    })
  const inputs = [{ source: sourceFromText('p.yaml', 'machine: {}\n'), explicit: true }]

  it('loops until nothing changes and returns the new text', () => {
    const fixed = fixSources(inputs, { cwd: '/', known: [rule('machine:\n  type: worker')] })
    expect(fixed.changed.get('p.yaml')).toEqual({
      before: 'machine: {}\n',
      after: 'machine:\n  type: worker\n',
    })
    expect(fixed.passes).toBe(1)
    expect(fixed.result.findings).toEqual([])
  })

  it('refuses a fix whose result would not parse, and keeps the finding', () => {
    const fixed = fixSources(inputs, { cwd: '/', known: [rule('machine: [')] })
    expect(fixed.changed.size).toBe(0)
    expect(fixed.rejected).toEqual(['p.yaml'])
    expect(fixed.result.findings.map(finding => finding.code)).toEqual(['TAL088'])
  })

  it('stops after a bounded number of rounds when fixes keep producing fixes', () => {
    const fixed = fixSources(inputs, { cwd: '/', known: [rule('machine: {}\n#')] })
    expect(fixed.passes).toBe(10)
  })
})
