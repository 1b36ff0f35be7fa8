/**
 * Shared plumbing for the rules that judge the tailscale ExtensionServiceConfig: finding the parsed
 * service of each target (cached per document in `src/tailscale/parse.ts`), locating tokens inside
 * environment values, and building the text edits of fixes without disturbing the rest of the file.
 * @module
 */
import type { TextEdit } from '../../../core/finding.ts'
import { redactSecrets } from '../../../core/secrets.ts'
import { positionAt, type SourceFile } from '../../../core/source.ts'
import {
  type EnvEntry,
  entryRange,
  type ParsedFlag,
  type TailscaleService,
  tailscaleServices,
  valueSubRange,
} from '../../../tailscale/parse.ts'
import type { LintTarget, Location } from '../../rule.ts'

export { atKey, atValue } from '../../locations.ts'

/** Every tailscale ExtensionServiceConfig of a target. */
export function servicesOf(target: LintTarget): TailscaleService[] {
  return tailscaleServices(target.documents)
}

/** Where a finding about a whole entry points. */
export function atEntry(entry: EnvEntry): Location {
  return { source: entry.source, node: entry.node }
}

/** Where a finding about part of an entry's value points. */
export function atValuePart(entry: EnvEntry, start: number, end: number): Location {
  return { source: entry.source, range: valueSubRange(entry, start, end) }
}

/** Where a finding about a flag points: the flag word (and its separate value word, if any). */
export function atFlag(entry: EnvEntry, flag: ParsedFlag): Location {
  return atValuePart(entry, flag.token.start, flag.token.end)
}

/** Where a finding about a flag's value points (the flag when it has none). */
export function atFlagValue(entry: EnvEntry, flag: ParsedFlag): Location {
  if (flag.valueEnd > flag.valueStart) return atValuePart(entry, flag.valueStart, flag.valueEnd)
  return atFlag(entry, flag)
}

/** True when a scalar's characters map to the source exactly, so edits inside it are safe. */
export function editable(entry: EnvEntry): boolean {
  return entry.offsets !== null
}

/** Replaces `[start, end)` of an entry's value (value-relative offsets). */
export function replaceInValue(entry: EnvEntry, start: number, end: number, text: string): TextEdit {
  const [a, b] = valueSubRange(entry, start, end)
  return { file: entry.source.path, start: a, end: b, text }
}

/** Replaces the whole text of an entry (`KEY=VALUE`), keeping its quoting. */
export function replaceEntryText(entry: EnvEntry, start: number, end: number, text: string): TextEdit {
  const [a, b] = entryRange(entry, start, end)
  return { file: entry.source.path, start: a, end: b, text }
}

/**
 * Removes words `[start, end)` of an entry's value together with the white space that separates them
 * from their neighbours, so `--a --b --c` minus `--b` reads `--a --c`.
 */
export function removeFromValue(entry: EnvEntry, start: number, end: number): TextEdit {
  const value = entry.value ?? ''
  let a = start
  let b = end
  if (a > 0 && /\s/.test(value[a - 1]!)) {
    while (a > 0 && /\s/.test(value[a - 1]!)) a--
  } else {
    while (b < value.length && /\s/.test(value[b]!)) b++
  }
  return replaceInValue(entry, a, b, '')
}

/** Appends text at the end of an entry's value (inside any quotes). */
export function appendToValue(entry: EnvEntry, text: string): TextEdit {
  const end = (entry.value ?? '').length
  return replaceInValue(entry, end, end, text)
}

function lineStart(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1
}

function lineEnd(text: string, offset: number): number {
  const i = text.indexOf('\n', offset)
  return i === -1 ? text.length : i
}

/** True when an entry is an item of a block sequence, written as `- item` alone on its line(s). */
function blockItem(entry: EnvEntry): { dash: number; start: number; end: number } | undefined {
  const range = entry.node.range
  if (!range) return undefined
  const text = entry.source.text
  const start = lineStart(text, range[0])
  const before = text.slice(start, range[0])
  const match = /^(\s*)-\s+$/.exec(before)
  if (!match) return undefined
  const end = lineEnd(text, range[1])
  if (!/^\s*(#.*)?$/.test(text.slice(range[1], end))) return undefined
  return { dash: start + match[1]!.length, start, end }
}

/** Removes a whole environment entry (the list item and its line). Undefined when it cannot be done cleanly. */
export function removeEntry(entry: EnvEntry): TextEdit | undefined {
  const range = entry.node.range
  if (!range) return undefined
  const text = entry.source.text
  const block = blockItem(entry)
  if (block) {
    const end = block.end < text.length ? block.end + 1 : block.end
    return { file: entry.source.path, start: block.start, end, text: '' }
  }
  // Flow sequence: drop the item with the comma before it (so removals of neighbours never overlap),
  // or the one after it for the first item.
  const before = /,\s*$/.exec(text.slice(Math.max(0, range[0] - 200), range[0]))
  if (before) return { file: entry.source.path, start: range[0] - before[0].length, end: range[1], text: '' }
  const after = /^\s*,\s*/.exec(text.slice(range[1]))
  if (after) return { file: entry.source.path, start: range[0], end: range[1] + after[0].length, text: '' }
  return undefined
}

/** Inserts a new `KEY=VALUE` entry right after `entry`, in the same style (block or flow). */
export function insertEntryAfter(entry: EnvEntry, entryText: string): TextEdit | undefined {
  const range = entry.node.range
  if (!range) return undefined
  const text = entry.source.text
  const block = blockItem(entry)
  const plainSafe = /^[A-Za-z_][A-Za-z0-9_]*=[^#"'\n]*$/.test(entryText) && !/\s$/.test(entryText)
  const rendered = plainSafe ? entryText : JSON.stringify(entryText)
  if (block) {
    const indent = text.slice(block.start, block.dash)
    return { file: entry.source.path, start: block.end, end: block.end, text: `\n${indent}- ${rendered}` }
  }
  return { file: entry.source.path, start: range[1], end: range[1], text: `, ${rendered}` }
}

/** The file a finding about a service document as a whole points at. */
export function serviceSource(service: TailscaleService): SourceFile {
  return service.doc.source.source
}

/**
 * User text fit for a message: credentials replaced by their redacted prefix, long text shortened.
 * Messages quote the offending value, but never a secret.
 */
export function safeText(text: string, max = 60): string {
  const redacted = redactSecrets(text, '…')
  return redacted.length > max ? `${redacted.slice(0, max - 1)}…` : redacted
}

/** 1-based line of an entry, for messages that refer to another entry. */
export function lineOf(entry: EnvEntry): number {
  return positionAt(entry.source, entry.node.range?.[0] ?? 0).line
}
