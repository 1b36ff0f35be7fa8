import { parseGoBool } from '../../tailscale/variables.ts'
import { CONFIG_KINDS, defineRule } from '../rule.ts'
import { atKey, servicesOf } from './util/esc.ts'

export default defineRule({
  code: 'TAL502',
  name: 'auth-once-extra-args',
  topic: 'state',
  severity: 'info',
  scope: 'target',
  kinds: CONFIG_KINDS,
  messages: {
    frozen:
      'TS_AUTH_ONCE is true, so TS_EXTRA_ARGS is applied only at the first login: later changes to it are never applied to this node (only TS_HOSTNAME, TS_ROUTES and TS_ACCEPT_DNS are re-applied)',
  },
  fixTitle:
    'Change TS_EXTRA_ARGS settings with tailscale set, or drop TS_AUTH_ONCE and add --reset to TS_EXTRA_ARGS',
  fix: 'none',
  docs: {
    summary: 'Notes that TS_EXTRA_ARGS is frozen after the first login when TS_AUTH_ONCE=true.',
    why: 'With TS_AUTH_ONCE=true containerboot runs tailscale up only while the node needs login and afterwards runs tailscale set with hostname, routes and DNS only, so edits to TS_EXTRA_ARGS silently do nothing on an enrolled node (T16).',
    invalid: `apiVersion: v1alpha1
kind: ExtensionServiceConfig
name: tailscale
environment:
  - TS_AUTH_ONCE=true
  - TS_EXTRA_ARGS=--ssh
`,
    valid: `apiVersion: v1alpha1
kind: ExtensionServiceConfig
name: tailscale
environment:
  - TS_EXTRA_ARGS=--ssh --reset
`,
  },
  check(context) {
    for (const service of servicesOf(context.target)) {
      const once = service.effectiveEntry.get('TS_AUTH_ONCE')
      if (!once || parseGoBool(once.value ?? '') !== true) continue
      const extra = service.effectiveEntry.get('TS_EXTRA_ARGS')
      if (!extra || (extra.value ?? '').trim() === '') continue
      context.report({ at: atKey(extra), messageId: 'frozen' })
    }
  },
})
