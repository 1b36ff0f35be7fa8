import { MAX_TUN_MTU, maxTunMtuForLink, parseDebugMtu, WIREGUARD_OVERHEAD } from '../../tailscale/mtu.ts'
import { linkMtus } from '../../talos/accessors.ts'
import { CONFIG_KINDS, defineRule } from '../rule.ts'
import { atValue, servicesOf } from './util/esc.ts'

export default defineRule({
  code: 'TAL752',
  name: 'debug-mtu-too-large',
  topic: 'mtu',
  severity: 'warning',
  scope: 'target',
  kinds: CONFIG_KINDS,
  messages: {
    clamped: `TS_DEBUG_MTU={{value}} is above ${MAX_TUN_MTU}, the largest TUN MTU tailscaled supports: it is silently clamped to ${MAX_TUN_MTU}`,
    link: `TS_DEBUG_MTU={{value}} plus WireGuard's ${WIREGUARD_OVERHEAD}-byte overhead exceeds the MTU of {{link}} ({{linkMtu}}): large packets are fragmented or dropped; at most {{max}} fits`,
  },
  fixTitle: 'Set TS_DEBUG_MTU to at most the link MTU minus 80, or leave it unset (default 1280)',
  fix: 'none',
  docs: {
    summary: 'Finds TS_DEBUG_MTU values larger than the links can carry.',
    why: 'Every tailnet packet gains up to 80 bytes of WireGuard/UDP/IPv6 headers, so a TUN MTU above the link MTU minus 80 makes full-size packets fragment or vanish (PMTU black holes), and values above 65495 are clamped anyway (T14).',
    invalid: `apiVersion: v1alpha1
kind: ExtensionServiceConfig
name: tailscale
environment:
  - TS_DEBUG_MTU=1500
---
apiVersion: v1alpha1
kind: LinkConfig
name: enp1s0
mtu: 1500
`,
    valid: `apiVersion: v1alpha1
kind: ExtensionServiceConfig
name: tailscale
environment:
  - TS_DEBUG_MTU=1420
---
apiVersion: v1alpha1
kind: LinkConfig
name: enp1s0
mtu: 1500
`,
  },
  check(context) {
    for (const service of servicesOf(context.target)) {
      const entry = service.effectiveEntry.get('TS_DEBUG_MTU')
      if (!entry) continue
      const mtu = parseDebugMtu(entry.value ?? '')
      if (mtu.kind !== 'ok') continue
      if (mtu.value > MAX_TUN_MTU) {
        context.report({ at: atValue(entry), messageId: 'clamped', data: { value: mtu.value } })
        continue
      }
      // Judge against the largest configured link: traffic may leave through any of them.
      const widest = linkMtus(context.target.documents).reduce<{ link: string; mtu: number } | undefined>(
        (best, link) =>
          !best || link.value > best.mtu ? { link: link.link ?? 'an interface', mtu: link.value } : best,
        undefined,
      )
      if (widest && mtu.value > maxTunMtuForLink(widest.mtu)) {
        context.report({
          at: atValue(entry),
          messageId: 'link',
          data: {
            value: mtu.value,
            link: widest.link,
            linkMtu: widest.mtu,
            max: maxTunMtuForLink(widest.mtu),
          },
        })
      }
    }
  },
})
