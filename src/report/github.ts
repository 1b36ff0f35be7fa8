/**
 * `--format github`: GitHub Actions workflow commands, which GitHub shows as annotations on the
 * changed lines of a pull request.
 * @module
 */

import type { TalscaleError } from '../core/errors.ts'
import { escapeTerminal } from '../core/escape.ts'
import type { Finding, Severity } from '../core/finding.ts'

const COMMAND: Record<Severity, string> = { error: 'error', warning: 'warning', info: 'notice' }

/**
 * Escapes the message part of a workflow command (after `::`). Line breaks are %-encoded as GitHub
 * reads them; every other control character (ESC, BEL, ...) is shown as `\xNN` (core/escape.ts),
 * so nothing can start a fake annotation or drive the log viewer.
 */
export function escapeData(text: string): string {
  return escapeTerminal(text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A'))
}

/** Escapes a property value (`file=...`): also `:` and `,`, which would end the property. */
export function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C')
}

/** One `::error file=...,line=...::message` line per finding. */
export function formatGithub(findings: readonly Finding[]): string {
  return findings
    .map(finding => {
      const properties = [
        `file=${escapeProperty(finding.file)}`,
        `line=${finding.line}`,
        `col=${finding.column}`,
        `endLine=${finding.endLine}`,
        `endColumn=${finding.endColumn}`,
        `title=${escapeProperty(`${finding.code} ${finding.name}`)}`,
      ].join(',')
      return `::${COMMAND[finding.severity]} ${properties}::${escapeData(finding.message)}\n`
    })
    .join('')
}

/**
 * One `::error` line for an input error (an unreadable or invalid file), so it shows on the pull
 * request like a finding.
 */
export function formatGithubError(error: TalscaleError): string {
  const where = error.location
  const properties = [
    ...(where ? [`file=${escapeProperty(where.file)}`] : []),
    ...(where?.line === undefined ? [] : [`line=${where.line}`]),
    ...(where?.column === undefined ? [] : [`col=${where.column}`]),
    'title=talscale input error',
  ].join(',')
  const message = error.hint ? `${error.message}\n${error.hint}` : error.message
  return `::error ${properties}::${escapeData(message)}\n`
}
