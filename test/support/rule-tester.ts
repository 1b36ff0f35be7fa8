/**
 * The shared rule tester: each rule's test file gives tables of valid and invalid YAML, and this
 * turns them into vitest cases with the discipline ESLint's RuleTester keeps (no duplicate cases,
 * exact error lists, fixes checked against an expected output).
 */
import { describe, expect, it } from 'vitest'
// Intent rules read intent files through the loader that src/intent/load.ts provides when imported
// (lint itself never imports it, to keep zod out of small checks); without this line a rule test file
// passed only when another test file in the same worker had imported it first.
import '../../src/intent/load.ts'
import type { Finding } from '../../src/core/finding.ts'
import { sourceFromText } from '../../src/core/source.ts'
import { runRules } from '../../src/lint/engine.ts'
import { applyEdits } from '../../src/lint/fix.ts'
import type { LintTarget, Rule, TargetHints, TargetKind } from '../../src/lint/rule.ts'
import { targetFromSource } from '../../src/lint/targets.ts'
import { parseTalosVersion } from '../../src/talos/version.ts'

/** Options shared by valid and invalid cases. */
export interface CaseOptions {
  /** Force the target kind (default: detected; a bare document is a patch). */
  kind?: TargetKind
  /** Judge as a whole node (default: machine configs are whole, patches are not). */
  complete?: boolean
  /** `v1.13` etc. Default: the newest supported. */
  talosVersion?: string
  hints?: TargetHints
  /** A short note shown in the test name. */
  name?: string
}

/** A case made of one YAML text, or of several files for project-scoped rules. */
export type ValidCase =
  | string
  | (CaseOptions & { yaml: string })
  | (CaseOptions & { files: Record<string, string> })

export interface ExpectedError {
  messageId: string
  line?: number
  column?: number
  /** The exact message after interpolation, when the case wants to pin it. */
  message?: string
}

export type InvalidCase = Exclude<ValidCase, string> & {
  errors: Array<ExpectedError | string>
  /** Expected text of the (single) file after applying the findings' fixes. Required for fixable rules. */
  output?: string
}

/**
 * Builds targets the way `check` would for inline cases. `build` lets topics with their own loaders
 * (schematics, intent files, talhelper) plug in; the default reads Talos configs and patches.
 */
export type TargetBuilder = (
  path: string,
  text: string,
  options: CaseOptions,
  /** Every file of the case, so builders can resolve references between them (talhelper patches). */
  files: Readonly<Record<string, string>>,
) => LintTarget[]

const defaultBuilder: TargetBuilder = (path, text, options) => {
  const target = targetFromSource(sourceFromText(path, text), {
    ...(options.kind ? { kind: options.kind } : {}),
    ...(options.complete === undefined ? {} : { complete: options.complete }),
    ...(options.talosVersion ? { talosVersion: parseTalosVersion(options.talosVersion) } : {}),
    ...(options.hints ? { hints: options.hints } : {}),
  })
  return [target]
}

function filesOf(testCase: Exclude<ValidCase, string>): Record<string, string> {
  return 'files' in testCase ? testCase.files : { 'case.yaml': testCase.yaml }
}

function lintCase(
  rule: Rule,
  testCase: ValidCase,
  build: TargetBuilder,
): { findings: Finding[]; files: Record<string, string> } {
  const normalized = typeof testCase === 'string' ? { yaml: testCase } : testCase
  const files = filesOf(normalized)
  const targets = Object.entries(files).flatMap(([path, text]) => build(path, text, normalized, files))
  return { findings: runRules([rule], targets), files }
}

function caseTitle(testCase: ValidCase, index: number): string {
  const options: CaseOptions = typeof testCase === 'string' ? {} : testCase
  const text =
    typeof testCase === 'string'
      ? testCase
      : 'yaml' in testCase
        ? testCase.yaml
        : Object.keys(testCase.files).join(', ')
  const flat = text.replace(/\s+/g, ' ').trim()
  return `#${index + 1}${options.name ? ` ${options.name}` : ''}: ${flat.length > 70 ? `${flat.slice(0, 67)}...` : flat}`
}

/** Registers the valid and invalid cases of one rule as vitest tests. */
export function testRule(
  rule: Rule,
  cases: { valid: ValidCase[]; invalid: InvalidCase[] },
  build: TargetBuilder = defaultBuilder,
): void {
  describe(`${rule.code} ${rule.name}`, () => {
    it('has no duplicate cases and at least one of each', () => {
      expect(cases.valid.length, 'valid cases').toBeGreaterThan(0)
      expect(cases.invalid.length, 'invalid cases').toBeGreaterThan(0)
      const keys = [...cases.valid, ...cases.invalid].map(c => JSON.stringify(c))
      expect(new Set(keys).size, 'duplicate test case').toBe(keys.length)
    })

    cases.valid.forEach((testCase, index) => {
      it(`valid ${caseTitle(testCase, index)}`, () => {
        if (typeof testCase !== 'string')
          expect(testCase, 'valid cases have no output').not.toHaveProperty('output')
        const { findings } = lintCase(rule, testCase, build)
        expect(findings.map(f => `${f.line}:${f.column} ${f.message}`)).toEqual([])
      })
    })

    cases.invalid.forEach((testCase, index) => {
      it(`invalid ${caseTitle(testCase, index)}`, () => {
        const { findings, files } = lintCase(rule, testCase, build)
        expect(findings.length, findings.map(f => `${f.line}:${f.column} ${f.message}`).join('\n')).toBe(
          testCase.errors.length,
        )
        testCase.errors.forEach((expected, i) => {
          const want = typeof expected === 'string' ? { messageId: expected } : expected
          const finding = findings[i]!
          const template = rule.messages[want.messageId as keyof typeof rule.messages]
          expect(template, `messageId "${want.messageId}" exists`).toBeDefined()
          expect(
            messageMatches(template!, finding.message),
            `finding ${i + 1} "${finding.message}" comes from "${want.messageId}"`,
          ).toBe(true)
          if (want.line !== undefined) expect(finding.line, `finding ${i + 1} line`).toBe(want.line)
          if (want.column !== undefined) expect(finding.column, `finding ${i + 1} column`).toBe(want.column)
          if (want.message !== undefined) expect(finding.message).toBe(want.message)
          expect(finding.line).toBeGreaterThan(0)
          expect(finding.column).toBeGreaterThan(0)
        })
        const fixable = findings.filter(f => f.fix)
        if (testCase.output !== undefined) {
          const paths = Object.keys(files)
          expect(paths.length, 'output is checked on single-file cases').toBe(1)
          const edits = fixable.flatMap(f => f.fix!.edits)
          expect(applyEdits(files[paths[0]!]!, edits).text).toBe(testCase.output)
        } else if (rule.fix !== 'none') {
          expect(fixable, 'a fixable rule that offers a fix needs `output` in the case').toEqual([])
        }
      })
    })
  })
}

/** True when `message` could have been produced from `template` (placeholders match anything). */
function messageMatches(template: string, message: string): boolean {
  const parts = template.split(/\{\{\s*\w+\s*\}\}/)
  const pattern = parts.map(part => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('[\\s\\S]*')
  return new RegExp(`^${pattern}$`).test(message)
}
