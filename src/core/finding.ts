/**
 * The one shape every job reports problems in: lint rules, doctor checks and the intent loader.
 * @module
 */

/** How bad a finding is; `--fail-on` compares against this order. */
export type Severity = 'error' | 'warning' | 'info'

export const SEVERITIES: readonly Severity[] = ['error', 'warning', 'info']

/** Rank for threshold comparisons: higher is worse. */
export function severityRank(severity: Severity): number {
  return severity === 'error' ? 3 : severity === 'warning' ? 2 : 1
}

/** True when any finding is at or above `threshold` (what `--fail-on` turns into exit code 1). */
export function failsAt(findings: readonly Finding[], threshold: Severity): boolean {
  const rank = severityRank(threshold)
  return findings.some(finding => severityRank(finding.severity) >= rank)
}

/** The topics findings are grouped by (docs/facts.md, Topics); every rule and doctor check belongs to exactly one. */
export const TOPICS = [
  'image',
  'extension-service',
  'auth',
  'flags',
  'state',
  'node-ip',
  'dns',
  'mtu',
  'routing',
  'certs',
  'kubespan',
  'firewall',
  'tailnet',
  // Findings about talscale's own inputs (parse errors, pragmas, unreadable files).
  'meta',
] as const

export type Topic = (typeof TOPICS)[number]

/** A 1-based line/column span in one file. */
export interface Span {
  line: number
  column: number
  endLine: number
  endColumn: number
}

/** A text replacement inside one file, by character offsets into its original text. */
export interface TextEdit {
  file: string
  start: number
  end: number
  text: string
}

/** A fix a finding offers. Only `safe` fixes are applied by `--fix`. */
export interface Fix {
  title: string
  safety: 'safe' | 'unsafe'
  edits: TextEdit[]
}

/** Another place that explains a finding: the first occurrence of a duplicate, the other side of a conflict. */
export interface RelatedLocation extends Span {
  file: string
  message: string
  /** Offsets into the file's text, like `Finding.offset`. */
  offset?: [number, number]
}

/** A reported problem. The JSON output format is exactly these fields (plus `fix` as its title). */
export interface Finding extends Span {
  code: string
  name: string
  topic: Topic
  severity: Severity
  message: string
  file: string
  /** Offsets into the file's text, kept so formatters can draw a code frame. */
  offset?: [number, number]
  fix?: Fix
  /** Secondary locations: shown as `note:` lines in text, `relatedLocations` in SARIF. */
  related?: RelatedLocation[]
}

/** Counts per severity, as printed in summaries and in JSON output. */
export interface Summary {
  error: number
  warning: number
  info: number
}

export function summarize(findings: readonly Finding[]): Summary {
  const summary: Summary = { error: 0, warning: 0, info: 0 }
  for (const finding of findings) summary[finding.severity]++
  return summary
}

/** Stable order for output: file, then position, then code. Output must be deterministic byte for byte. */
export function compareFindings(a: Finding, b: Finding): number {
  if (a.file !== b.file) return a.file < b.file ? -1 : 1
  return (
    a.line - b.line ||
    a.column - b.column ||
    (a.code < b.code ? -1 : a.code > b.code ? 1 : 0) ||
    (a.message < b.message ? -1 : a.message > b.message ? 1 : 0)
  )
}
