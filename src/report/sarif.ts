/**
 * `--format sarif`: SARIF 2.1.0 for GitHub code scanning and other SARIF viewers. Each rule carries
 * its whole help text, because GitHub ignores `helpUri`; locations are relative to `%SRCROOT%`.
 * @module
 */
import { isAbsolute, relative, sep } from 'node:path'
import { pathToFileURL } from 'node:url'
import type { Invocation, Log, Notification, ReportingDescriptor, Result } from 'sarif'
import type { Finding, Severity } from '../core/finding.ts'
import { VERSION } from '../version.ts'
import type { RuleMetadata } from './rules.ts'

/** Options for SARIF output. */
export interface SarifOptions {
  /** Directory that relative `uri`s are relative to (the repository root in CI). Default: process cwd. */
  root?: string
  /** Tool version to report. Default: talscale's version. */
  version?: string
  /**
   * Problems that stopped some input from being judged (unreadable files): reported as tool
   * execution notifications of a failed invocation, so code scanning shows the run was incomplete.
   */
  notifications?: readonly SarifNotification[]
}

/** An input problem for SARIF's `toolExecutionNotifications`. */
export interface SarifNotification {
  message: string
  file?: string
  line?: number
  column?: number
}

const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = {
  error: 'error',
  warning: 'warning',
  info: 'note',
}

const SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json'

/** The project's home, and where each rule's page is (docs/rules/CODE.md in the repository). */
export const INFORMATION_URI = 'https://github.com/talscale/talscale'
export function ruleHelpUri(code: string): string {
  return `${INFORMATION_URI}/blob/main/docs/rules/${code}.md`
}

/**
 * Builds the SARIF log. `rules` are the rules that ran (all of them are listed, so a clean run
 * still documents what was checked); a finding whose code is not among them gets a minimal entry.
 */
export function buildSarif(
  findings: readonly Finding[],
  rules: readonly RuleMetadata[],
  options: SarifOptions = {},
): Log {
  const byCode = new Map<string, RuleMetadata>()
  for (const rule of rules) byCode.set(rule.code, rule)
  for (const finding of findings) {
    if (!byCode.has(finding.code)) {
      byCode.set(finding.code, {
        code: finding.code,
        name: finding.name,
        topic: finding.topic,
        severity: finding.severity,
      })
    }
  }
  const ordered = [...byCode.values()].sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0))
  const index = new Map(ordered.map((rule, i) => [rule.code, i]))
  const root = options.root ?? process.cwd()
  const results: Result[] = findings.map(finding => ({
    ruleId: finding.code,
    ruleIndex: index.get(finding.code)!,
    level: LEVEL[finding.severity],
    message: { text: finding.message },
    locations: [
      {
        physicalLocation: {
          artifactLocation: artifact(finding.file, root),
          region: {
            startLine: finding.line,
            startColumn: finding.column,
            endLine: finding.endLine,
            endColumn: finding.endColumn,
          },
        },
      },
    ],
    ...(finding.related && finding.related.length > 0
      ? {
          relatedLocations: finding.related.map((related, id) => ({
            id,
            message: { text: related.message },
            physicalLocation: {
              artifactLocation: artifact(related.file, root),
              region: {
                startLine: related.line,
                startColumn: related.column,
                endLine: related.endLine,
                endColumn: related.endColumn,
              },
            },
          })),
        }
      : {}),
  }))
  return {
    version: '2.1.0',
    $schema: SCHEMA,
    runs: [
      {
        tool: {
          driver: {
            name: 'talscale',
            version: options.version ?? VERSION,
            informationUri: INFORMATION_URI,
            rules: ordered.map(descriptor),
          },
        },
        // Offsets come from JavaScript strings, so columns count UTF-16 code units.
        columnKind: 'utf16CodeUnits',
        ...(options.notifications && options.notifications.length > 0
          ? { invocations: [invocation(options.notifications, root)] }
          : {}),
        results,
      },
    ],
  }
}

function invocation(notifications: readonly SarifNotification[], root: string): Invocation {
  return {
    executionSuccessful: false,
    toolExecutionNotifications: notifications.map(notification => {
      const entry: Notification = { level: 'error', message: { text: notification.message } }
      if (notification.file !== undefined) {
        const region =
          notification.line === undefined
            ? undefined
            : {
                startLine: notification.line,
                ...(notification.column === undefined ? {} : { startColumn: notification.column }),
              }
        entry.locations = [
          {
            physicalLocation: {
              artifactLocation: artifact(notification.file, root),
              ...(region ? { region } : {}),
            },
          },
        ]
      }
      return entry
    }),
  }
}

/** Formats findings as a SARIF 2.1.0 log (pretty-printed JSON). */
export function formatSarif(
  findings: readonly Finding[],
  rules: readonly RuleMetadata[],
  options: SarifOptions = {},
): string {
  return `${JSON.stringify(buildSarif(findings, rules, options), null, 2)}\n`
}

function descriptor(rule: RuleMetadata): ReportingDescriptor {
  const summary = rule.docs?.summary ?? `${rule.code} ${rule.name}`
  const full = [summary, rule.docs?.why].filter(Boolean).join(' ')
  const result: ReportingDescriptor = {
    id: rule.code,
    name: rule.name,
    shortDescription: { text: summary },
    fullDescription: { text: full },
    help: { text: helpText(rule), markdown: helpMarkdown(rule) },
    // Rule codes are TAL (lint) or DOC (doctor); only lint rules have a page under docs/rules.
    ...(/^TAL\d{3}$/.test(rule.code) ? { helpUri: ruleHelpUri(rule.code) } : {}),
    defaultConfiguration: { level: LEVEL[rule.severity] },
    properties: { tags: [rule.topic] },
  }
  return result
}

function helpText(rule: RuleMetadata): string {
  const parts = [`${rule.code} ${rule.name}: ${rule.docs?.summary ?? ''}`.trim()]
  if (rule.docs?.why) parts.push(`Why: ${rule.docs.why}`)
  if (rule.fixTitle) parts.push(`Fix: ${rule.fixTitle}`)
  if (rule.docs?.invalid) parts.push(`Invalid:\n${rule.docs.invalid.trimEnd()}`)
  if (rule.docs?.valid) parts.push(`Valid:\n${rule.docs.valid.trimEnd()}`)
  if (rule.docs?.references?.length) parts.push(`References:\n${rule.docs.references.join('\n')}`)
  return parts.join('\n\n')
}

function helpMarkdown(rule: RuleMetadata): string {
  const parts = [
    `**${rule.code} ${rule.name}** (topic \`${rule.topic}\`): ${rule.docs?.summary ?? ''}`.trim(),
  ]
  if (rule.docs?.why) parts.push(`### Why\n\n${rule.docs.why}`)
  if (rule.fixTitle) parts.push(`### Fix\n\n${rule.fixTitle}`)
  if (rule.docs?.invalid) parts.push(`### Invalid\n\n\`\`\`yaml\n${rule.docs.invalid.trimEnd()}\n\`\`\``)
  if (rule.docs?.valid) parts.push(`### Valid\n\n\`\`\`yaml\n${rule.docs.valid.trimEnd()}\n\`\`\``)
  if (rule.docs?.references?.length)
    parts.push(`### References\n\n${rule.docs.references.map(ref => `- ${ref}`).join('\n')}`)
  return parts.join('\n\n')
}

// Relative, forward-slash, percent-encoded: what code scanning needs to place an alert on a file.
function artifact(file: string, root: string): { uri: string; uriBaseId?: string } {
  if (!isAbsolute(file)) return { uri: encodePath(file.split(sep).join('/')), uriBaseId: '%SRCROOT%' }
  const rel = relative(root, file)
  if (rel === '' || rel.startsWith('..') || isAbsolute(rel)) return { uri: pathToFileURL(file).href }
  return { uri: encodePath(rel.split(sep).join('/')), uriBaseId: '%SRCROOT%' }
}

function encodePath(path: string): string {
  return path
    .replace(/^\.\//, '')
    .split('/')
    .map(segment => encodeURIComponent(segment))
    .join('/')
}
