import { isMap, isScalar, isSeq, type Node } from 'yaml'
import { MAIN_KIND, nodeAt, sourceOfNode } from '../../talos/documents.ts'
import { CONFIG_KINDS, defineRule } from '../rule.ts'

const LEGACY_DIR = '/var/etc/tailscale/'

export default defineRule({
  code: 'TAL200',
  name: 'legacy-auth-env-file',
  topic: 'extension-service',
  severity: 'error',
  scope: 'target',
  kinds: CONFIG_KINDS,
  messages: {
    legacy:
      'machine.files writes "{{path}}", which the tailscale extension has ignored since v1.7 (February 2024): nothing in it reaches Tailscale',
  },
  fixTitle: 'Move these variables into the environment of an ExtensionServiceConfig named tailscale',
  fix: 'none',
  docs: {
    summary:
      'Finds the obsolete /var/etc/tailscale/auth.env file that older guides write through machine.files.',
    why: 'Extension v1.7 replaced its environmentFile with ExtensionServiceConfig, so the file is written but never read and the node never logs in (T4).',
    invalid: `machine:
  files:
    - path: /var/etc/tailscale/auth.env
      op: create
      permissions: 0o644
      content: |
        TS_AUTHKEY=\${TS_AUTHKEY}
`,
    valid: `apiVersion: v1alpha1
kind: ExtensionServiceConfig
name: tailscale
environment:
  - TS_AUTHKEY=\${TS_AUTHKEY}
`,
  },
  check(context) {
    for (const doc of context.target.documents) {
      if (doc.kind !== MAIN_KIND) continue
      const files = nodeAt(doc, ['machine', 'files'])
      if (!files || !isSeq(files)) continue
      for (const item of files.items) {
        if (!isMap(item)) continue
        const path = item.get('path', true)
        if (!isScalar(path) || typeof path.value !== 'string') continue
        if (!path.value.startsWith(LEGACY_DIR)) continue
        context.report({
          at: { source: sourceOfNode(doc, path as Node), node: path as Node },
          messageId: 'legacy',
          data: { path: path.value },
        })
      }
    }
  },
})
