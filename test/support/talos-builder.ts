/**
 * A rule-test target builder that treats each file of a case as `check` would: a talhelper
 * talconfig.yaml becomes one target per node (its `@./patch.yaml` references resolved among the
 * case's files), a schematic becomes a schematic target, anything else a Talos config or patch.
 */
import { isMap } from 'yaml'
import { parseSource, sourceFromText } from '../../src/core/source.ts'
import { expandTalhelper, isTalhelperConfig } from '../../src/lint/talhelper.ts'
import { schematicTarget, targetFromSource } from '../../src/lint/targets.ts'
import { parseTalosVersion } from '../../src/talos/version.ts'
import type { TargetBuilder } from './rule-tester.ts'

const SCHEMATIC_KEYS = new Set(['customization', 'overlay', 'owner'])

export const talosBuilder: TargetBuilder = (path, text, options, files) => {
  const source = sourceFromText(path, text)
  const talosVersion = options.talosVersion ? parseTalosVersion(options.talosVersion) : undefined
  let documents: ReturnType<typeof parseSource>
  try {
    documents = parseSource(source)
  } catch {
    return [] // a file that does not parse is judged through the file that references it
  }
  const first = documents[0]
  if (documents.length === 1 && first && isMap(first.doc.contents)) {
    const plain = first.doc.toJS()
    if (isTalhelperConfig(plain)) {
      return expandTalhelper(source, {
        ...(talosVersion ? { talosVersion } : {}),
        readFile: file => {
          const content = files[file]
          if (content === undefined) throw new Error(`no file "${file}" in this case`)
          return sourceFromText(file, content)
        },
      })
    }
    const keys = Object.keys(plain as object)
    if (keys.length > 0 && keys.every(key => SCHEMATIC_KEYS.has(key)))
      return [schematicTarget(source, first, talosVersion ? { talosVersion } : {})]
  }
  return [
    targetFromSource(source, {
      ...(options.kind ? { kind: options.kind } : {}),
      ...(options.complete === undefined ? {} : { complete: options.complete }),
      ...(talosVersion ? { talosVersion } : {}),
      ...(options.hints ? { hints: options.hints } : {}),
    }),
  ]
}
