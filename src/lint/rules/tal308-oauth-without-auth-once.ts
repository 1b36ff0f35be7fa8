import { parseGoBool } from '../../tailscale/variables.ts'
import { isOpaque } from '../../talos/accessors.ts'
import { CONFIG_KINDS, defineRule } from '../rule.ts'
import { effectiveCredential, oauthFormText, oauthReachingUp, oauthSpan } from './util/auth.ts'
import { atKey, atValuePart, servicesOf } from './util/esc.ts'

export default defineRule({
  code: 'TAL308',
  name: 'oauth-without-auth-once',
  topic: 'auth',
  severity: 'warning',
  scope: 'target',
  kinds: CONFIG_KINDS,
  messages: {
    unset:
      '{{label}} is an OAuth client secret ({{form}}) and TS_AUTH_ONCE is {{current}}: containerboot runs tailscale up on every start, which mints a new auth key through the Tailscale API each time, so a node that boots without internet crash-loops although the identity saved in /var/lib/tailscale is valid',
  },
  fixTitle: 'Set TS_AUTH_ONCE=true in the tailscale ExtensionServiceConfig',
  fix: 'none',
  docs: {
    summary: 'An OAuth client secret logs the node in while TS_AUTH_ONCE is unset or false.',
    why: 'Without TS_AUTH_ONCE=true containerboot runs tailscale up at every start, and tailscale up turns an OAuth client secret into a fresh auth key with an API call each time (T15, T16); when the uplink is down at boot that call fails, tailscale up exits and the service restarts in a loop, although the node is already enrolled. With TS_AUTH_ONCE=true the secret is used only while the node needs to log in.',
    invalid: `apiVersion: v1alpha1
kind: ExtensionServiceConfig
name: tailscale
environment:
  - TS_AUTHKEY=\${TS_OAUTH_SECRET}?ephemeral=false
  - TS_EXTRA_ARGS=--advertise-tags=tag:talos
`,
    valid: `apiVersion: v1alpha1
kind: ExtensionServiceConfig
name: tailscale
environment:
  - TS_AUTHKEY=\${TS_OAUTH_SECRET}?ephemeral=false
  - TS_AUTH_ONCE=true
  - TS_EXTRA_ARGS=--advertise-tags=tag:talos
`,
  },
  check(context) {
    for (const service of servicesOf(context.target)) {
      const credential = effectiveCredential(service)
      const form = credential && oauthReachingUp(credential, context.target.talosVersion)
      if (!credential || !form) continue
      const once = service.effectiveEntry.get('TS_AUTH_ONCE')
      const value = once?.value?.trim()
      let current = 'not set'
      if (once && value !== undefined && value !== '') {
        if (isOpaque(value)) continue
        const parsed = parseGoBool(value)
        // A value containerboot cannot parse is TAL208's.
        if (parsed !== false) continue
        current = `"${value}"`
      }
      context.report({
        at:
          once && current !== 'not set'
            ? atKey(once)
            : atValuePart(credential.entry, ...oauthSpan(credential, form)),
        messageId: 'unset',
        data: { label: credential.label, form: oauthFormText(form), current },
      })
    }
  },
})
