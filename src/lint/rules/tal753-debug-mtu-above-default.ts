import { DEFAULT_TUN_MTU, MAX_TUN_MTU, parseDebugMtu } from '../../tailscale/mtu.ts'
import { linkMtus } from '../../talos/accessors.ts'
import { CONFIG_KINDS, defineRule } from '../rule.ts'
import { atValue, servicesOf } from './util/esc.ts'

export default defineRule({
  code: 'TAL753',
  name: 'debug-mtu-above-default',
  topic: 'mtu',
  severity: 'info',
  scope: 'target',
  kinds: CONFIG_KINDS,
  messages: {
    raised: `TS_DEBUG_MTU={{value}} raises tailscale0 above Tailscale's default ${DEFAULT_TUN_MTU}, which fits every path: tailscaled does not discover the path MTU by default, and the MTU of the local link is not the MTU of the path (PPPoE, DS-Lite, tunnels and mobile carriers are smaller), so packets larger than the path carries are dropped without an error`,
  },
  fixTitle: `Leave TS_DEBUG_MTU unset (${DEFAULT_TUN_MTU}) unless the path MTU to every peer was measured`,
  fix: 'none',
  docs: {
    summary: 'Notes TS_DEBUG_MTU values above the 1280 default on nodes whose links declare no MTU.',
    why: 'TS_DEBUG_MTU is a debugging knob. 1280 is the IPv6 minimum and fits any path; a larger value is only safe when every path to every peer carries it plus 80 bytes of WireGuard overhead, which the local link MTU does not tell (T14). TAL752 judges the value against link MTUs the config declares; this note covers configs that declare none.',
    invalid: `apiVersion: v1alpha1
kind: ExtensionServiceConfig
name: tailscale
environment:
  - TS_DEBUG_MTU=1420
`,
    valid: `apiVersion: v1alpha1
kind: ExtensionServiceConfig
name: tailscale
environment:
  - TS_HOSTNAME=cp-1
`,
  },
  check(context) {
    // With a declared link MTU, TAL752 judges the value against it; a clamped value is TAL752's too.
    if (linkMtus(context.target.documents).length > 0) return
    for (const service of servicesOf(context.target)) {
      const entry = service.effectiveEntry.get('TS_DEBUG_MTU')
      if (!entry) continue
      const mtu = parseDebugMtu(entry.value ?? '')
      if (mtu.kind !== 'ok' || mtu.value <= DEFAULT_TUN_MTU || mtu.value > MAX_TUN_MTU) continue
      context.report({ at: atValue(entry), messageId: 'raised', data: { value: mtu.value } })
    }
  },
})
