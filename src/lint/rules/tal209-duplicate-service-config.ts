// biome-ignore-all lint/suspicious/noTemplateCurlyInString: talhelper ${VAR} syntax in examples, not templates
import { TAILSCALE_SERVICE } from '../../tailscale/parse.ts'
import { nodeAt, sourceOfNode, type TalosDocument } from '../../talos/documents.ts'
import { defineRule, type Location } from '../rule.ts'

export default defineRule({
  code: 'TAL209',
  name: 'duplicate-service-config',
  topic: 'extension-service',
  severity: 'error',
  scope: 'target',
  kinds: ['machine-config', 'rendered', 'talhelper-node'],
  messages: {
    duplicate:
      'a second ExtensionServiceConfig named "tailscale" in one config: Talos refuses it with "duplicate document v1alpha1/ExtensionServiceConfig/tailscale is not allowed"',
  },
  fixTitle: 'Merge the environment of both documents into one ExtensionServiceConfig',
  fix: 'none',
  docs: {
    summary: 'Finds two ExtensionServiceConfig documents named tailscale in one machine config.',
    why: 'Talos identifies documents by apiVersion, kind and name and rejects a config that repeats one, so the node refuses the whole config; patches are the way to add entries to the one document (T6, T7).',
    exampleKind: 'machine-config',
    invalid: `version: v1alpha1
machine:
  type: worker
  token: fake-token-EXAMPLE
---
apiVersion: v1alpha1
kind: ExtensionServiceConfig
name: tailscale
environment:
  - TS_AUTHKEY=\${TS_AUTHKEY}
---
apiVersion: v1alpha1
kind: ExtensionServiceConfig
name: tailscale
environment:
  - TS_HOSTNAME=worker-1
`,
    valid: `version: v1alpha1
machine:
  type: worker
  token: fake-token-EXAMPLE
---
apiVersion: v1alpha1
kind: ExtensionServiceConfig
name: tailscale
environment:
  - TS_AUTHKEY=\${TS_AUTHKEY}
  - TS_HOSTNAME=worker-1
`,
  },
  check(context) {
    let first: TalosDocument | undefined
    for (const doc of context.target.documents) {
      if (doc.kind !== 'ExtensionServiceConfig' || doc.name !== TAILSCALE_SERVICE || doc.deleted) continue
      if (!first) {
        first = doc
        continue
      }
      context.report({
        at: atName(doc),
        messageId: 'duplicate',
        related: [
          {
            at: atName(first),
            message: 'the first ExtensionServiceConfig named "tailscale"',
          },
        ],
      })
    }
  },
})

/** A document's `name` value, else the document. */
function atName(doc: TalosDocument): Location {
  const node = nodeAt(doc, ['name']) ?? doc.map ?? undefined
  return { source: sourceOfNode(doc, node), node: node ?? null }
}
