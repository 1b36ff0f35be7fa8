/**
 * Keeping the base file's own bytes where a patch did not touch it. `yaml` re-emits every line in
 * its own style, and Go's encoder (which wrote the base) indents mappings inside list items
 * differently, so a plain re-render shows whitespace changes in blocks no patch touched. This
 * module maps the re-render back onto the base text line by line and keeps the base lines that did
 * not change; the result is accepted only if it parses to exactly the same data.
 * @module
 */
import { parseAllDocuments } from 'yaml'
import { diffLines } from '../core/diff.ts'

// Quadratic line diff: beyond this many cells the plain re-render is used.
const MAX_CELLS = 4_000_000

/**
 * Returns `rendered` with every line that is unchanged from the base spelled as in `baseText`.
 * `baseRendered` is the base re-emitted by the same emitter, so that comparing it with `rendered`
 * shows only real changes; `renderedData` is the rendered documents as plain data, which the result
 * must parse back to. Falls back to `rendered` whenever the mapping is not certain.
 */
export function keepBaseText(
  baseText: string,
  baseRendered: string,
  rendered: string,
  renderedData: readonly unknown[],
): string {
  const base = baseText.split('\n')
  const before = baseRendered.split('\n')
  const after = rendered.split('\n')
  if (base.length !== before.length || !base.every((line, i) => sameLine(line, before[i]!))) return rendered
  if (before.length * after.length > MAX_CELLS) return rendered

  const ops = diffLines(before, after)
  const out: string[] = []
  // Indentation shift (base minus re-render) of the last kept or dropped line at each indentation.
  const shifts = new Map<number, number>()
  for (const op of ops) {
    if (op.kind === 'keep') {
      const original = base[op.from]!
      const indent = indentOf(before[op.from]!)
      for (const key of [...shifts.keys()]) if (key > indent) shifts.delete(key)
      shifts.set(indent, indentOf(original) - indent)
      out.push(original)
    } else if (op.kind === 'drop') {
      // A changed line is a drop then an add: the add takes the dropped line's indentation.
      const indent = indentOf(before[op.from]!)
      for (const key of [...shifts.keys()]) if (key > indent) shifts.delete(key)
      shifts.set(indent, indentOf(base[op.from]!) - indent)
    } else {
      const line = after[op.to]!
      const indent = indentOf(line)
      let shift = 0
      for (const [at, value] of shifts) if (at <= indent) shift = value
      out.push(shift > 0 ? ' '.repeat(shift) + line : line.slice(Math.min(-shift, indent)))
    }
  }
  const result = out.join('\n')
  return sameData(result, renderedData) ? result : rendered
}

// The re-render only changes whitespace (indentation, spaces inside flow brackets).
function sameLine(a: string, b: string): boolean {
  return a.replace(/\s+/g, '') === b.replace(/\s+/g, '')
}

function indentOf(line: string): number {
  return line.length - line.trimStart().length
}

function sameData(text: string, data: readonly unknown[]): boolean {
  try {
    const docs = parseAllDocuments(text)
    if (docs.length !== data.length || docs.some(doc => doc.errors.length > 0)) return false
    return docs.every((doc, i) => JSON.stringify(doc.toJS()) === JSON.stringify(data[i]))
  } catch {
    return false
  }
}
