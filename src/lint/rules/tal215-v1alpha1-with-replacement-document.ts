import { isMap, isScalar, type Node, type Pair, type YAMLMap } from 'yaml'
import { documentsOfKind, liveDocuments } from '../../talos/accessors.ts'
import { MAIN_KIND, nodeAt, sourceOfNode, type TalosDocument } from '../../talos/documents.ts'
import { CONFIG_KINDS, defineRule } from '../rule.ts'

/**
 * v1alpha1 fields that Talos refuses next to the document that replaced them: its
 * V1Alpha1ConflictValidate checks (pkg/machinery/config/types/k8s/node.go,
 * runtime/unattended_install.go at v1.14), which reject the config whenever the document is present
 * and the v1alpha1 field is set at all.
 */
const CONFLICTS: ReadonlyArray<{ kind: string; paths: ReadonlyArray<readonly string[]> }> = [
  {
    kind: 'KubeNodeConfig',
    paths: [
      ['machine', 'kubelet', 'nodeIP'],
      ['machine', 'kubelet', 'skipNodeRegistration'],
      ['machine', 'kubelet', 'registerWithFQDN'],
      ['machine', 'nodeLabels'],
      ['machine', 'nodeAnnotations'],
      ['machine', 'nodeTaints'],
      ['cluster', 'allowSchedulingOnControlPlanes'],
      ['cluster', 'allowSchedulingOnMasters'],
    ],
  },
  { kind: 'UnattendedInstallConfig', paths: [['machine', 'install']] },
]

// The key node of the pair at `path`, unless the value deletes it (`$patch: delete`).
function setKey(doc: TalosDocument, path: readonly string[]): Node | undefined {
  const parent = nodeAt(doc, path.slice(0, -1))
  if (!parent || !isMap(parent)) return undefined
  const pair = (parent as YAMLMap).items.find(item => isScalar(item.key) && item.key.value === path.at(-1)) as
    | Pair<Node, Node>
    | undefined
  if (!pair) return undefined
  const value = pair.value
  if (isMap(value)) {
    const directive = (value as YAMLMap).get('$patch', true)
    if (isScalar(directive) && directive.value === 'delete') return undefined
  }
  return pair.key ?? undefined
}

export default defineRule({
  code: 'TAL215',
  name: 'v1alpha1-with-replacement-document',
  topic: 'meta',
  severity: 'error',
  scope: 'target',
  kinds: CONFIG_KINDS,
  messages: {
    conflict:
      '.{{path}} is set in the v1alpha1 document while the {{kind}} document is present: Talos rejects the config ("{{error}}"); {{kind}} replaces that field',
  },
  fixTitle: 'Move the setting into the replacing document and remove the v1alpha1 field',
  fix: 'none',
  docs: {
    summary:
      'A v1alpha1 field next to the multi-document config that replaced it (KubeNodeConfig, UnattendedInstallConfig).',
    why: 'From v1.14 KubeNodeConfig replaces machine.kubelet.nodeIP, nodeLabels, nodeTaints and related fields, and UnattendedInstallConfig replaces machine.install (T18). Talos refuses a config that sets both forms, and `talosctl gen config` for v1.14 always writes KubeNodeConfig (and UnattendedInstallConfig whenever an install disk is given), so a patch that still sets the old field breaks apply-config.',
    invalid: `machine:
  kubelet:
    nodeIP:
      validSubnets: [192.168.1.0/24]
---
apiVersion: v1alpha1
kind: KubeNodeConfig
labels:
  zone: a
`,
    valid: `apiVersion: v1alpha1
kind: KubeNodeConfig
nodeIP:
  validSubnets: [192.168.1.0/24]
labels:
  zone: a
`,
  },
  check({ target, report }) {
    const docs = liveDocuments(target.documents)
    const mains = documentsOfKind(docs, MAIN_KIND)
    if (mains.length === 0) return
    for (const { kind, paths } of CONFLICTS) {
      if (documentsOfKind(docs, kind).length === 0) continue
      for (const doc of mains) {
        for (const path of paths) {
          const key = setKey(doc, path)
          if (!key) continue
          const dotted = path.join('.')
          report({
            at: { source: sourceOfNode(doc, key), node: key },
            messageId: 'conflict',
            data: {
              path: dotted,
              kind,
              error:
                kind === 'UnattendedInstallConfig'
                  ? 'UnattendedInstallConfig config is incompatible with v1alpha1 config (.machine.install)'
                  : `.${dotted} is already set in v1alpha1 config`,
            },
          })
        }
      }
    }
  },
})
