import { isMap, isScalar, isSeq, type Node, type Pair, type YAMLMap } from 'yaml'
import { closestMatch } from '../../core/suggest.ts'
import { sourceOfNode, type TalosDocument } from '../../talos/documents.ts'
import { knownKinds, lookupField } from '../../talos/fields.ts'
import { formatTalosVersion } from '../../talos/version.ts'
import { CONFIG_KINDS, defineRule, type LintTarget } from '../rule.ts'
import { isSynthetic } from '../yaml-edits.ts'

/**
 * Mistakes seen in real repositories whose fix is not a near spelling: the hint says where the
 * setting really goes.
 */
const KNOWN_MISTAKES: Record<string, string> = {
  'v1alpha1 machine.extensions':
    "system extensions are not a machine config field: list them in the Image Factory schematic (customization.systemExtensions.officialExtensions) and install that schematic's installer image",
  'v1alpha1 machine.extensionServices':
    'extension services are configured with ExtensionServiceConfig documents (apiVersion: v1alpha1, kind: ExtensionServiceConfig, name: tailscale)',
  'v1alpha1 machine.tailscale':
    'Tailscale on Talos is configured with an ExtensionServiceConfig document named tailscale',
}

interface Unknown {
  key: Node
  doc: TalosDocument
  path: string
  hint: string
  /** Set when a later release has the field: then the release matters to the message. */
  since?: string
}

function hintFor(kind: string, path: string[], name: string, since: string | undefined, siblings: string[]) {
  const mistake = KNOWN_MISTAKES[`${kind} ${path.join('.')}`]
  if (mistake) return `; ${mistake}`
  if (since) return `; it exists only from Talos ${since}, so upgrade first or leave it out`
  const suggestion = closestMatch(name, [...siblings].sort(), { transpositions: true })
  if (suggestion) return `; did you mean "${[...path.slice(0, -1), suggestion].join('.')}"?`
  return ''
}

// Keys that are not fields: strategic-merge directives, template placeholders, a SOPS block.
function skippedKey(name: string, depth: number): boolean {
  return (
    name.startsWith('$') || name.includes('{{') || name.includes('${') || (depth === 0 && name === 'sops')
  )
}

// True when the release gives the field no sub-fields (it takes a scalar or a list of scalars).
function isLeaf(kind: string, path: string[], target: LintTarget): boolean {
  const below = lookupField(kind, [...path, ''], target.talosVersion)
  return below.status === 'unknown' && below.siblings.length === 0
}

function walk(
  target: LintTarget,
  doc: TalosDocument,
  node: Node | null | undefined,
  path: string[],
  out: Unknown[],
): void {
  if (!node) return
  if (isSeq(node)) {
    for (const item of node.items) walk(target, doc, item as Node, path, out)
    return
  }
  if (!isMap(node)) return
  for (const pair of (node as YAMLMap).items as Pair<Node, Node>[]) {
    const key = pair.key
    if (!isScalar(key) || typeof key.value !== 'string') continue
    const name = key.value
    if (skippedKey(name, path.length)) continue
    const childPath = [...path, name]
    // Keys talscale made up from talhelper fields are Talos names by construction; their values may
    // be the user's own maps, so those are still walked.
    if (!isSynthetic(doc, key)) {
      const found = lookupField(doc.kind, childPath, target.talosVersion)
      if (
        found.status === 'open' ||
        found.status === 'unsupported-version' ||
        found.status === 'unknown-kind'
      )
        continue
      if (found.status === 'unknown') {
        out.push({
          key,
          doc,
          path: childPath.join('.'),
          hint: hintFor(doc.kind, childPath, name, found.since, found.siblings),
          ...(found.since ? { since: found.since } : {}),
        })
        continue
      }
      // A leaf (a string, or a list of strings such as an ExtensionServiceConfig `environment`) holding
      // a map is a wrong value type, not unknown fields: `- TS_STATE_DIR=mem:` is one mistake that
      // TAL201 already names, so the keys inside are not judged again as fields.
      if (!isScalar(pair.value) && isLeaf(doc.kind, childPath, target)) continue
    }
    walk(target, doc, pair.value, childPath, out)
  }
}

// The release is named only when it matters (a later one has the name): a name no release knows gets
// one message, so a patch judged alone and again inside each talhelper node is one finding.
function inRelease(target: LintTarget, since: string | undefined): string {
  return since ? ` in Talos ${formatTalosVersion(target.talosVersion)}` : ''
}

export default defineRule({
  code: 'TAL030',
  name: 'unknown-talos-field',
  topic: 'meta',
  severity: 'error',
  scope: 'target',
  kinds: CONFIG_KINDS,
  messages: {
    field:
      '"{{path}}" is not a field of the {{kind}} document{{release}}: Talos decodes configs strictly, so apply-config rejects the whole config ("unknown keys found during decoding"){{hint}}',
    kind: '"{{kind}}" is not a Talos document kind{{release}}: apply-config rejects the config{{hint}}',
  },
  fixTitle: 'Remove the field or correct its name for the Talos release the node runs',
  fix: 'none',
  docs: {
    summary: "Finds fields and document kinds that the node's exact Talos release does not know.",
    why: "Talos decodes machine configs strictly: one unknown key, such as the common `machine.extensions`, or a field newer than the node's release (`kubespan.filters.excludeAdvertisedNetworks` before v1.12.4), makes apply-config fail. The published schemas omit deprecated fields Talos still accepts, so those are known too (T18).",
    invalid: `machine:
  extensions:
    - image: ghcr.io/siderolabs/tailscale:1.80.0
`,
    valid: `apiVersion: v1alpha1
kind: ExtensionServiceConfig
name: tailscale
environment:
  - TS_AUTHKEY=\${TS_AUTHKEY}
`,
  },
  check({ target, report }) {
    const unknown: Unknown[] = []
    for (const doc of target.documents) {
      if (!doc.map || doc.deleted) continue
      if (doc.kind !== 'v1alpha1') {
        // Only Talos's own documents: a Kubernetes manifest has another apiVersion.
        if (doc.apiVersion !== 'v1alpha1') continue
        const found = lookupField(doc.kind, [], target.talosVersion)
        if (found.status === 'unknown-kind') {
          const kindNode = doc.map.get('kind', true) as Node | undefined
          if (isSynthetic(doc, kindNode)) continue
          // Other tools' objects also say apiVersion: v1alpha1 (`kind: TalosCluster` with metadata and
          // spec): a kind no release knows is reported only when it is a near miss of a Talos kind.
          if (!found.since && (doc.map.has('metadata') || doc.map.has('spec'))) continue
          const kinds = knownKinds()
          // `UnattendedInstall` is how the v1.14 schema spells UnattendedInstallConfig.
          const suggestion = found.since
            ? undefined
            : kinds.includes(`${doc.kind}Config`)
              ? `${doc.kind}Config`
              : closestMatch(doc.kind, kinds)
          if (!found.since && !suggestion) continue
          const hint = found.since
            ? `; that kind exists only from Talos ${found.since}`
            : `; did you mean "${suggestion}"?`
          report({
            at: { source: sourceOfNode(doc, kindNode), node: kindNode ?? doc.map },
            messageId: 'kind',
            data: { kind: doc.kind, release: inRelease(target, found.since), hint },
          })
          continue
        }
        if (found.status !== 'known') continue
      }
      walk(target, doc, doc.map, [], unknown)
    }
    for (const item of unknown) {
      report({
        at: { source: sourceOfNode(item.doc, item.key), node: item.key },
        messageId: 'field',
        data: {
          path: item.path,
          kind: item.doc.kind === 'v1alpha1' ? 'main (v1alpha1)' : item.doc.kind,
          release: inRelease(target, item.since),
          hint: item.hint,
        },
      })
    }
  },
})
