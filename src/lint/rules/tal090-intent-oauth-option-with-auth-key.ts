import { defineRule } from '../rule.ts'
import { intentFile } from './util/intent.ts'

const OPTIONS = ['ephemeral', 'preauthorized'] as const

export default defineRule({
  code: 'TAL090',
  name: 'intent-oauth-option-with-auth-key',
  topic: 'auth',
  severity: 'warning',
  scope: 'target',
  kinds: ['intent'],
  messages: {
    ignored:
      'tailscale.auth.{{option}} is set, but it applies only to an OAuth client secret; with authKey the key itself decides whether nodes are {{meaning}}',
  },
  fixTitle:
    'Remove the setting, or create the auth key with the property you want (reusable, pre-approved, not ephemeral)',
  fix: 'none',
  docs: {
    summary: 'Finds ephemeral or preauthorized set in an intent file that logs in with an auth key.',
    why: 'talscale passes ephemeral and preauthorized as attributes of an OAuth client secret (T15); an auth key carries these properties from when it was created, so the settings look effective but change nothing.',
    invalid: `version: 1
cluster:
  name: home
  endpoint: https://192.168.1.10:6443
  lanSubnets: [192.168.1.0/24]
tailscale:
  auth:
    authKey: { env: TS_AUTHKEY }
    ephemeral: false
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
    if (!file || file.intent.tailscale.auth.authKey === undefined) return
    for (const option of OPTIONS) {
      const at = file.at(['tailscale', 'auth', option], { key: true })
      // `at` falls back to the parent when the key is absent; only an explicit key counts.
      if (!at.node || !file.doc.hasIn(['tailscale', 'auth', option])) continue
      context.report({
        at,
        messageId: 'ignored',
        data: { option, meaning: option === 'ephemeral' ? 'ephemeral' : 'pre-approved' },
      })
    }
  },
})
