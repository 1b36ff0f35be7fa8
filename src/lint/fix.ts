/**
 * Applying text edits. Edits are offsets into the original text, so formatting and comments
 * outside the edited ranges stay exactly as they were.
 * @module
 */
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
