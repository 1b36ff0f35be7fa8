/**
 * Runs rules over targets and turns their reports into findings with positions, then applies the
 * suppression pragmas. Pure: no I/O.
 * @module
 */
import { TalscaleError } from '../core/errors.ts'
import { compareFindings, type Finding } from '../core/finding.ts'
import { type SourceFile, spanOf, spanOfOffsets } from '../core/source.ts'
import { applyPragmas, type Pragma, parsePragmas, ruleResolver } from './pragma.ts'
import type { LintTarget, ReportDescriptor, Rule, RuleContext } from './rule.ts'

/** Replaces `{{key}}` in a message template with `data.key`; unknown keys are left visible. */
export function interpolate(template: string, data: Record<string, string | number> = {}): string {
  return template.replace(/\{\{\s*(\w+)\s*\}\}/g, (whole, key: string) =>
    Object.hasOwn(data, key) ? String(data[key]) : whole,
  )
}

/** Options for a run. */
export interface RunOptions {
  /** Every rule talscale knows (for pragmas that name a rule not in this run). Default: `rules`. */
  known?: readonly Rule[]
  /**
   * Files whose pragmas apply besides the targets' own (patches merged into a rendered node).
   * Default: the targets' files.
   */
  sources?: Iterable<SourceFile>
}

/** What a run found, and what pragmas silenced. */
export interface RunResult {
  findings: Finding[]
  suppressed: Finding[]
}

/** Runs every rule on the targets it applies to and returns the findings in output order. */
export function runRules(
  rules: readonly Rule[],
  targets: readonly LintTarget[],
  options: RunOptions = {},
): Finding[] {
  return lintTargets(rules, targets, options).findings
}

/**
 * The whole pass: ordinary rules, then meta rules that judge their findings (unused pragmas), then
 * suppression by pragmas.
 */
export function lintTargets(
  rules: readonly Rule[],
  targets: readonly LintTarget[],
  options: RunOptions = {},
): RunResult {
  const known = options.known ?? rules
  const ordinary = rules.filter(rule => !rule.judgesFindings)
  const meta = rules.filter(rule => rule.judgesFindings)
  const raw = dedupe(runSome(ordinary, targets, {}))
  const metaFindings =
    meta.length > 0 ? runSome(meta, targets, { findings: raw, rules, knownRules: known }) : []
  const pragmas = new Map<string, Pragma[]>()
  const files = new Map(sourcesOf(targets).map(source => [source.path, source]))
  for (const source of options.sources ?? []) if (!files.has(source.path)) files.set(source.path, source)
  for (const source of files.values()) {
    const list = parsePragmas(source)
    if (list.length > 0) pragmas.set(source.path, list)
  }
  const all = dedupe([...raw, ...metaFindings])
  if (pragmas.size === 0) return { findings: all.sort(compareFindings), suppressed: [] }
  const { kept, suppressed } = applyPragmas(all, pragmas, ruleResolver(known))
  return { findings: kept.sort(compareFindings), suppressed: suppressed.sort(compareFindings) }
}

/** Every distinct source file the targets are made of (the target file and the files of its documents). */
export function sourcesOf(targets: readonly LintTarget[]): SourceFile[] {
  const seen = new Map<string, SourceFile>()
  for (const target of targets) {
    if (!seen.has(target.source.path)) seen.set(target.source.path, target.source)
    for (const doc of target.documents) {
      const source = doc.source.source
      if (!seen.has(source.path)) seen.set(source.path, source)
    }
    if (target.schematic && !seen.has(target.schematic.source.path))
      seen.set(target.schematic.source.path, target.schematic.source)
  }
  return [...seen.values()]
}

type Extra = Pick<RuleContext<string>, 'findings' | 'rules' | 'knownRules'>

function runSome(rules: readonly Rule[], targets: readonly LintTarget[], extra: Extra): Finding[] {
  const findings: Finding[] = []
  for (const rule of rules) {
    const report = (descriptor: ReportDescriptor<string>) => findings.push(toFinding(rule, descriptor))
    const kinds = rule.kinds
    if (rule.scope === 'project') {
      const relevant = targets.filter(target => kinds.includes(target.kind))
      if (relevant.length > 0) run(rule, { target: relevant[0]!, targets: relevant, report, ...extra })
      continue
    }
    // One context per rule, retargeted per call: checks are synchronous and do not keep it, and the
    // engine runs rules x targets times, so this loop is the hottest code talscale owns.
    const context: RuleContext<string> = { target: targets[0]!, targets, report, ...extra }
    for (const target of targets) {
      if (!kinds.includes(target.kind)) continue
      context.target = target
      run(rule, context)
    }
  }
  return findings
}

// Input errors (an alias bomb met while converting) keep their exit code; anything else is a bug in
// the rule, and the message says which rule and which input so it can be reported.
function run(rule: Rule, context: RuleContext<string>): void {
  try {
    rule.check(context)
  } catch (error) {
    if (error instanceof TalscaleError) throw error
    const message = error instanceof Error ? error.message : String(error)
    throw new Error(`rule ${rule.code} ${rule.name} failed on ${context.target.label}: ${message}`, {
      cause: error,
    })
  }
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
