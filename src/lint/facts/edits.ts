/**
 * Fix builders shared by rules that add a missing setting (node IP pins, forwarding sysctls, cert
 * SANs): one place decides where a setting goes in the form the file already uses (a typed document
 * or the v1alpha1 block) and when no clean edit exists, so those fixes never disagree on it.
 * @module
 */
import type { TextEdit } from '../../core/finding.ts'
import { documentsOfKind, liveDocuments, nodeIn } from '../../talos/accessors.ts'
import type { LintTarget } from '../rule.ts'
import { appendDocument, insertPath } from '../yaml-edits.ts'

/** Where a v1alpha1 setting moved to a typed document (T18). */
export interface TypedForm {
  kind: string
  path: string[]
  /** First minor with the typed form. */
  since: number
}

/**
 * Edits that add a setting that is missing, in the form the file already uses: into an existing
 * typed document, else into the v1alpha1 block the file already has, else as a new typed document
 * (when the version has one), else into (or as) the v1alpha1 document. Undefined when no clean edit
 * exists (talhelper-built documents, flow style, ...).
 */
export function addSetting(
  target: LintTarget,
  v1alpha1Path: string[],
  value: unknown,
  typed?: TypedForm,
): TextEdit[] | undefined {
  // A talhelper node or a rendered node is assembled from files other nodes share (group patches,
  // --patch files): a value derived from this node (its LAN) must not be written into them.
  if (target.kind === 'talhelper-node' || target.kind === 'rendered') return undefined
  const docs = target.documents
  const mains = documentsOfKind(docs, 'v1alpha1')
  const typedApplies = typed !== undefined && target.talosVersion.minor >= typed.since
  if (typedApplies) {
    for (const doc of documentsOfKind(docs, typed.kind)) {
      const edits = insertPath(doc, typed.path, value)
      if (edits) return edits
    }
  }
  for (const main of mains) {
    // With the typed form available, only extend a v1alpha1 block the file already has.
    if (typedApplies && !nodeIn(main, v1alpha1Path.slice(0, 2))) continue
    const edits = insertPath(main, v1alpha1Path, value)
    if (edits) return edits
  }
  const anchor = liveDocuments(docs)[0]
  if (!anchor) return undefined
  if (typedApplies)
    return appendDocument(anchor, { apiVersion: 'v1alpha1', kind: typed.kind, ...nest(typed.path, value) })
  if (mains.length > 0) return undefined
  return appendDocument(anchor, nest(v1alpha1Path, value))
}

function nest(path: readonly string[], value: unknown): Record<string, unknown> {
  let result: unknown = value
  for (let i = path.length - 1; i >= 0; i--) result = { [path[i]!]: result }
  return result as Record<string, unknown>
}
