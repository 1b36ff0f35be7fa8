/**
 * `--format json`: the stable, documented machine shape (docs/check.md). Keys are written in a fixed
 * order; `fix` is the fix title or null.
 * @module
 */
import { type Finding, type Severity, type Summary, summarize } from '../core/finding.ts'

/** One finding in JSON output; exactly these keys, in this order. */
export interface JsonFinding {
  code: string
  name: string
  topic: string
  severity: Severity
  message: string
  file: string
  line: number
  column: number
  endLine: number
  endColumn: number
  fix: string | null
  /** Secondary locations, only on findings that have them. */
  related?: Array<{
    file: string
    line: number
    column: number
    endLine: number
    endColumn: number
    message: string
  }>
}

/** The whole JSON document. */
export interface JsonReport {
  findings: JsonFinding[]
  summary: Summary
}

/** Builds the JSON report object (the key order is part of the contract). */
export function jsonReport(findings: readonly Finding[]): JsonReport {
  const summary = summarize(findings)
  return {
    findings: findings.map(finding => ({
      code: finding.code,
      name: finding.name,
      topic: finding.topic,
      severity: finding.severity,
      message: finding.message,
      file: finding.file,
      line: finding.line,
      column: finding.column,
      endLine: finding.endLine,
      endColumn: finding.endColumn,
      fix: finding.fix?.title ?? null,
      ...(finding.related && finding.related.length > 0
        ? {
            related: finding.related.map(({ file, line, column, endLine, endColumn, message }) => ({
              file,
              line,
              column,
              endLine,
              endColumn,
              message,
            })),
          }
        : {}),
    })),
    summary: { error: summary.error, warning: summary.warning, info: summary.info },
  }
}

/** Formats findings as pretty-printed JSON with a trailing newline. */
export function formatJson(findings: readonly Finding[]): string {
  return `${JSON.stringify(jsonReport(findings), null, 2)}\n`
}
