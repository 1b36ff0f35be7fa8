import type { Finding, TextEdit } from '../../core/finding.ts'
import type { SourceFile } from '../../core/source.ts'
import { sourcesOf } from '../engine.ts'
import { type Pragma, parsePragmas, ruleResolver, suppresses } from '../pragma.ts'
import { RETIRED_RULES, type RetiredRule } from '../retired-rules.ts'
import { defineRule, type LintTarget, YAML_INPUT_KINDS } from '../rule.ts'

export default defineRule({
  code: 'TAL001',
  name: 'unused-ignore',
  topic: 'meta',
  severity: 'warning',
  scope: 'project',
  kinds: YAML_INPUT_KINDS,
  judgesFindings: true,
  fix: 'safe',
  messages: {
    unknown: '"{{token}}" in this talscale-ignore comment is not a talscale rule code or name',
    unused: 'this talscale-ignore comment silences nothing: {{code}} reports no finding on {{where}}',
    empty: 'this talscale-ignore comment names no rule, so it silences nothing',
    retired:
      '"{{token}}" in this talscale-ignore comment names a retired rule, which never reports anything now: {{reason}}',
  },
  fixTitle: 'Remove the unused talscale-ignore comment',
  docs: {
    summary: 'A `# talscale-ignore` comment names an unknown rule, or silences nothing.',
    why: 'An ignore comment that no longer matches a finding hides the next real problem on that line, and a misspelled code silences nothing while looking as if it did.',
    invalid: ['machine:', '  # talscale-ignore TAL999 -- not a rule', '  type: controlplane', ''].join('\n'),
    valid: ['machine:', '  type: controlplane', ''].join('\n'),
  },
  // The files a target is made of (a talhelper node's patches among them), taken before its
  // documents are dropped.
  collect: ({ target }) => sourcesOf([target]),
  check(context) {
    const known = context.knownRules ?? context.rules ?? []
    const active = new Set((context.rules ?? known).map(rule => rule.code))
    const resolve = ruleResolver(known)
    // Indexed by file, so a repository with many pragmas and findings stays linear.
    const findingsByFile = new Map<string, Finding[]>()
    for (const finding of context.findings ?? []) {
      const list = findingsByFile.get(finding.file)
      if (list) list.push(finding)
      else findingsByFile.set(finding.file, [finding])
    }
    const metaCodes = new Set(known.filter(rule => rule.judgesFindings).map(rule => rule.code))
    const sources = context.facts ? collected(context.targets, context.facts) : sourcesOf(context.targets)
    for (const source of sources) {
      for (const pragma of parsePragmas(source)) {
        const where = pragma.appliesTo === 'file' ? 'this file' : `line ${pragma.appliesTo}`
        const edits = [removal(source.path, source.text, pragma)]
        if (pragma.entries.length === 0) {
          context.report({ at: { source, range: [pragma.start, pragma.end] }, messageId: 'empty', edits })
          continue
        }
        const problems: Array<() => void> = []
        for (const entry of pragma.entries) {
          const code = resolve(entry.token)
          const at = { source, range: [entry.start, entry.end] as [number, number] }
          const retired = code === undefined ? retiredRule(entry.token) : undefined
          if (retired) {
            problems.push(() =>
              context.report({
                at,
                messageId: 'retired',
                data: { token: entry.token, reason: retired.reason },
                edits: only(),
              }),
            )
            continue
          }
          if (code === undefined) {
            problems.push(() =>
              context.report({ at, messageId: 'unknown', data: { token: entry.token }, edits: only() }),
            )
            continue
          }
          // A rule that did not run (--rule, or off in the config) cannot tell whether it would fire;
          // meta rules' own findings are made after this one looks.
          if (!active.has(code) || metaCodes.has(code)) continue
          const inFile = findingsByFile.get(source.path) ?? []
          if (!inFile.some(finding => suppresses(pragma, entry, finding, resolve))) {
            problems.push(() =>
              context.report({ at, messageId: 'unused', data: { code, where }, edits: only() }),
            )
          }
        }
        // The whole comment may only be removed when every entry in it is a problem.
        const removable = problems.length === pragma.entries.length
        const only = () => (removable ? edits : [])
        for (const problem of problems) problem()
      }
    }
  },
})

// The collected files in target order, the first of one path kept, as `sourcesOf` gives them.
function collected(
  targets: readonly LintTarget[],
  facts: ReadonlyMap<LintTarget, readonly SourceFile[]>,
): SourceFile[] {
  const seen = new Map<string, SourceFile>()
  for (const target of targets)
    for (const source of facts.get(target) ?? []) if (!seen.has(source.path)) seen.set(source.path, source)
  return [...seen.values()]
}

// Removing the comment: its whole line when it stands alone, else the comment and the spaces before it.
function removal(file: string, text: string, pragma: Pragma): TextEdit {
  if (pragma.ownLine) {
    const lineStart = text.lastIndexOf('\n', pragma.start - 1) + 1
    const lineEnd = text.indexOf('\n', pragma.end)
    return { file, start: lineStart, end: lineEnd === -1 ? text.length : lineEnd + 1, text: '' }
  }
  let start = pragma.start
  while (start > 0 && (text[start - 1] === ' ' || text[start - 1] === '\t')) start--
  return { file, start, end: pragma.end, text: '' }
}

function retiredRule(token: string): RetiredRule | undefined {
  return RETIRED_RULES.find(rule => rule.code === token.toUpperCase() || rule.name === token)
}
