import { IPV6_MIN_MTU, parseDebugMtu } from '../../tailscale/mtu.ts'
import { CONFIG_KINDS, defineRule } from '../rule.ts'
import { atValue, servicesOf } from './util/esc.ts'

export default defineRule({
  code: 'TAL751',
  name: 'debug-mtu-below-ipv6-minimum',
  topic: 'mtu',
  severity: 'warning',
  scope: 'target',
  kinds: CONFIG_KINDS,
  messages: {
    low: 'TS_DEBUG_MTU={{value}} is below 1280, the IPv6 minimum: the kernel removes IPv6 from tailscale0, so the node loses its fd7a:115c:a1e0:: address and IPv6 routes',
  },
  fixTitle: 'Use an MTU of at least 1280, or leave TS_DEBUG_MTU unset (default 1280)',
  fix: 'none',
  docs: {
    summary: 'Finds TS_DEBUG_MTU values below 1280.',
    why: 'Tailscale sets no lower bound, but Linux drops IPv6 from an interface whose MTU is under 1280, so tailnet IPv6 silently stops working on the node (T14).',
    invalid: `apiVersion: v1alpha1
kind: ExtensionServiceConfig
name: tailscale
environment:
  - TS_DEBUG_MTU=1200
`,
    valid: `apiVersion: v1alpha1
kind: ExtensionServiceConfig
name: tailscale
environment:
  - TS_DEBUG_MTU=1280
`,
  },
  check(context) {
    for (const service of servicesOf(context.target)) {
      const entry = service.effectiveEntry.get('TS_DEBUG_MTU')
      if (!entry) continue
      const mtu = parseDebugMtu(entry.value ?? '')
      if (mtu.kind !== 'ok' || mtu.value >= IPV6_MIN_MTU) continue
      context.report({ at: atValue(entry), messageId: 'low', data: { value: mtu.value } })
    }
  },
})
