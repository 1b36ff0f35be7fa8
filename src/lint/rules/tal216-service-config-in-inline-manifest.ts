import { isMap, isScalar, isSeq, type Node, type YAMLMap } from 'yaml'
import type { SourceFile } from '../../core/source.ts'
import { parseSource } from '../../core/source.ts'
import { documentsOfKind, liveDocuments } from '../../talos/accessors.ts'
import { MAIN_KIND, nodeAt, sourceOfNode } from '../../talos/documents.ts'
import { CONFIG_KINDS, defineRule } from '../rule.ts'

const SERVICE_CONFIG = /^kind:\s*["']?ExtensionServiceConfig["']?\s*(?:#.*)?$/m

// A talconfig is parsed once for all its nodes.
const talconfigManifests = new WeakMap<SourceFile, Node | undefined>()

function talhelperInlineManifests(source: SourceFile): Node | undefined {
  if (talconfigManifests.has(source)) return talconfigManifests.get(source)
  let found: Node | undefined
  try {
    const root = parseSource(source)[0]?.doc.contents
    if (root && isMap(root))
      found = ((root as YAMLMap).get('inlineManifests', true) as Node | undefined) ?? undefined
  } catch {
    found = undefined // a talconfig that does not parse is reported elsewhere
  }
  talconfigManifests.set(source, found)
  return found
}

/** The `contents` scalars of an inlineManifests list that hold an ExtensionServiceConfig. */
function offending(list: Node | undefined): Node[] {
  if (!list || !isSeq(list)) return []
  const out: Node[] = []
  for (const item of list.items) {
    if (!isMap(item)) continue
    const contents = (item as YAMLMap).get('contents', true) as Node | undefined
    if (
      contents &&
      isScalar(contents) &&
      typeof contents.value === 'string' &&
      SERVICE_CONFIG.test(contents.value)
    )
      out.push(contents)
  }
  return out
}

export default defineRule({
  code: 'TAL216',
  name: 'service-config-in-inline-manifest',
  topic: 'extension-service',
  severity: 'error',
  scope: 'target',
  kinds: CONFIG_KINDS,
  messages: {
    inline:
      'an ExtensionServiceConfig sits in {{where}}: inline manifests are Kubernetes objects applied to the cluster, so it never reaches the machine config and the tailscale extension waits for its configuration forever',
  },
  fixTitle:
    'Move the ExtensionServiceConfig into a machine config patch (talhelper: patches) as its own document',
  fix: 'none',
  docs: {
    summary:
      'An ExtensionServiceConfig written as an inline Kubernetes manifest instead of a machine config document.',
    why: "cluster.inlineManifests (talhelper inlineManifests) are handed to the Kubernetes API server; Talos never reads them as its own documents, so the tailscale extension gets no ExtensionServiceConfig and does not start (T4). talhelper's per-node extraManifests (deprecated) are different: talhelper appends those files to the machine config, so an ExtensionServiceConfig there does work.",
    invalid: `cluster:
  inlineManifests:
    - name: tailscale
      contents: |
        apiVersion: v1alpha1
        kind: ExtensionServiceConfig
        name: tailscale
        environment:
          - TS_AUTHKEY=\${TS_AUTHKEY}
`,
    valid: `apiVersion: v1alpha1
kind: ExtensionServiceConfig
name: tailscale
environment:
  - TS_AUTHKEY=\${TS_AUTHKEY}
`,
  },
  check({ target, report }) {
    // talhelper writes its inlineManifests into cluster.inlineManifests of control-plane nodes, and the
    // expansion may or may not carry them: read them from talconfig.yaml too, one finding per place.
    const found: Array<{ source: SourceFile; node: Node }> = []
    for (const doc of documentsOfKind(liveDocuments(target.documents), MAIN_KIND)) {
      for (const contents of offending(nodeAt(doc, ['cluster', 'inlineManifests'])))
        found.push({ source: sourceOfNode(doc, contents), node: contents })
    }
    if (target.kind === 'talhelper-node') {
      for (const contents of offending(talhelperInlineManifests(target.source)))
        found.push({ source: target.source, node: contents })
    }
    const seen = new Set<string>()
    for (const { source, node } of found) {
      const place = `${source.path}\0${node.range?.[0]}`
      if (seen.has(place)) continue
      seen.add(place)
      const fromTalconfig = target.kind === 'talhelper-node' && source.path === target.source.path
      report({
        at: { source, node },
        messageId: 'inline',
        data: { where: fromTalconfig ? 'talhelper inlineManifests' : 'cluster.inlineManifests' },
      })
    }
  },
})
