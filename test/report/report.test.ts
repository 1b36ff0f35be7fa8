import { describe, expect, it } from 'vitest'
import type { Finding } from '../../src/core/finding.ts'
import {
  buildSarif,
  colorEnabled,
  escapeData,
  escapeProperty,
  formatCompact,
  formatGithub,
  formatJson,
  formatText,
} from '../../src/report/index.ts'
import { flagFinding, keyFinding, rules } from '../support/report-fixtures.ts'

const SOURCE = [
  'machine:',
  '  type: controlplane',
  '---',
  'apiVersion: v1alpha1',
  'kind: ExtensionServiceConfig',
  'name: tailscale',
  'environment:',
  '  - TS_AUTHKEY=tskey-auth-fake',
  '  - TS_EXTRA_ARGS=--port=41641 --advertise-tags=tag:k8s',
  '',
].join('\n')

describe('text format', () => {
  it('prints location, code frame, fix and help lines, and a summary', () => {
    const text = formatText([keyFinding, flagFinding], {
      sources: new Map([['cluster/controlplane.yaml', SOURCE]]),
      help: new Map([['TAL401', 'Load the key from a secret store instead']]),
      fixCommand: 'talscale check --fix',
    })
    expect(text).toBe(
      [
        'cluster/controlplane.yaml:8:16 TAL401 warning: a literal auth key "tskey-auth-…" is committed in this file',
        '  |',
        // The key in the source line is masked, its shape kept so the underline still fits.
        '8 |   - TS_AUTHKEY=tskey-auth-0000',
        '  |                ^^^^^^^^^^^^^^^',
        '  = help: Load the key from a secret store instead',
        '',
        'cluster/controlplane.yaml:9:19 TAL310 error: "--port" is a tailscaled flag; in TS_EXTRA_ARGS it makes "tailscale up" exit 2',
        '  |',
        '9 |   - TS_EXTRA_ARGS=--port=41641 --advertise-tags=tag:k8s',
        '  |                   ^^^^^^^^^^^^^',
        '  = fix: Move the flag to TS_TAILSCALED_EXTRA_ARGS',
        '',
        'Found 2 problems: 1 error, 1 warning, 0 info. 1 can be fixed with `talscale check --fix`.',
        '',
      ].join('\n'),
    )
  })

  it('says so when there is nothing to report', () => {
    expect(formatText([])).toBe('No problems found.\n')
  })

  it('trims long lines to the width and keeps the underline under the span', () => {
    const long = `  - TS_EXTRA_ARGS=${'--advertise-tags=tag:a,tag:b '.repeat(6)}--port=1`
    const column = long.indexOf('--port') + 1
    const finding: Finding = { ...flagFinding, line: 1, column, endLine: 1, endColumn: column + 8 }
    const text = formatText([finding], { sources: new Map([[finding.file, long]]), summary: false })
    const frame = text.split('\n')
    const sourceLine = frame[2]!
    const caretLine = frame[3]!
    expect(sourceLine.length).toBeLessThanOrEqual(80)
    expect(sourceLine).toContain('…')
    const caretAt = caretLine.indexOf('^')
    expect(sourceLine.slice(caretAt, caretAt + 8)).toBe('--port=1')
    expect(caretLine.trimEnd().endsWith('^^^^^^^^')).toBe(true)
  })

  it('draws one caret for an empty span past the end of the line, and no frame without the source', () => {
    const finding: Finding = { ...keyFinding, line: 2, column: 40, endLine: 2, endColumn: 40 }
    const text = formatText([finding], { sources: new Map([[finding.file, SOURCE]]), summary: false })
    expect(text.split('\n')[3]).toBe(`  | ${' '.repeat('  type: controlplane'.length)}^`)
    expect(formatText([finding], { summary: false })).toBe(
      'cluster/controlplane.yaml:2:40 TAL401 warning: a literal auth key "tskey-auth-…" is committed in this file\n\n',
    )
  })

  it('never passes control characters from the checked files to the terminal', () => {
    const finding: Finding = {
      ...keyFinding,
      line: 1,
      column: 7,
      endLine: 1,
      endColumn: 10,
      message: 'value "\u001b[2J" here',
    }
    const text = formatText([finding], {
      sources: new Map([[finding.file, 'value:\u001b[2J\u0007x']]),
      summary: false,
    })
    expect(text).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/)
    expect(text).toContain('value "\\x1b[2J" here')
    expect(text).toContain('1 | value:\ufffd[2J\ufffdx')
    expect(formatCompact([finding])).toContain('value "\\x1b[2J" here')
  })

  it('colours only when asked', () => {
    const plain = formatText([flagFinding])
    const coloured = formatText([flagFinding], { color: true })
    expect(plain).not.toContain('\u001b[')
    expect(coloured).toContain('\u001b[31m')
    expect(coloured.replace(/\u001b\[\d+m/g, '')).toBe(plain)
  })

  it('decides colour from NO_COLOR, FORCE_COLOR and the terminal', () => {
    expect(colorEnabled({}, true)).toBe(true)
    expect(colorEnabled({}, false)).toBe(false)
    expect(colorEnabled({ NO_COLOR: '1' }, true)).toBe(false)
    expect(colorEnabled({ NO_COLOR: '' }, true)).toBe(true)
    expect(colorEnabled({ FORCE_COLOR: '1' }, false)).toBe(true)
    expect(colorEnabled({ FORCE_COLOR: '0' }, true)).toBe(false)
    expect(colorEnabled({ FORCE_COLOR: '1', NO_COLOR: '1' }, true)).toBe(false)
  })
})

describe('compact format', () => {
  it('prints one line per finding and nothing else', () => {
    expect(formatCompact([keyFinding, { ...flagFinding, message: 'two\nlines' }])).toBe(
      'cluster/controlplane.yaml:8:16 TAL401 warning: a literal auth key "tskey-auth-…" is committed in this file\n' +
        'cluster/controlplane.yaml:9:19 TAL310 error: two lines\n',
    )
    expect(formatCompact([])).toBe('')
  })
})

describe('json format', () => {
  it('has exactly the documented keys in the documented order', () => {
    const parsed = JSON.parse(formatJson([keyFinding, flagFinding]))
    expect(Object.keys(parsed)).toEqual(['findings', 'summary'])
    for (const finding of parsed.findings) {
      expect(Object.keys(finding)).toEqual([
        'code',
        'name',
        'topic',
        'severity',
        'message',
        'file',
        'line',
        'column',
        'endLine',
        'endColumn',
        'fix',
      ])
    }
    expect(parsed.findings[0].fix).toBeNull()
    expect(parsed.findings[1].fix).toBe('Move the flag to TS_TAILSCALED_EXTRA_ARGS')
    expect(parsed.summary).toEqual({ error: 1, warning: 1, info: 0 })
    expect(JSON.stringify(parsed)).not.toContain('edits')
  })

  it('is stable byte for byte', () => {
    expect(formatJson([keyFinding])).toBe(formatJson([{ ...keyFinding }]))
    expect(formatJson([])).toBe(
      '{\n  "findings": [],\n  "summary": {\n    "error": 0,\n    "warning": 0,\n    "info": 0\n  }\n}\n',
    )
  })
})

// Validity against the SARIF 2.1.0 schema: test/conformance/report-sarif.test.ts.
describe('sarif format', () => {
  it('reports unreadable inputs as notifications of a failed invocation', () => {
    const log = buildSarif([keyFinding], rules, {
      root: '/repo',
      notifications: [
        { message: 'invalid YAML: bad indentation.', file: 'bad.yaml', line: 3, column: 2 },
        { message: 'no file' },
      ],
    })
    const invocation = log.runs[0]!.invocations![0]!
    expect(invocation.executionSuccessful).toBe(false)
    expect(invocation.toolExecutionNotifications![0]).toEqual({
      level: 'error',
      message: { text: 'invalid YAML: bad indentation.' },
      locations: [
        {
          physicalLocation: {
            artifactLocation: { uri: 'bad.yaml', uriBaseId: '%SRCROOT%' },
            region: { startLine: 3, startColumn: 2 },
          },
        },
      ],
    })
    expect(buildSarif([], rules).runs[0]!.invocations).toBeUndefined()
  })

  it('lists rules with help text and tags, and maps results to them', () => {
    const log = buildSarif([keyFinding, { ...flagFinding, severity: 'info' }], rules, { root: '/repo' })
    const run = log.runs[0]!
    const driverRules = run.tool.driver.rules!
    expect(driverRules.map(rule => rule.id)).toEqual(['TAL310', 'TAL401'])
    expect(driverRules[0]!.help!.text).toContain('Move the flag to TS_TAILSCALED_EXTRA_ARGS')
    expect(driverRules[0]!.help!.markdown).toContain('```yaml')
    expect(driverRules[0]!.properties!.tags).toEqual(['flags'])
    expect(driverRules[0]!.defaultConfiguration!.level).toBe('error')
    const [first, second] = run.results!
    expect(first!.ruleIndex).toBe(1)
    expect(second!.level).toBe('note')
    expect(first!.locations![0]!.physicalLocation!.artifactLocation).toEqual({
      uri: 'cluster/controlplane.yaml',
      uriBaseId: '%SRCROOT%',
    })
    expect(first!.locations![0]!.physicalLocation!.region).toEqual({
      startLine: 8,
      startColumn: 16,
      endLine: 8,
      endColumn: 31,
    })
  })

  it('makes absolute paths relative to the root and encodes them', () => {
    const log = buildSarif([{ ...keyFinding, file: '/repo/my nodes/cp#1.yaml' }], [], { root: '/repo' })
    expect(log.runs[0]!.results![0]!.locations![0]!.physicalLocation!.artifactLocation!.uri).toBe(
      'my%20nodes/cp%231.yaml',
    )
    expect(log.runs[0]!.tool.driver.rules![0]!.id).toBe('TAL401')
  })
})

describe('github format', () => {
  it('writes one workflow command per finding, by severity', () => {
    const out = formatGithub([keyFinding, flagFinding, { ...keyFinding, severity: 'info' }])
    expect(out.split('\n')[0]).toBe(
      '::warning file=cluster/controlplane.yaml,line=8,col=16,endLine=8,endColumn=31,title=TAL401 literal-auth-key::a literal auth key "tskey-auth-…" is committed in this file',
    )
    expect(out.split('\n')[1]!.startsWith('::error ')).toBe(true)
    expect(out.split('\n')[2]!.startsWith('::notice ')).toBe(true)
  })

  it('escapes %, CR, LF in data and also : and , in properties', () => {
    expect(escapeData('100% a\r\nb: c, d')).toBe('100%25 a%0D%0Ab: c, d')
    expect(escapeProperty('a:b,c%\n')).toBe('a%3Ab%2Cc%25%0A')
    const out = formatGithub([{ ...keyFinding, file: 'dir,x/a:b.yaml', message: 'line1\nline2 100%' }])
    expect(out).toBe(
      '::warning file=dir%2Cx/a%3Ab.yaml,line=8,col=16,endLine=8,endColumn=31,title=TAL401 literal-auth-key::line1%0Aline2 100%25\n',
    )
  })
})
