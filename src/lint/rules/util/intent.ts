/**
 * The opening every intent rule (TAL090-TAL099) shares: load the target's intent file (cached; a
 * file that does not load gives nothing, the loader's own finding covers it) and point at a
 * setting in it.
 * @module
 */
import type { Document } from 'yaml'
import type { SourceFile } from '../../../core/source.ts'
import { loadIntentCached } from '../../../intent/cache.ts'
import { locateNode } from '../../../intent/locate.ts'
import type { Intent } from '../../../intent/schema.ts'
import type { LintTarget, Location } from '../../rule.ts'

/** A loaded intent file, ready for a rule to judge and point into. */
export interface IntentFile {
  intent: Intent
  doc: Document.Parsed
  source: SourceFile
  /**
   * Where a finding about the setting at `path` points: the setting (its key with `key: true`), or
   * the nearest parent the file writes when the setting itself is a default.
   */
  at(path: ReadonlyArray<PropertyKey>, options?: { key?: boolean }): Location
}

/** The target's intent file, or undefined when it does not load. */
export function intentFile(target: LintTarget): IntentFile | undefined {
  const loaded = loadIntentCached(target.source)
  if (!loaded) return undefined
  const doc = loaded.document.doc
  const source = target.source
  return {
    intent: loaded.intent,
    doc,
    source,
    at: (path, options) => ({ source, node: locateNode(doc, path, options) }),
  }
}
