/**
 * `--format compact`: one line per finding, `file:line:col CODE severity: message`, for editors and
 * grep. No code frame, no summary.
 * @module
 */
import { escapeTerminal } from '../core/escape.ts'
import type { Finding } from '../core/finding.ts'

/** The location-and-message line shared by the text and compact formats (without colours). */
export function headline(finding: Finding): string {
  return `${visible(finding.file)}:${finding.line}:${finding.column} ${finding.code} ${finding.severity}: ${oneLine(finding.message)}`
}

/** Formats findings one per line; empty output when there are none. */
export function formatCompact(findings: readonly Finding[]): string {
  return findings.map(finding => `${headline(finding)}\n`).join('')
}

// A message with a newline would break "one finding per line" for grep and editors.
export function oneLine(text: string): string {
  return visible(text.replace(/\r?\n/g, ' '))
}

/**
 * Shows control characters as `\xNN` (core/escape.ts escapeTerminal): messages quote values from
 * the checked files and file names come from an untrusted pull request; neither may send escape
 * sequences to the terminal or start a line (a fake `::error` annotation) in a CI log.
 */
export function visible(text: string): string {
  return escapeTerminal(text)
}
