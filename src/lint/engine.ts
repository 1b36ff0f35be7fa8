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
  const pass = startPass(rules, options)
  for (const target of targets) pass.judge(target, targets)
  return pass.finish(targets)
}

/**
 * A lint pass fed one target at a time, so that a caller can drop a target's documents once it is
 * judged (`lintSources` does, which keeps a run over thousands of files small). Findings are the
 * same, in the same order, as `lintTargets` over the same targets.
 */
export interface TargetPass {
  /**
   * Runs the target-scoped rules on `target` and lets project rules collect their facts from it.
   * `targets` is what the rules see as `context.targets`. Call once per target, in target order.
   */
  judge(target: LintTarget, targets: readonly LintTarget[]): void
  /** Project rules, meta rules and pragmas over every target (the judged ones, in the same order). */
  finish(targets: readonly LintTarget[]): RunResult
}

/** Starts a pass: see `TargetPass`. */
export function startPass(rules: readonly Rule[], options: RunOptions = {}): TargetPass {
  const known = options.known ?? rules
  const ordinary = rules.filter(rule => !rule.judgesFindings)
  const meta = rules.filter(rule => rule.judgesFindings)
  const perTarget = ordinary.filter(rule => rule.scope !== 'project')
  const collecting = rules.filter(rule => rule.scope === 'project' && rule.collect)
  const facts = new Map<Rule, Map<LintTarget, unknown>>(collecting.map(rule => [rule, new Map()]))
  // Findings keep the rule and target they came from: `finish` orders them rule by rule, target by
  // target, as a pass over all targets at once would, so dedupe keeps the same one of two equals.
  const raw: Array<{ rule: number; target: LintTarget | undefined; finding: Finding }> = []
  const ruleIndex = new Map(ordinary.map((rule, index) => [rule, index]))
  // Every file of the judged targets, for pragmas, taken while their documents are at hand.
  const files = new Map<string, SourceFile>()
  // One context per rule, retargeted per call: checks are synchronous and do not keep it, and the
  // engine runs rules x targets times, so this loop is the hottest code talscale owns.
  const contexts = perTarget.map(rule => {
    const rank = ruleIndex.get(rule)!
    const context: RuleContext<string> = {
      target: undefined as unknown as LintTarget,
      targets: [],
      report: descriptor =>
        raw.push({ rule: rank, target: context.target, finding: toFinding(rule, descriptor) }),
    }
    return { rule, kinds: rule.kinds, context }
  })
  const collectContext: RuleContext<string> = {
    target: undefined as unknown as LintTarget,
    targets: [],
    report: () => {
      throw new Error('a rule reported from collect; report from check')
    },
  }
  const collect = (rule: Rule, target: LintTarget, targets: readonly LintTarget[]): unknown => {
    collectContext.target = target
    collectContext.targets = targets
    return run(rule, collectContext, rule.collect!)
  }
  return {
    judge(target, targets) {
      for (const { rule, kinds, context } of contexts) {
        if (!kinds.includes(target.kind)) continue
        context.target = target
        context.targets = targets
        run(rule, context)
      }
      for (const rule of collecting) {
        if (rule.kinds.includes(target.kind)) facts.get(rule)!.set(target, collect(rule, target, targets))
      }
      for (const source of sourcesOf([target])) if (!files.has(source.path)) files.set(source.path, source)
    },
    finish(targets) {
      const project = (list: readonly Rule[], extra: Extra, sink: (rule: Rule, finding: Finding) => void) => {
        for (const rule of list) {
          const report = (descriptor: ReportDescriptor<string>) => sink(rule, toFinding(rule, descriptor))
          if (rule.scope !== 'project') {
            // Only a target-scoped meta rule gets here: it needs every finding, so it runs last
            // (after `lintSources` dropped whole nodes' documents).
            for (const target of targets)
              if (rule.kinds.includes(target.kind)) run(rule, { target, targets, report, ...extra })
            continue
          }
          const relevant = targets.filter(target => rule.kinds.includes(target.kind))
          if (relevant.length === 0) continue
          const context: RuleContext<string> = { target: relevant[0]!, targets: relevant, report, ...extra }
          const collected = facts.get(rule)
          if (collected) {
            // A target the pass was not shown is collected now, while its documents are still there.
            context.facts = new Map(
              relevant.map(target => [
                target,
                collected.has(target) ? collected.get(target) : collect(rule, target, targets),
              ]),
            )
          }
          run(rule, context)
        }
      }
      const projectRules = ordinary.filter(rule => rule.scope === 'project')
      project(projectRules, {}, (rule, finding) =>
        raw.push({ rule: ruleIndex.get(rule)!, target: undefined, finding }),
      )
      const position = new Map(targets.map((target, index) => [target, index]))
      const at = (target: LintTarget | undefined) => (target ? (position.get(target) ?? 0) : 0)
      const ordered = dedupe(
        raw.sort((a, b) => a.rule - b.rule || at(a.target) - at(b.target)).map(item => item.finding),
      )
      const metaFindings: Finding[] = []
      if (meta.length > 0)
        project(meta, { findings: ordered, rules, knownRules: known }, (_rule, finding) =>
          metaFindings.push(finding),
        )
      for (const source of sourcesOf(targets)) if (!files.has(source.path)) files.set(source.path, source)
      for (const source of options.sources ?? []) if (!files.has(source.path)) files.set(source.path, source)
      const pragmas = new Map<string, Pragma[]>()
      for (const source of files.values()) {
        const list = parsePragmas(source)
        if (list.length > 0) pragmas.set(source.path, list)
      }
      const all = dedupe([...ordered, ...metaFindings])
      if (pragmas.size === 0) return { findings: all.sort(compareFindings), suppressed: [] }
      const { kept, suppressed } = applyPragmas(all, pragmas, ruleResolver(known))
      return { findings: kept.sort(compareFindings), suppressed: suppressed.sort(compareFindings) }
    },
  }
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

// Input errors (an alias bomb met while converting) keep their exit code; anything else is a bug in
// the rule, and the message says which rule and which input so it can be reported.
function run(
  rule: Rule,
  context: RuleContext<string>,
  step: (context: RuleContext<string>) => unknown = rule.check,
): unknown {
  try {
    return step.call(rule, context)
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
  if (descriptor.related && descriptor.related.length > 0) {
    finding.related = descriptor.related.map(({ at, message }) => {
      const where = at.node?.range
        ? ([at.node.range[0], at.node.range[1]] as [number, number])
        : at.range
          ? ([at.range[0], at.range[1]] as [number, number])
          : undefined
      const place = where ? spanOfOffsets(at.source, where[0], where[1]) : spanOf(at.source, undefined)
      return { file: at.source.path, ...place, message, ...(where ? { offset: where } : {}) }
    })
  }
  if (descriptor.edits && descriptor.edits.length > 0 && rule.fix !== 'none') {
    finding.fix = { title: rule.fixTitle, safety: rule.fix, edits: descriptor.edits }
  }
  return finding
}

/**
 * Rules that report the same defect at the same place through two kinds of target: the finding of the
 * key's rule is dropped when the value's rule has one there. A literal key in a patch that a
 * talconfig.yaml pulls in is read both as Talos input (TAL300) and as committed text (TAL307, error).
 */
const SUPERSEDED_BY: Readonly<Record<string, string>> = { TAL300: 'TAL307' }

// One defect reached through two targets (a patch shared by several talhelper nodes) is one finding.
function dedupe(findings: Finding[]): Finding[] {
  const seen = new Set<string>()
  const place = (finding: Finding, code: string) =>
    `${finding.file}\0${finding.line}\0${finding.column}\0${code}`
  const present = new Set(findings.map(finding => place(finding, finding.code)))
  return findings.filter(finding => {
    const by = SUPERSEDED_BY[finding.code]
    if (by && present.has(place(finding, by))) return false
    const key = `${finding.file}\0${finding.line}\0${finding.column}\0${finding.code}\0${finding.message}`
    if (seen.has(key)) return false
    seen.add(key)
    return true
  })
}
