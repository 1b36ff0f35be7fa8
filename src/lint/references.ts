/**
 * References in repository content that point outside the repository (a talhelper `@../x.yaml`
 * patch, a symbolic link to `/etc`). The reader refuses them (src/core/paths.ts) and notes them
 * here; rule TAL002 reports each one as an error finding that shows nothing of the target.
 * Every reader of referenced files (talhelper patches, templates, includes) calls
 * `noteOutsideReference` when `resolveInside` throws OutsideRootError.
 * @module
 */
import type { Node } from 'yaml'
import type { SourceFile } from '../core/source.ts'

/** One refused reference: where it is written, and the text as written. */
export interface OutsideReference {
  range: [number, number]
  /** The reference as written in the file (`@../outside/secret.yaml`). */
  reference: string
  /** What kind of reference it is, for the message (`talhelper patch`). */
  what: string
}

const noted = new WeakMap<SourceFile, OutsideReference[]>()

/** Records a refused reference written at `at` in `source` (once per place, however often read). */
export function noteOutsideReference(
  source: SourceFile,
  at: Node | [number, number] | undefined,
  reference: string,
  what: string,
): void {
  const range: [number, number] = Array.isArray(at) ? at : at?.range ? [at.range[0], at.range[1]] : [0, 0]
  const list = noted.get(source) ?? []
  if (list.some(entry => entry.range[0] === range[0] && entry.reference === reference)) return
  list.push({ range, reference, what })
  noted.set(source, list)
}

/** The refused references noted in a file, in the order they were met. */
export function outsideReferences(source: SourceFile): readonly OutsideReference[] {
  return noted.get(source) ?? []
}
