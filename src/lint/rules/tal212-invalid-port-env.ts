import { isOpaqueValue } from '../../tailscale/keys.ts'
import { CONFIG_KINDS, defineRule } from '../rule.ts'
import { atValue, safeText, servicesOf } from './util/esc.ts'

export default defineRule({
  code: 'TAL212',
  name: 'invalid-port-env',
  topic: 'extension-service',
  severity: 'warning',
  scope: 'target',
  kinds: CONFIG_KINDS,
  messages: {
    invalid:
      'PORT={{value}} is not a UDP port number (0-65535): tailscaled ignores it and listens on a random port, so firewall rules for a fixed port do not match',
  },
  fixTitle: 'Set PORT to a number such as 41641, or use --port in TS_TAILSCALED_EXTRA_ARGS',
  fix: 'none',
  docs: {
    summary: 'Finds a PORT variable that tailscaled cannot read as a port number.',
    why: 'tailscaled takes its default --port from PORT only when it parses as a 16-bit number and silently ignores it otherwise, so the node falls back to a random UDP port (T8).',
    invalid: `apiVersion: v1alpha1
kind: ExtensionServiceConfig
name: tailscale
environment:
  - PORT=udp/41641
`,
    valid: `apiVersion: v1alpha1
kind: ExtensionServiceConfig
name: tailscale
environment:
  - PORT=41641
`,
  },
  check(context) {
    for (const service of servicesOf(context.target)) {
      const entry = service.effectiveEntry.get('PORT')
      const value = entry?.value ?? ''
      if (!entry || value === '' || isOpaqueValue(value) || (/^\d+$/.test(value) && Number(value) <= 65535))
        continue
      context.report({ at: atValue(entry), messageId: 'invalid', data: { value: safeText(value, 30) } })
    }
  },
})
