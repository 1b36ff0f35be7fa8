import { isOpaqueValue } from '../../tailscale/keys.ts'
import { parseDebugMtu } from '../../tailscale/mtu.ts'
import { CONFIG_KINDS, defineRule } from '../rule.ts'
import { atValue, safeText, servicesOf } from './util/esc.ts'

export default defineRule({
  code: 'TAL750',
  name: 'debug-mtu-invalid',
  topic: 'mtu',
  severity: 'error',
  scope: 'target',
  kinds: CONFIG_KINDS,
  messages: {
    invalid:
      'TS_DEBUG_MTU={{value}} is not a base-10 unsigned integer: tailscaled exits with "invalid unsigned integer environment variable TS_DEBUG_MTU: {{value}}" and the service crash-loops',
  },
  fixTitle: 'Write the MTU as plain digits, for example TS_DEBUG_MTU=1280',
  fix: 'none',
  docs: {
    summary: 'Finds TS_DEBUG_MTU values that are not plain base-10 integers.',
    why: 'tailscaled reads TS_DEBUG_MTU as a base-10 unsigned 32-bit integer and exits on anything else (units, signs, spaces, hex), so the extension never comes up (T14).',
    invalid: `apiVersion: v1alpha1
kind: ExtensionServiceConfig
name: tailscale
environment:
  - TS_DEBUG_MTU=1400b
`,
    valid: `apiVersion: v1alpha1
kind: ExtensionServiceConfig
name: tailscale
environment:
  - TS_DEBUG_MTU=1400
`,
  },
  check(context) {
    for (const service of servicesOf(context.target)) {
      const entry = service.effectiveEntry.get('TS_DEBUG_MTU')
      if (!entry || isOpaqueValue(entry.value ?? '') || parseDebugMtu(entry.value ?? '').kind !== 'invalid')
        continue
      context.report({
        at: atValue(entry),
        messageId: 'invalid',
        data: { value: safeText(entry.value ?? '', 30) },
      })
    }
  },
})
