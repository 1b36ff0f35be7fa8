/**
 * Suppression pragmas, read from source lines (not YAML comments, which `yaml` attaches to the
 * enclosing map rather than to the next key):
 *
 * - `# talscale-ignore TAL301 -- reason` on its own line applies to the next line that has content;
 * - the same at the end of a line applies to that line;
 * - `# talscale-ignore-file TAL301` applies to the whole file.
 *
 * Several codes or names may be listed, separated by spaces or commas; `--` starts the reason.
 * @module
 */
import type { Finding } from '../core/finding.ts'
import type { SourceFile } from '../core/source.ts'

/** One code or name inside a pragma, with its offsets for findings about it. */
export interface PragmaEntry {
  token: string
  start: number
  end: number
}

/** One pragma comment. */
export interface Pragma {
  file: string
  /** 1-based line the comment is on. */
  line: number
  /** The 1-based line whose findings it suppresses, or the whole file. */
  appliesTo: number | 'file'
  /** True when the comment is alone on its line (so removing it removes the line). */
  ownLine: boolean
  entries: PragmaEntry[]
  reason?: string
  /** Offsets of the comment itself (`#` to the end of the line). */
  start: number
  end: number
}

const PRAGMA = /(^|\s)#\s*talscale-ignore(-file)?(?=\s|$)([^\n]*)$/

/** Finds every pragma in a file. Cheap on files without any. */
export function parsePragmas(source: SourceFile): Pragma[] {
  const text = source.text
  if (!text.includes('talscale-ignore')) return []
  const pragmas: Pragma[] = []
  const lines = text.split('\n')
  let offset = 0
  const pending: Pragma[] = []
  for (const [index, rawLine] of lines.entries()) {
    const line = rawLine.endsWith('\r') ? rawLine.slice(0, -1) : rawLine
    const lineNumber = index + 1
    const match = PRAGMA.exec(line)
    const trimmed = line.trim()
    if (match) {
      const hashAt = match.index + match[1]!.length
      const ownLine = line.slice(0, hashAt).trim() === ''
      const isFile = match[2] !== undefined
      const body = match[3]!
      const bodyStart = offset + line.length - body.length
      const dash = body.search(/(^|\s)--(\s|$)/)
      const list = dash === -1 ? body : body.slice(0, dash)
      const reason =
        dash === -1
          ? undefined
          : body
              .slice(dash)
              .replace(/^\s*--\s*/, '')
              .trim()
      const entries: PragmaEntry[] = []
      for (const token of list.matchAll(/[^\s,]+/g)) {
        entries.push({
          token: token[0],
          start: bodyStart + token.index,
          end: bodyStart + token.index + token[0].length,
        })
      }
      const pragma: Pragma = {
        file: source.path,
        line: lineNumber,
        appliesTo: isFile ? 'file' : lineNumber,
        ownLine,
        entries,
        start: offset + hashAt,
        end: offset + line.length,
      }
      if (reason) pragma.reason = reason
      pragmas.push(pragma)
      if (ownLine && !isFile) pending.push(pragma)
    } else if (trimmed !== '' && !trimmed.startsWith('#')) {
      // The first line with content after a run of pragma or comment lines is the one they guard.
      for (const pragma of pending) pragma.appliesTo = lineNumber
      pending.length = 0
    }
    offset += rawLine.length + 1
  }
  // A pragma at the end of the file guards nothing; point it past the last line so it matches nothing.
  for (const pragma of pending) pragma.appliesTo = lines.length + 1
  return pragmas
}

/** Maps a pragma token (a code or a name, any case for codes) to a rule code, or undefined. */
export type RuleResolver = (token: string) => string | undefined

/** Builds a resolver over rules: codes match case-insensitively, names exactly. */
export function ruleResolver(rules: ReadonlyArray<{ code: string; name: string }>): RuleResolver {
  const map = new Map<string, string>()
  for (const rule of rules) {
    map.set(rule.code.toUpperCase(), rule.code)
    map.set(rule.name, rule.code)
  }
  return token => map.get(token) ?? map.get(token.toUpperCase())
}

/** True when `pragma`'s entry suppresses `finding`. */
export function suppresses(
  pragma: Pragma,
  entry: PragmaEntry,
  finding: Finding,
  resolve: RuleResolver,
): boolean {
  if (finding.file !== pragma.file) return false
  if (pragma.appliesTo !== 'file' && pragma.appliesTo !== finding.line) return false
  return resolve(entry.token) === finding.code
}

/** The outcome of applying pragmas: what stays, what was silenced, and which entries did something. */
export interface Suppression {
  kept: Finding[]
  suppressed: Finding[]
  used: Set<PragmaEntry>
}

/** Applies pragmas (grouped by file path) to findings. */
export function applyPragmas(
  findings: readonly Finding[],
  pragmasByFile: ReadonlyMap<string, readonly Pragma[]>,
  resolve: RuleResolver,
): Suppression {
  const kept: Finding[] = []
  const suppressed: Finding[] = []
  const used = new Set<PragmaEntry>()
  for (const finding of findings) {
    let hit = false
    for (const pragma of pragmasByFile.get(finding.file) ?? []) {
      if (pragma.appliesTo !== 'file' && pragma.appliesTo !== finding.line) continue
      for (const entry of pragma.entries) {
        if (suppresses(pragma, entry, finding, resolve)) {
          used.add(entry)
          hit = true
        }
      }
    }
    if (hit) suppressed.push(finding)
    else kept.push(finding)
  }
  return { kept, suppressed, used }
}
