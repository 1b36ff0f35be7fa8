/**
 * Applying text edits. Edits are offsets into the original text, so formatting and comments
 * outside the edited ranges stay exactly as they were.
 * @module
 */

import { diffLines } from '../core/diff.ts'
import type { TextEdit } from '../core/finding.ts'

/**
 * Applies non-overlapping edits to `text`. Overlapping edits (two fixes touching the same bytes)
 * keep the first by start offset and skip the rest; the skipped ones are returned so a second pass
 * can apply them to the new text.
 */
export function applyEdits(text: string, edits: readonly TextEdit[]): { text: string; skipped: TextEdit[] } {
  const sorted = [...edits].sort((a, b) => a.start - b.start || a.end - b.end)
  const kept: TextEdit[] = []
  const skipped: TextEdit[] = []
  let lastEnd = -1
  for (const edit of sorted) {
    if (
      edit.start < lastEnd ||
      (edit.start === lastEnd && edit.start === edit.end && kept.at(-1)?.start === edit.start)
    ) {
      skipped.push(edit)
      continue
    }
    kept.push(edit)
    lastEnd = edit.end
  }
  let result = ''
  let cursor = 0
  for (const edit of kept) {
    result += text.slice(cursor, edit.start) + edit.text
    cursor = edit.end
  }
  return { text: result + text.slice(cursor), skipped }
}

type DiffLine = { op: ' ' | '-' | '+'; text: string }

/**
 * A unified diff (`--- a/path`, `+++ b/path`, hunks with three lines of context) between two texts,
 * as `check --fix --dry-run` prints it. Empty when the texts are equal.
 */
export function unifiedDiff(path: string, before: string, after: string, context = 3): string {
  if (before === after) return ''
  const a = splitLines(before)
  const b = splitLines(after)
  const lines = diffWithContext(a, b)
  let out = `--- a/${path}\n+++ b/${path}\n`
  let i = 0
  while (i < lines.length) {
    if (lines[i]!.op === ' ') {
      i++
      continue
    }
    // Grow a hunk around this change until a run of more than 2*context unchanged lines.
    const start = Math.max(0, i - context)
    let end = i
    let lastChange = i
    while (end < lines.length && end - lastChange <= 2 * context) {
      if (lines[end]!.op !== ' ') lastChange = end
      end++
    }
    end = Math.min(lines.length, lastChange + context + 1)
    let oldStart = 1
    let newStart = 1
    for (let k = 0; k < start; k++) {
      if (lines[k]!.op !== '+') oldStart++
      if (lines[k]!.op !== '-') newStart++
    }
    const hunk = lines.slice(start, end)
    const oldCount = hunk.filter(line => line.op !== '+').length
    const newCount = hunk.filter(line => line.op !== '-').length
    out += `@@ -${oldCount === 0 ? oldStart - 1 : oldStart},${oldCount} +${newCount === 0 ? newStart - 1 : newStart},${newCount} @@\n`
    for (const line of hunk) out += `${line.op}${line.text}\n`
    i = end
  }
  return out
}

function splitLines(text: string): string[] {
  const lines = text.split('\n')
  if (lines.at(-1) === '') lines.pop()
  else if (lines.length > 0) lines[lines.length - 1] += '\n\\ No newline at end of file'
  return lines
}

// The common prefix and suffix are kept as they are and only the middle is diffed, so a small
// change in a large file stays cheap; past a size where the table would be large, the middle is
// shown as replaced.
function diffWithContext(a: readonly string[], b: readonly string[]): DiffLine[] {
  let prefix = 0
  while (prefix < a.length && prefix < b.length && a[prefix] === b[prefix]) prefix++
  let suffix = 0
  while (
    suffix < a.length - prefix &&
    suffix < b.length - prefix &&
    a[a.length - 1 - suffix] === b[b.length - 1 - suffix]
  )
    suffix++
  const midA = a.slice(prefix, a.length - suffix)
  const midB = b.slice(prefix, b.length - suffix)
  const out: DiffLine[] = a.slice(0, prefix).map(text => ({ op: ' ', text }))
  if (midA.length * midB.length > 4_000_000) {
    for (const text of midA) out.push({ op: '-', text })
    for (const text of midB) out.push({ op: '+', text })
  } else {
    for (const step of diffLines(midA, midB)) {
      if (step.kind === 'keep') out.push({ op: ' ', text: midA[step.from]! })
      else if (step.kind === 'drop') out.push({ op: '-', text: midA[step.from]! })
      else out.push({ op: '+', text: midB[step.to]! })
    }
  }
  for (const text of a.slice(a.length - suffix)) out.push({ op: ' ', text })
  return out
}
