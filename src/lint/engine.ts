/**
 * Runs rules over targets and turns their reports into findings with positions. Pure: no I/O.
 * @module
 */
import { compareFindings, type Finding } from '../core/finding.ts'
import { spanOf, spanOfOffsets } from '../core/source.ts'
import type { LintTarget, ReportDescriptor, Rule } from './rule.ts'

/** Replaces `{{key}}` in a message template with `data.key`; unknown keys are left visible. */
export function interpolate(template: string, data: Record<string, string | number> = {}): string {
  return template.replace(/\{\{\s*(\w+)\s*\}\}/g, (whole, key: string) =>
    Object.hasOwn(data, key) ? String(data[key]) : whole,
  )
}

/** Runs every rule on the targets it applies to and returns the findings in output order. */
export function runRules(rules: readonly Rule[], targets: readonly LintTarget[]): Finding[] {
  const findings: Finding[] = []
  for (const rule of rules) {
    const report = (descriptor: ReportDescriptor<string>) => findings.push(toFinding(rule, descriptor))
    if (rule.scope === 'project') {
      const relevant = targets.filter(target => rule.kinds.includes(target.kind))
      if (relevant.length > 0) rule.check({ target: relevant[0]!, targets: relevant, report })
      continue
    }
    for (const target of targets) {
      if (rule.kinds.includes(target.kind)) rule.check({ target, targets, report })
    }
  }
  return dedupe(findings).sort(compareFindings)
}

function toFinding(rule: Rule, descriptor: ReportDescriptor<string>): Finding {
  const template = rule.messages[descriptor.messageId]
  if (template === undefined)
    throw new Error(`${rule.code} reported unknown messageId "${descriptor.messageId}"`)
  const { source, node, range } = descriptor.at
  const offsets: [number, number] | undefined = node?.range
    ? [node.range[0], node.range[1]]
    : range
      ? [range[0], range[1]]
      : undefined
  const span = offsets ? spanOfOffsets(source, offsets[0], offsets[1]) : spanOf(source, undefined)
  const finding: Finding = {
    code: rule.code,
    name: rule.name,
    topic: rule.topic,
    severity: rule.severity,
    message: interpolate(template, descriptor.data),
    file: source.path,
    ...span,
  }
  if (offsets) finding.offset = offsets
  if (descriptor.edits && descriptor.edits.length > 0 && rule.fix !== 'none') {
    finding.fix = { title: rule.fixTitle, safety: rule.fix, edits: descriptor.edits }
  }
  return finding
}

// One defect reached through two targets (a patch shared by several talhelper nodes) is one finding.
function dedupe(findings: Finding[]): Finding[] {
  const seen = new Set<string>()
  return findings.filter(finding => {
    const key = `${finding.file}\0${finding.line}\0${finding.column}\0${finding.code}\0${finding.message}`
    if (seen.has(key)) return false
    seen.add(key)
    return true
  })
}
