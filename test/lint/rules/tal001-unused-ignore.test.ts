import { describe, expect, it } from 'vitest'
import { sourceFromText } from '../../../src/core/source.ts'
import { lintTargets } from '../../../src/lint/engine.ts'
import { defineRule } from '../../../src/lint/rule.ts'
import rule from '../../../src/lint/rules/tal001-unused-ignore.ts'
import { targetFromSource } from '../../../src/lint/targets.ts'
import { testRule } from '../../support/rule-tester.ts'

testRule(rule, {
  valid: [
    'machine:\n  type: worker\n',
    {
      name: 'a disabled or unrun rule is not judged',
      yaml: '# talscale-ignore unused-ignore -- meta\nmachine: {}\n',
    },
  ],
  invalid: [
    {
      name: 'a retired rule is named as retired, not unknown',
      yaml: 'machine:\n  # talscale-ignore TAL105 -- old\n  type: worker\n',
      errors: [{ messageId: 'retired', line: 2, column: 21 }],
      output: 'machine:\n  type: worker\n',
    },
    {
      name: 'unknown code on its own line',
      yaml: 'machine:\n  # talscale-ignore TAL999 -- no such rule\n  type: worker\n',
      errors: [{ messageId: 'unknown', line: 2, column: 21 }],
      output: 'machine:\n  type: worker\n',
    },
    {
      name: 'unknown name at the end of a line',
      yaml: 'machine:\n  type: worker  # talscale-ignore no-such-rule\n',
      errors: [
        {
          messageId: 'unknown',
          line: 2,
          column: 35,
          message: '"no-such-rule" in this talscale-ignore comment is not a talscale rule code or name',
        },
      ],
      output: 'machine:\n  type: worker\n',
    },
    {
      name: 'file pragma without codes',
      yaml: '# talscale-ignore-file\nmachine: {}\n',
      errors: ['empty'],
      output: 'machine: {}\n',
    },
  ],
})

// A stand-in rule that flags every `type:` value, to see suppression and "unused" against real findings.
const flagType = defineRule({
  code: 'TAL089',
  name: 'test-flag-type',
  topic: 'meta',
  severity: 'error',
  scope: 'target',
  kinds: ['patch', 'machine-config'],
  fix: 'none',
  messages: { found: 'type is {{type}}' },
  fixTitle: 'Remove the type',
  docs: { summary: 'Test.', why: 'Test.', invalid: '', valid: '' },
  check(context) {
    for (const doc of context.target.documents) {
      const node = doc.source.doc.getIn(['machine', 'type'], true)
      if (node && typeof node === 'object')
        context.report({
          at: { source: doc.source.source, node: node as never },
          messageId: 'found',
          data: { type: 'x' },
        })
    }
  },
})

function lint(text: string) {
  const target = targetFromSource(sourceFromText('p.yaml', text))
  return lintTargets([flagType, rule], [target], { known: [flagType, rule] })
}

describe('pragmas with other rules', () => {
  it('a pragma on the line before silences that finding, and is then used', () => {
    const result = lint('machine:\n  # talscale-ignore TAL089 -- known\n  type: worker\n')
    expect(result.findings).toEqual([])
    expect(result.suppressed.map(f => f.code)).toEqual(['TAL089'])
  })

  it('accepts names, commas, stacked comments and trailing pragmas', () => {
    expect(
      lint('machine:\n  # talscale-ignore test-flag-type,TAL001\n  # a note\n  type: worker\n').findings,
    ).toEqual([])
    expect(lint('machine:\n  type: worker # talscale-ignore tal089\n').findings).toEqual([])
    expect(lint('# talscale-ignore-file TAL089\nmachine:\n  type: worker\n').findings).toEqual([])
  })

  it('a pragma on the wrong line is reported as unused and the finding stays', () => {
    const result = lint('# talscale-ignore TAL089\nmachine:\n  type: worker\n')
    expect(result.findings.map(f => `${f.code}:${f.line}:${f.message}`)).toEqual([
      'TAL001:1:this talscale-ignore comment silences nothing: TAL089 reports no finding on line 2',
      'TAL089:3:type is x',
    ])
  })

  it('a pragma mentioned inside a quoted value is not a pragma', () => {
    const result = lint('machine:\n  type: "worker#talscale-ignore TAL089"\n')
    expect(result.findings.map(f => f.code)).toEqual(['TAL089'])
  })
})
