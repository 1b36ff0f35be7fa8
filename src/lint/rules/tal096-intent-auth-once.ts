import { defineRule } from '../rule.ts'
import { intentFile } from './util/intent.ts'

export default defineRule({
  code: 'TAL096',
  name: 'intent-auth-once',
  topic: 'state',
  severity: 'info',
  scope: 'target',
  kinds: ['intent'],
  messages: {
    once: 'tailscale.authOnce is true: once a node has logged in, later changes to its Tailscale flags (routes, tags, exit node, hostname) are never applied',
  },
  fixTitle:
    'Keep authOnce false unless you apply flag changes another way (tailscale set, or a reset of the node state)',
  fix: 'none',
  docs: {
    summary:
      'Notes intent files that set TS_AUTH_ONCE, which freezes the Tailscale flags after the first login.',
    why: 'With TS_AUTH_ONCE=true containerboot runs tailscale up only when the node is not logged in yet, so edits to TS_EXTRA_ARGS in later bundles have no effect on enrolled nodes (T16).',
    invalid: `version: 1
cluster:
  name: home
  endpoint: https://192.168.1.10:6443
  lanSubnets: [192.168.1.0/24]
tailscale:
  auth:
    authKey: { env: TS_AUTHKEY }
  authOnce: true
nodes:
  - { hostname: cp-1, role: controlplane, address: 192.168.1.11 }
`,
    valid: `version: 1
cluster:
  name: home
  endpoint: https://192.168.1.10:6443
  lanSubnets: [192.168.1.0/24]
tailscale:
  auth:
    authKey: { env: TS_AUTHKEY }
  authOnce: false
nodes:
  - { hostname: cp-1, role: controlplane, address: 192.168.1.11 }
`,
    exampleKind: 'intent',
  },
  check(context) {
    const file = intentFile(context.target)
    if (!file?.intent.tailscale.authOnce) return
    context.report({ at: file.at(['tailscale', 'authOnce']), messageId: 'once' })
  },
})
