import { isMap, isScalar, type Node, type Pair } from 'yaml'
import { KNOWN_ENV_NAMES } from '../../tailscale/variables.ts'
import { machineFiles } from '../../talos/accessors.ts'
import { MAIN_KIND, nodeAt, sourceOfNode } from '../../talos/documents.ts'
import { CONFIG_KINDS, defineRule } from '../rule.ts'

const LEGACY_DIR = '/var/etc/tailscale/' // TAL200 reports files there

// A Tailscale variable: one tailscale, tailscaled or containerboot reads.
function tailscaleVariable(name: string): boolean {
  return name.startsWith('TS_') && KNOWN_ENV_NAMES.has(name)
}

export default defineRule({
  code: 'TAL214',
  name: 'tailscale-outside-service-config',
  topic: 'extension-service',
  severity: 'warning',
  scope: 'target',
  kinds: CONFIG_KINDS,
  messages: {
    env: '{{where}} sets {{name}}: machine-wide environment goes to every Talos service and extension (apid, kubelet, etcd, ...), not only tailscale{{secret}}',
    file: 'machine.files writes Tailscale settings ({{name}}) to "{{path}}", but the tailscale extension reads no file of its own: its settings come only from the ExtensionServiceConfig named tailscale, so this file has no effect',
  },
  fixTitle: 'Move the Tailscale settings into the environment of the ExtensionServiceConfig named tailscale',
  fix: 'none',
  docs: {
    summary:
      'Tailscale settings put in machine.env, EnvironmentConfig or a machine.files file instead of the tailscale ExtensionServiceConfig.',
    why: 'The tailscale extension is configured by its ExtensionServiceConfig (T4). machine.env (EnvironmentConfig from v1.13) is set on every Talos service and extension, so an auth key there is handed to all of them; a file written with machine.files is read by nothing, since the extension dropped its environment file in v1.7.',
    invalid: `machine:
  env:
    TS_AUTHKEY: \${TS_AUTHKEY}
`,
    valid: `machine:
  env:
    https_proxy: http://proxy.lan:3128
---
apiVersion: v1alpha1
kind: ExtensionServiceConfig
name: tailscale
environment:
  - TS_AUTHKEY=\${TS_AUTHKEY}
`,
  },
  check({ target, report }) {
    for (const doc of target.documents) {
      if (doc.deleted) continue
      let where: string | undefined
      let map: Node | undefined
      if (doc.kind === MAIN_KIND) {
        where = 'machine.env'
        map = nodeAt(doc, ['machine', 'env'])
      } else if (doc.kind === 'EnvironmentConfig') {
        where = 'EnvironmentConfig'
        map = nodeAt(doc, ['variables'])
      }
      if (!where || !map || !isMap(map)) continue
      for (const pair of map.items as Pair<Node, Node>[]) {
        const key = pair.key
        if (!isScalar(key) || typeof key.value !== 'string' || !tailscaleVariable(key.value)) continue
        const secret = /AUTH_?KEY|CLIENT_SECRET/.test(key.value)
          ? ', so the credential is readable by all of them; the extension takes its settings from its ExtensionServiceConfig'
          : '; the extension takes its settings from its ExtensionServiceConfig'
        report({
          at: { source: sourceOfNode(doc, key), node: key },
          messageId: 'env',
          data: { where, name: key.value, secret },
        })
      }
    }
    for (const file of machineFiles(target.documents)) {
      const path = file.path?.value
      const content = file.content?.value
      if (typeof path !== 'string' || typeof content !== 'string' || path.startsWith(LEGACY_DIR)) continue
      const names = [...content.matchAll(/^\s*(?:export\s+)?(TS_[A-Z0-9_]+)=/gm)]
        .map(match => match[1]!)
        .filter(tailscaleVariable)
      if (names.length === 0) continue
      report({
        at: { source: file.path!.source, node: file.path!.node },
        messageId: 'file',
        data: { name: [...new Set(names)].join(', '), path },
      })
    }
  },
})
