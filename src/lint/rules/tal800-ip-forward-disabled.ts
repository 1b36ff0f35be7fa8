import { sysctls } from '../../talos/accessors.ts'
import { atValue } from '../locations.ts'
import { CONFIG_KINDS, defineRule } from '../rule.ts'
import { replaceScalar } from '../yaml-edits.ts'

const KEYS = ['net.ipv4.ip_forward', 'net.ipv4.conf.all.forwarding']

export default defineRule({
  code: 'TAL800',
  name: 'ip-forward-disabled',
  topic: 'routing',
  severity: 'error',
  scope: 'target',
  kinds: CONFIG_KINDS,
  messages: {
    disabled:
      'sysctl {{key}} is "{{value}}": this turns off IPv4 forwarding that Talos enables by default, which breaks pod networking and every route the node advertises',
  },
  fixTitle: 'Set the sysctl back to "1" (or remove it: Talos enables forwarding by default)',
  fix: 'unsafe',
  docs: {
    fixSafety:
      'the node routes packets between interfaces again; if forwarding was turned off on purpose (hardening a node that is no router), this undoes it.',
    summary: 'IPv4 forwarding turned off with a sysctl.',
    why: 'Talos sets net.ipv4.ip_forward=1 on every node; Kubernetes pod networking and Tailscale subnet routes and exit nodes need it, so an explicit "0" breaks both (T11).',
    invalid: `machine:
  sysctls:
    net.ipv4.ip_forward: "0"
`,
    valid: `machine:
  sysctls:
    net.core.somaxconn: "65535"
`,
  },
  check({ target, report }) {
    const values = sysctls(target.documents, target.talosVersion)
    for (const key of KEYS) {
      const located = values.get(key)
      if (located?.value.trim() !== '0') continue
      const edits = replaceScalar(located.doc, located.node, '"1"')
      report({
        at: atValue(located),
        messageId: 'disabled',
        data: { key, value: located.value },
        ...(edits ? { edits } : {}),
      })
    }
  },
})
