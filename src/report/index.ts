/**
 * Formatting findings for people and machines. Used by `check` and `doctor`; pure functions from
 * findings to text.
 * @module
 */
import type { Finding } from '../core/finding.ts'
import { formatCompact } from './compact.ts'
import { formatGithub } from './github.ts'
import { formatJson } from './json.ts'
import type { RuleMetadata } from './rules.ts'
import { formatSarif, type SarifOptions } from './sarif.ts'
import { formatText, type TextOptions } from './text.ts'

export { colorEnabled, type Palette, palette } from './color.ts'
export { formatCompact, headline } from './compact.ts'
export { escapeData, escapeProperty, formatGithub, formatGithubError } from './github.ts'
export { formatJson, type JsonFinding, type JsonReport, jsonReport } from './json.ts'
export type { RuleMetadata } from './rules.ts'
export { buildSarif, formatSarif, type SarifNotification, type SarifOptions } from './sarif.ts'
export { formatText, summaryLine, type TextOptions } from './text.ts'

/** Findings listed per rule and file at most, in machine formats (SARIF once reached 34x its input). */
export const MAX_FINDINGS_PER_RULE_AND_FILE = 100

/** What `boundFindings` left out: per rule and file, how many findings were not listed. */
export interface CutFindings {
  code: string
  file: string
  count: number
}

/**
 * Keeps at most `limit` findings per rule and file (the first ones, in order) and says what was cut,
 * so a hostile or huge input cannot blow a report up without bound.
 */
export function boundFindings(
  findings: readonly Finding[],
  limit = MAX_FINDINGS_PER_RULE_AND_FILE,
): { findings: Finding[]; cut: CutFindings[] } {
  const seen = new Map<string, number>()
  const cut = new Map<string, CutFindings>()
  const kept: Finding[] = []
  for (const finding of findings) {
    const key = `${finding.code}\u0000${finding.file}`
    const count = (seen.get(key) ?? 0) + 1
    seen.set(key, count)
    if (count <= limit) kept.push(finding)
    else {
      const entry = cut.get(key) ?? { code: finding.code, file: finding.file, count: 0 }
      entry.count++
      cut.set(key, entry)
    }
  }
  return { findings: kept, cut: [...cut.values()] }
}

/** Every output format, in the order help lists them. */
export const REPORT_FORMATS = ['text', 'compact', 'json', 'sarif', 'github'] as const

export type ReportFormat = (typeof REPORT_FORMATS)[number]

/** Options for `formatFindings`: the union of what each format uses. */
export interface ReportOptions extends TextOptions, SarifOptions {
  /** Rule metadata for SARIF's `tool.driver.rules` (and text `help:` lines when `help` is not given). */
  rules?: readonly RuleMetadata[]
}

/** Formats findings in one of the output formats. */
export function formatFindings(
  format: ReportFormat,
  findings: readonly Finding[],
  options: ReportOptions = {},
): string {
  switch (format) {
    case 'text': {
      const rules = options.rules ?? []
      const help =
        options.help ?? new Map(rules.filter(rule => rule.fixTitle).map(rule => [rule.code, rule.fixTitle!]))
      return formatText(findings, { ...options, help })
    }
    case 'compact':
      return formatCompact(findings)
    case 'json':
      return formatJson(findings)
    case 'sarif':
      return formatSarif(findings, options.rules ?? [], options)
    case 'github':
      return formatGithub(findings)
  }
}
