/**
 * The fix loop behind `talscale check --fix`: lint, apply the safe fixes in memory, lint again until
 * nothing changes. Writes no file; the caller writes what changed.
 * @module
 */
import { resolve } from 'node:path'
import { TalscaleError } from '../core/errors.ts'
import type { TextEdit } from '../core/finding.ts'
import { parseSource, readSource, type SourceFile, sourceFromText } from '../core/source.ts'
import { applyEdits } from './fix.ts'
import { type LintInput, type LintOptions, type LintResult, lintSources, STDIN_PATH } from './run.ts'

/** The outcome of `fixSources`: the final lint, and the new text of every file that changed. */
export interface FixResult {
  result: LintResult
  /** Original and fixed text by path, for files that changed. */
  changed: Map<string, { before: string; after: string }>
  passes: number
  /** Files whose fixes were not applied because the result would not parse (a bug in a rule's fix). */
  rejected: string[]
}

/** How many lint-fix rounds run before giving up on fixes that keep producing fixes. */
export const MAX_FIX_PASSES = 10

/**
 * Applies safe fixes and lints again until nothing changes (at most MAX_FIX_PASSES rounds). Input
 * files and the files they reference (talconfig patches, `--base`/`--patch`) are edited in memory;
 * the caller writes `changed`. Standard input is never edited.
 */
export function fixSources(inputs: readonly LintInput[], options: LintOptions): FixResult {
  // Every text of the run by path: inputs first, then referenced files as they are first read.
  const texts = new Map<string, SourceFile>(inputs.map(input => [input.source.path, input.source]))
  const original = new Map<string, string>()
  const baseRead = options.read ?? ((path: string) => readSource(resolve(options.cwd, path), path))
  const read = (path: string): SourceFile => {
    const known = [...texts.values()].find(
      source => resolve(options.cwd, source.path) === resolve(options.cwd, path),
    )
    if (known) return known
    const source = baseRead(path)
    texts.set(source.path, source)
    return source
  }
  const run = () =>
    lintSources(
      inputs.map(input => ({ ...input, source: texts.get(input.source.path)! })),
      { ...options, read },
    )
  let passes = 0
  const rejected = new Set<string>()
  let result = run()
  while (passes < MAX_FIX_PASSES) {
    const edits = new Map<string, TextEdit[]>()
    for (const finding of result.findings) {
      if (!finding.fix || (finding.fix.safety !== 'safe' && !options.unsafeFixes)) continue
      for (const edit of finding.fix.edits) {
        if (!texts.has(edit.file) || edit.file === STDIN_PATH) continue
        const list = edits.get(edit.file) ?? []
        list.push(edit)
        edits.set(edit.file, list)
      }
    }
    let changedAny = false
    for (const [path, list] of edits) {
      const source = texts.get(path)!
      const { text } = applyEdits(source.text, list)
      if (text === source.text || rejected.has(path)) continue
      // A fix must never turn a valid file into one that does not parse; such a file keeps its text.
      if (!parses(path, text)) {
        rejected.add(path)
        continue
      }
      if (!original.has(path)) original.set(path, source.text)
      texts.set(path, { path, text })
      changedAny = true
    }
    if (!changedAny) break
    passes++
    result = run()
  }
  const changed = new Map<string, { before: string; after: string }>()
  for (const [path, before] of original) {
    const after = texts.get(path)!.text
    if (after !== before) changed.set(path, { before, after })
  }
  return { result, changed, passes, rejected: [...rejected].sort() }
}

function parses(path: string, text: string): boolean {
  try {
    parseSource(sourceFromText(path, text))
    return true
  } catch (error) {
    if (error instanceof TalscaleError) return false
    throw error
  }
}
