/**
 * talosconfig files (talosctl's client config, as `talosctl gen config` and talhelper write it):
 * which endpoints each context dials. Read only for what rules judge (endpoint names); the client
 * key and certificates in it are never looked at.
 * @module
 */
import { isMap, isScalar, isSeq, type Node, type Scalar, type YAMLMap, type YAMLSeq } from 'yaml'
import type { SourceDocument, SourceFile } from '../core/source.ts'
import type { TalosVersion } from '../talos/version.ts'
import type { LintTarget } from './rule.ts'
import { fileTarget } from './targets.ts'

/** One endpoint of a talosconfig context. */
export interface TalosconfigEndpoint {
  context: string
  /** The endpoint as written (host, host:port or URL). */
  value: string
  node: Scalar
}

const endpointsOf = new WeakMap<LintTarget, TalosconfigEndpoint[]>()

/** The endpoints of a `talosconfig` target, in file order. */
export function talosconfigEndpoints(target: LintTarget): readonly TalosconfigEndpoint[] {
  return endpointsOf.get(target) ?? []
}

/** A target for a talosconfig file. */
export function talosconfigTarget(
  source: SourceFile,
  document: SourceDocument,
  options: { talosVersion?: TalosVersion; cluster?: string } = {},
): LintTarget {
  const target = fileTarget(source, 'talosconfig', {
    complete: true,
    ...(options.talosVersion ? { talosVersion: options.talosVersion } : {}),
    ...(options.cluster === undefined ? {} : { cluster: options.cluster }),
  })
  const endpoints: TalosconfigEndpoint[] = []
  const contexts = (document.doc.contents as YAMLMap).get('contexts', true) as Node
  if (isMap(contexts)) {
    for (const pair of (contexts as YAMLMap).items) {
      const name = isScalar(pair.key) ? String(pair.key.value) : '?'
      const list = isMap(pair.value) ? ((pair.value as YAMLMap).get('endpoints', true) as Node) : undefined
      if (!list || !isSeq(list)) continue
      for (const item of (list as YAMLSeq).items) {
        if (isScalar(item) && typeof item.value === 'string')
          endpoints.push({ context: name, value: item.value, node: item as Scalar })
      }
    }
  }
  endpointsOf.set(target, endpoints)
  return target
}
