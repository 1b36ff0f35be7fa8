/**
 * `--format text` (the default): each finding as `file:line:col CODE severity: message`, a code
 * frame with a `^^^` underline (Ruff style, trimmed to 80 columns), and what to do, then a summary.
 * @module
 */
import { CONTROL_CHARACTERS } from '../core/escape.ts'
import { type Finding, type Severity, summarize } from '../core/finding.ts'
import { maskSecrets } from '../core/secrets.ts'
import { type Palette, palette } from './color.ts'
import { oneLine, visible } from './compact.ts'

/** Options for the text format. Everything is optional; without `sources` no frames are drawn. */
export interface TextOptions {
  /** Text of each file by `finding.file`, for code frames. A file missing here gets no frame. */
  sources?: ReadonlyMap<string, string> | ((file: string) => string | undefined)
  /** Colour the output (decide with `colorEnabled`). Default false. */
  color?: boolean
  /** Print the summary line. Default true. */
  summary?: boolean
  /** Maximum width of a code frame line, gutter included. Default 80. */
  width?: number
  /** What to do, by code, for findings without a fix of their own (the rule's `fixTitle`): a `help:` line. */
  help?: ReadonlyMap<string, string> | ((code: string) => string | undefined)
  /** How the summary names the fix command; when set and safe fixes exist, the summary mentions it. */
  fixCommand?: string
}

/** Formats findings for a terminal or a log. */
export function formatText(findings: readonly Finding[], options: TextOptions = {}): string {
  const colors = palette(options.color ?? false)
  const lookup = toLookup(options.sources)
  const help = toLookup(options.help)
  const width = options.width ?? 80
  const lines = new Map<string, string[] | undefined>()
  const linesOf = (file: string): string[] | undefined => {
    if (!lines.has(file)) lines.set(file, lookup(file)?.split(/\r?\n/))
    return lines.get(file)
  }
  let out = ''
  for (const finding of findings) {
    out += `${headline(finding, colors)}\n`
    const fileLines = linesOf(finding.file)
    if (fileLines) out += codeFrame(finding, fileLines, width, colors)
    const gutter = ' '.repeat(String(finding.line).length + 1)
    for (const related of finding.related ?? []) {
      const where = `${visible(related.file)}:${related.line}:${related.column}`
      out += `${gutter}${colors.cyan('= note:')} ${where}: ${oneLine(related.message)}\n`
    }
    if (finding.fix) {
      const unsafe = finding.fix.safety === 'unsafe' ? colors.dim(' (unsafe: not applied by --fix)') : ''
      out += `${gutter}${colors.cyan('= fix:')} ${finding.fix.title}${unsafe}\n`
    } else {
      const title = help(finding.code)
      if (title) out += `${gutter}${colors.cyan('= help:')} ${title}\n`
    }
    out += '\n'
  }
  if (options.summary ?? true) out += `${summaryLine(findings, options.fixCommand, colors)}\n`
  return out
}

/** `Found 3 problems: 1 error, 2 warnings, 0 info.` or `No problems found.` */
export function summaryLine(
  findings: readonly Finding[],
  fixCommand?: string,
  colors = palette(false),
): string {
  if (findings.length === 0) return colors.green('No problems found.')
  const counts = summarize(findings)
  const total = `Found ${findings.length} ${findings.length === 1 ? 'problem' : 'problems'}`
  const parts = `${plural(counts.error, 'error')}, ${plural(counts.warning, 'warning')}, ${counts.info} info`
  const fixable = findings.filter(finding => finding.fix?.safety === 'safe').length
  const fixNote = fixable > 0 && fixCommand ? ` ${fixable} can be fixed with \`${fixCommand}\`.` : ''
  const painted = counts.error > 0 ? colors.red(total) : counts.warning > 0 ? colors.yellow(total) : total
  return `${colors.bold(painted)}: ${parts}.${fixNote}`
}

function headline(finding: Finding, colors: Palette): string {
  const where = colors.bold(`${visible(finding.file)}:${finding.line}:${finding.column}`)
  const paint = severityColor(finding.severity, colors)
  return `${where} ${paint(colors.bold(finding.code))} ${paint(`${finding.severity}:`)} ${oneLine(finding.message)}`
}

function severityColor(severity: Severity, colors: Palette): (text: string) => string {
  return severity === 'error' ? colors.red : severity === 'warning' ? colors.yellow : colors.blue
}

/**
 * The frame: an empty gutter line, the source line, the underline. Only the first line of a
 * multi-line span is shown; the underline runs to the end of that line.
 */
function codeFrame(finding: Finding, lines: readonly string[], width: number, colors: Palette): string {
  const raw = lines[finding.line - 1]
  if (raw === undefined) return ''
  const number = String(finding.line)
  const pad = ' '.repeat(number.length)
  const bar = colors.blue('|')
  // Tabs would shift the underline by a terminal-dependent amount; one space keeps columns exact.
  // Secrets are masked with their shape kept, so the underline still lines up and no key is printed.
  const text = visibleSameWidth(maskSecrets(raw.replace(/\t/g, ' ')))
  const start = Math.min(Math.max(finding.column - 1, 0), text.length)
  const end =
    finding.endLine === finding.line
      ? Math.min(Math.max(finding.endColumn - 1, start), text.length)
      : text.length
  const caretCount = Math.max(end - start, 1)
  const room = Math.max(width - number.length - 3, 20)
  let shown = text
  let offset = 0
  if (text.length > room) {
    // Keep the start of the span about a third into the window, so both its context and its tail show.
    offset = Math.max(0, Math.min(start - Math.floor(room / 3), text.length - room))
    shown = text.slice(offset, offset + room)
    if (offset > 0) shown = `…${shown.slice(1)}`
    if (offset + room < text.length) shown = `${shown.slice(0, -1)}…`
  }
  const caretStart = start - offset
  const carets = Math.max(1, Math.min(caretCount, room - caretStart))
  const paint = severityColor(finding.severity, colors)
  return (
    `${pad} ${bar}\n` +
    `${colors.blue(number)} ${bar} ${shown.trimEnd()}\n` +
    `${pad} ${bar} ${' '.repeat(caretStart)}${paint('^'.repeat(carets))}\n`
  )
}

// In the frame, a control character becomes one visible character so the underline stays aligned.
function visibleSameWidth(text: string): string {
  return text.replace(new RegExp(CONTROL_CHARACTERS.source, 'g'), '\ufffd')
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`
}

function toLookup<T>(
  source: ReadonlyMap<string, T> | ((key: string) => T | undefined) | undefined,
): (key: string) => T | undefined {
  if (source === undefined) return () => undefined
  if (typeof source === 'function') return source
  return key => source.get(key)
}
