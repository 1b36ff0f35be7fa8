import { defineRule } from '../rule.ts'
import { intentFile } from './util/intent.ts'

export default defineRule({
  code: 'TAL094',
  name: 'intent-ephemeral-nodes',
  topic: 'state',
  severity: 'warning',
  scope: 'target',
  kinds: ['intent'],
  messages: {
    ephemeral:
      'tailscale.auth.ephemeral is true: every node enrolled with the OAuth client is removed from the tailnet soon after it goes offline, and comes back under a new identity',
  },
  fixTitle: 'Set ephemeral to false for Talos nodes',
  fix: 'none',
  docs: {
    summary: 'Finds intent files that enrol persistent Talos nodes as ephemeral tailnet devices.',
    why: 'An OAuth client secret registers ephemeral devices unless told otherwise (T15); a Talos node keeps its state in /var/lib/tailscale and is meant to persist, so as an ephemeral device it disappears after a reboot or outage, and its routes and ACL entries go with it.',
    invalid: `version: 1
cluster:
  name: home
  endpoint: https://192.168.1.10:6443
  lanSubnets: [192.168.1.0/24]
tailscale:
  auth:
    oauthClientSecret: { env: TS_OAUTH_CLIENT_SECRET }
    ephemeral: true
  tags: [tag:talos]
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
    oauthClientSecret: { env: TS_OAUTH_CLIENT_SECRET }
    ephemeral: false
  tags: [tag:talos]
nodes:
  - { hostname: cp-1, role: controlplane, address: 192.168.1.11 }
`,
    exampleKind: 'intent',
  },
  check(context) {
    const file = intentFile(context.target)
    const auth = file?.intent.tailscale.auth
    if (!file || !auth?.oauthClientSecret || !auth.ephemeral) return
    context.report({ at: file.at(['tailscale', 'auth', 'ephemeral']), messageId: 'ephemeral' })
  },
})
