import { tailscaleIntent } from '../facts/tailscale-intent.ts'
import { CONFIG_KINDS, defineRule } from '../rule.ts'
import { atFlag } from './util/esc.ts'
import { IPV6_FORWARDING, ipv6ForwardingOff, ipv6Routes } from './util/ipv6-forwarding.ts'

export default defineRule({
  code: 'TAL803',
  name: 'ipv6-not-forwarded',
  topic: 'routing',
  severity: 'warning',
  scope: 'target',
  kinds: CONFIG_KINDS,
  messages: {
    routes: `--advertise-routes in TS_EXTRA_ARGS holds the IPv6 route(s) {{routes}}, but ${IPV6_FORWARDING} is {{current}}: Talos enables only net.ipv6.conf.default.forwarding, so the node advertises those routes but does not forward IPv6 traffic for them`,
    exitNode: `the node advertises itself as an exit node, but ${IPV6_FORWARDING} is {{current}}: Talos enables only net.ipv6.conf.default.forwarding, so IPv4 traffic leaves through it but IPv6 traffic is not forwarded`,
  },
  fixTitle: `Set the sysctl ${IPV6_FORWARDING} to "1"`,
  fix: 'unsafe',
  docs: {
    fixSafety: 'the node routes IPv6 between all its interfaces, not only for Tailscale.',
    summary: 'An IPv6 route in TS_EXTRA_ARGS or an exit node without net.ipv6.conf.all.forwarding.',
    why: 'Talos turns on net.ipv4.ip_forward and only net.ipv6.conf.default.forwarding, not conf.all (T11). Flags in TS_EXTRA_ARGS go straight to tailscale up, which only warns, so the service runs but IPv6 is not forwarded (IPv6 prefixes in TS_ROUTES are worse: TAL801). Enabling all.forwarding makes Linux ignore router advertisements on interfaces without accept_ra=2, so check SLAAC-configured links first.',
    invalid: `apiVersion: v1alpha1
kind: ExtensionServiceConfig
name: tailscale
environment:
  - TS_AUTHKEY=\${TS_AUTHKEY}
  - TS_EXTRA_ARGS=--advertise-exit-node
`,
    valid: `machine:
  sysctls:
    net.ipv6.conf.all.forwarding: "1"
---
apiVersion: v1alpha1
kind: ExtensionServiceConfig
name: tailscale
environment:
  - TS_AUTHKEY=\${TS_AUTHKEY}
  - TS_EXTRA_ARGS=--advertise-exit-node
`,
  },
  check({ target, targets, report }) {
    const intent = tailscaleIntent(target.documents)
    const v6 = ipv6Routes(intent.routes, true)
    if (v6.length === 0 && !intent.exitNode) return
    const off = ipv6ForwardingOff(target, targets)
    if (!off) return
    const first = v6[0]
    report({
      at: first ? atFlag(first.entry, first.flag!) : atFlag(intent.exitNode!.entry, intent.exitNode!.flag),
      messageId: first ? 'routes' : 'exitNode',
      data: { routes: v6.map(route => route.cidr).join(', '), current: off.current },
      ...(off.edits ? { edits: off.edits } : {}),
    })
  },
})
