import { describeTailscaleFor } from '../../tailscale/versions.ts'
import { CONFIG_KINDS, defineRule } from '../rule.ts'
import { containerbootReadsOAuth } from './util/auth.ts'
import { atKey, servicesOf } from './util/esc.ts'

/** Variables containerboot reads only from Tailscale 1.94 (cmd/containerboot/settings.go). */
export const OAUTH_VARIABLES = ['TS_CLIENT_ID', 'TS_CLIENT_SECRET', 'TS_ID_TOKEN', 'TS_AUDIENCE'] as const

export default defineRule({
  code: 'TAL422',
  name: 'oauth-variable-too-new',
  topic: 'auth',
  severity: 'error',
  scope: 'target',
  kinds: CONFIG_KINDS,
  messages: {
    ignored:
      '{{key}} is read by containerboot only from Tailscale 1.94; {{version}} ignores it, so tailscale up runs without this credential and the node never logs in',
  },
  fixTitle:
    'Upgrade to Talos v1.12.3 or later, or pass the OAuth client secret as TS_AUTHKEY (tskey-client-…?ephemeral=false) with --advertise-tags',
  fix: 'none',
  docs: {
    summary:
      'Finds TS_CLIENT_ID, TS_CLIENT_SECRET, TS_ID_TOKEN or TS_AUDIENCE on a node whose Tailscale predates them.',
    why: 'The extension runs the containerboot of its own Tailscale version; before 1.94 (Talos v1.12.2 and older) containerboot does not read these variables, so no credential reaches tailscale up and the node waits for an interactive login until the boot times out.',
    invalid: `version: v1alpha1
machine:
  install:
    image: ghcr.io/siderolabs/installer:v1.11.5
---
apiVersion: v1alpha1
kind: ExtensionServiceConfig
name: tailscale
environment:
  - TS_CLIENT_SECRET=\${TS_OAUTH_SECRET}
  - TS_EXTRA_ARGS=--advertise-tags=tag:talos
`,
    valid: `apiVersion: v1alpha1
kind: ExtensionServiceConfig
name: tailscale
environment:
  - TS_AUTHKEY=\${TS_OAUTH_SECRET}?ephemeral=false
  - TS_EXTRA_ARGS=--advertise-tags=tag:talos
`,
  },
  check(context) {
    const talos = context.target.talosVersion
    if (containerbootReadsOAuth(talos)) return
    for (const service of servicesOf(context.target)) {
      for (const key of OAUTH_VARIABLES) {
        const entry = service.effectiveEntry.get(key)
        if (!entry || (entry.value ?? '') === '') continue
        context.report({
          at: atKey(entry),
          messageId: 'ignored',
          data: { key, version: describeTailscaleFor(talos) },
        })
      }
    }
  },
})
