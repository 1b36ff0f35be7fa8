/**
 * Rule documentation generated from the rule objects: `docs/rules/README.md` (the index) and one
 * page per rule. `talscale rules` prints the same text; a test fails when the committed pages differ.
 * @module
 */
// The rule docs run every rule on its examples, intent rules included: they need the intent loader,
// which lint otherwise reaches only through src/intent/cache.ts (see there). Only `talscale rules` and
// the docs scripts import this module, so check's start-up stays free of the schema.
import '../intent/load.ts'
import { parseSource, sourceFromText } from '../core/source.ts'
import { classifyDocument } from '../talos/documents.ts'
import { lintTargets } from './engine.ts'
import { parityMarkdown } from './parity.ts'
import { RETIRED_RULES } from './retired-rules.ts'
import type { LintTarget, Rule } from './rule.ts'
import { expandTalhelper } from './talhelper.ts'
import { talosconfigTarget } from './talosconfig.ts'
import { fileTarget, schematicTarget, targetFromDocuments, targetFromSource } from './targets.ts'

/** The targets a docs example is judged as (`docs.exampleKind`, default a patch). */
export function exampleTargets(rule: Rule, text: string): LintTarget[] {
  const kind = rule.docs.exampleKind ?? 'patch'
  const source = sourceFromText('example.yaml', text)
  if (kind === 'schematic') return [schematicTarget(source, parseSource(source)[0]!)]
  if (kind === 'intent' || kind === 'file') return [fileTarget(source, kind)]
  if (kind === 'talhelper-node') return expandTalhelper(source)
  if (kind === 'talosconfig') {
    // A talosconfig, then (after ---) the control plane config it is judged against.
    const [config, ...rest] = parseSource(source)
    const targets = [talosconfigTarget(source, config!)]
    if (rest.length > 0) {
      const node = targetFromDocuments(source, rest.map(classifyDocument), { kind: 'machine-config' })
      node.role = 'controlplane'
      targets.push(node)
    }
    return targets
  }
  return [targetFromSource(source, { kind })]
}

/** What `check` reports on a rule's invalid example: `line:col message`, one per finding of the rule. */
export function exampleOutput(rule: Rule, known: readonly Rule[] = [rule]): string[] {
  return lintTargets([rule], exampleTargets(rule, rule.docs.invalid), { known })
    .findings.filter(finding => finding.code === rule.code)
    .map(
      finding =>
        `example.yaml:${finding.line}:${finding.column} ${finding.code} ${finding.severity}: ${finding.message}`,
    )
}

const KIND_LABEL: Record<string, string> = {
  'machine-config': 'machine configs',
  patch: 'patches',
  rendered: 'rendered nodes (--base/--patch)',
  'talhelper-node': 'talhelper nodes',
  schematic: 'schematics',
  intent: 'intent files',
  file: 'any file of the tree',
  talosconfig: 'talosconfig files',
}

/** `safe`, `unsafe` or `none`, as shown in tables. */
export function fixLabel(rule: Pick<Rule, 'fix'>): string {
  return rule.fix === 'none' ? 'no' : rule.fix
}

/** The index page: one table row per rule, grouped by nothing but code order. */
export function rulesIndexMarkdown(rules: readonly Rule[]): string {
  const rows = rules.map(
    rule =>
      `| [${rule.code}](${rule.code}.md) | ${rule.name} | ${rule.topic} | ${rule.severity} | ${fixLabel(rule)} | ${cell(rule.docs.summary)} |`,
  )
  return [
    '# talscale rules',
    '',
    '<!-- Generated from the rule objects by `npm run docs:rules`; do not edit. -->',
    '',
    'Every rule `talscale check` runs. Codes are stable and never reused; silence one finding with',
    '`# talscale-ignore CODE -- reason` on the line before it, or change a severity in `.talscale.yaml`',
    '(see [../check.md](../check.md)). **Fix** says whether `check --fix` applies the fix (`safe`), offers it',
    'without applying it (`unsafe`), or has none (`no`).',
    '',
    'Every error `tailscale up` and containerboot raise on their own arguments, with the rule that reports',
    'each before apply: [tailscale-up-parity.md](tailscale-up-parity.md).',
    '',
    '| Code | Name | Topic | Severity | Fix | Summary |',
    '|---|---|---|---|---|---|',
    ...rows,
    '',
    '## Retired rules',
    '',
    'Dropped rules keep their codes: no new rule will use them.',
    '',
    '| Code | Name | Why it was dropped |',
    '|---|---|---|',
    ...RETIRED_RULES.map(rule => `| ${rule.code} | ${rule.name} | ${cell(rule.reason)} |`),
    '',
  ].join('\n')
}

/** One rule's page: what it finds, why, examples, the fix, references. */
export function ruleMarkdown(rule: Rule): string {
  const lines = [
    `# ${rule.code} ${rule.name}`,
    '',
    '<!-- Generated from the rule object by `npm run docs:rules`; do not edit. -->',
    '',
    '| Topic | Default severity | Fix | Checks |',
    '|---|---|---|---|',
    `| ${rule.topic} | ${rule.severity} | ${fixLabel(rule)} | ${rule.kinds.map(kind => KIND_LABEL[kind] ?? kind).join(', ')} |`,
    '',
    '## What it does',
    '',
    rule.docs.summary,
    '',
    '## Why',
    '',
    rule.docs.why,
    '',
    '## Example',
    '',
    'Reported:',
    '',
    '```yaml',
    rule.docs.invalid.trimEnd(),
    '```',
    '',
    'What `talscale check` says about it:',
    '',
    '```',
    ...exampleOutput(rule),
    '```',
    '',
    'Not reported:',
    '',
    '```yaml',
    rule.docs.valid.trimEnd(),
    '```',
    '',
    '## Fix',
    '',
    `${rule.fixTitle}.`.replace(/\.\.$/, '.'),
    '',
  ]
  if (rule.fix === 'safe') lines.push('`talscale check --fix` applies this fix.', '')
  if (rule.fix === 'unsafe') {
    lines.push(
      '## Fix safety',
      '',
      `This fix is unsafe: ${rule.docs.fixSafety ?? 'it can change more than the defect.'} \`talscale check --fix\` does not apply it; \`talscale check --fix --unsafe-fixes\` does.`,
      '',
    )
  }
  lines.push(
    '## Messages',
    '',
    ...Object.values<string>(rule.messages).map(message => `- ${placeholders(message)}`),
    '',
  )
  if (rule.docs.references && rule.docs.references.length > 0) {
    lines.push('## References', '', ...rule.docs.references.map(ref => `- ${ref}`), '')
  }
  return lines.join('\n')
}

/** Every generated file, by path relative to `docs/rules/`. */
export function ruleDocFiles(rules: readonly Rule[]): Map<string, string> {
  const files = new Map<string, string>([
    ['README.md', rulesIndexMarkdown(rules)],
    ['tailscale-up-parity.md', parityMarkdown()],
  ])
  for (const rule of rules) files.set(`${rule.code}.md`, ruleMarkdown(rule))
  return files
}

/** The plain-text explanation `talscale rules CODE` prints. */
export function ruleText(rule: Rule): string {
  const indent = (text: string) =>
    text
      .trimEnd()
      .split('\n')
      .map(line => `    ${line}`)
      .join('\n')
  const parts = [
    `${rule.code} ${rule.name}  (topic ${rule.topic}, ${rule.severity}, fix: ${fixLabel(rule)})`,
    '',
    rule.docs.summary,
    '',
    `Why: ${rule.docs.why}`,
    '',
    `Fix: ${rule.fixTitle}`,
    '',
    'Reported:',
    indent(rule.docs.invalid),
    '',
    'as:',
    indent(exampleOutput(rule).join('\n')),
    '',
    'Not reported:',
    indent(rule.docs.valid),
  ]
  if (rule.docs.references && rule.docs.references.length > 0) {
    parts.push('', 'References:', ...rule.docs.references.map(ref => `  ${ref}`))
  }
  return `${parts.join('\n')}\n`
}

/** The plain-text table `talscale rules` prints. */
export function rulesTable(rules: readonly Rule[]): string {
  const header = ['Code', 'Name', 'Topic', 'Severity', 'Fix', 'Summary']
  const rows = rules.map(rule => [
    rule.code,
    rule.name,
    rule.topic,
    rule.severity,
    fixLabel(rule),
    rule.docs.summary,
  ])
  const widths = header
    .slice(0, -1)
    .map((title, i) => Math.max(title.length, ...rows.map(row => row[i]!.length)))
  const line = (row: string[]) =>
    row
      .map((cellText, i) => (i < widths.length ? cellText.padEnd(widths[i]!) : cellText))
      .join('  ')
      .trimEnd()
  return `${[line(header), ...rows.map(line)].join('\n')}\n`
}

/** `{{key}}` in a message template reads as `{key}` in the docs: the value shown in its place. */
export function placeholders(template: string): string {
  return template.replace(/\{\{\s*(\w+)\s*\}\}/g, '{$1}')
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ')
}
