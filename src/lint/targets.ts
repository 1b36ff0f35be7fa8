/**
 * Building lint targets from text. The CLI's file discovery and talhelper expansion build on this.
 * @module
 */
import { parseSource, type SourceFile, sourceFromText } from '../core/source.ts'
import { classifyDocument, MAIN_KIND, type TalosDocument, valueAt } from '../talos/documents.ts'
import { DEFAULT_TALOS_VERSION, parseTalosVersion, type TalosVersion } from '../talos/version.ts'
import type { LintTarget, TargetHints, TargetKind } from './rule.ts'

export interface TargetOptions {
  /** Force a kind instead of detecting it. */
  kind?: TargetKind
  /** Override whether the target is a whole node. Defaults: machine configs and rendered nodes are. */
  complete?: boolean
  talosVersion?: TalosVersion
  hints?: TargetHints
  cluster?: string
}

/** Parses Talos documents from a source file (config or patch). */
export function talosDocuments(source: SourceFile): TalosDocument[] {
  return parseSource(source).map(classifyDocument)
}

/**
 * A full machine config has a main document with `machine.type` and `machine.token` (what
 * `talosctl gen config` always writes); anything else made of Talos documents is a patch.
 */
export function looksLikeMachineConfig(documents: readonly TalosDocument[]): boolean {
  const main = documents.find(doc => doc.kind === MAIN_KIND)
  return (
    main !== undefined &&
    valueAt(main, ['machine', 'type']) !== undefined &&
    valueAt(main, ['machine', 'token']) !== undefined
  )
}

/** Builds a target from a Talos config or patch source. */
export function targetFromSource(source: SourceFile, options: TargetOptions = {}): LintTarget {
  const documents = talosDocuments(source)
  const kind = options.kind ?? (looksLikeMachineConfig(documents) ? 'machine-config' : 'patch')
  const main = documents.find(doc => doc.kind === MAIN_KIND)
  const type = main ? valueAt(main, ['machine', 'type']) : undefined
  const target: LintTarget = {
    label: source.path,
    kind,
    source,
    documents,
    complete:
      options.complete ?? (kind === 'machine-config' || kind === 'rendered' || kind === 'talhelper-node'),
    talosVersion: options.talosVersion ?? DEFAULT_TALOS_VERSION,
    talosVersionFrom: options.talosVersion ? 'flag' : 'default',
    hints: options.hints ?? {},
  }
  if (type === 'controlplane' || type === 'init') target.role = 'controlplane'
  else if (type === 'worker') target.role = 'worker'
  if (options.cluster !== undefined) target.cluster = options.cluster
  return target
}

/** Convenience for tests and the library: a target from a string. */
export function targetFromText(path: string, text: string, options: TargetOptions = {}): LintTarget {
  return targetFromSource(sourceFromText(path, text), options)
}

/** Re-export for callers that take a version string. */
export { parseTalosVersion }
