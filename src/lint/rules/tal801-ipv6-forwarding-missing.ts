import { tailscaleIntent } from '../facts/tailscale-intent.ts'
import { CONFIG_KINDS, defineRule } from '../rule.ts'
import { atEntry } from './util/esc.ts'
import { IPV6_FORWARDING, ipv6ForwardingOff, ipv6Routes } from './util/ipv6-forwarding.ts'

export default defineRule({
  code: 'TAL801',
  name: 'ipv6-forwarding-missing',
  topic: 'routing',
  severity: 'error',
  scope: 'target',
  kinds: CONFIG_KINDS,
  messages: {
    routes: `TS_ROUTES holds the IPv6 prefix(es) {{routes}}, but ${IPV6_FORWARDING} is {{current}}: containerboot then tries to turn it on itself, cannot write the read-only /proc/sys of the extension container, exits, and the tailscale service restarts in a loop`,
  },
  fixTitle: `Set the sysctl ${IPV6_FORWARDING} to "1"`,
  fix: 'unsafe',
  docs: {
    fixSafety: 'the node routes IPv6 between all its interfaces, not only for Tailscale.',
    summary: 'IPv6 prefixes in TS_ROUTES without net.ipv6.conf.all.forwarding: the service crash-loops.',
    why: 'Talos turns on net.ipv4.ip_forward and only net.ipv6.conf.default.forwarding, not conf.all (T11). For every TS_ROUTES prefix containerboot makes sure the matching forwarding sysctl is 1 and, when it is not, writes it; /proc/sys is read-only in the extension container, so the write fails and containerboot exits before tailscale starts. Enabling all.forwarding makes Linux ignore router advertisements on interfaces without accept_ra=2, so check SLAAC-configured links first. IPv6 routes in TS_EXTRA_ARGS and exit nodes are TAL803.',
    invalid: `apiVersion: v1alpha1
kind: ExtensionServiceConfig
name: tailscale
environment:
  - TS_AUTHKEY=\${TS_AUTHKEY}
  - TS_ROUTES=10.96.0.0/12,fd00:10:96::/108
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
  - TS_ROUTES=10.96.0.0/12,fd00:10:96::/108
`,
  },
  check({ target, targets, report }) {
    const intent = tailscaleIntent(target.documents)
    // Only TS_ROUTES: containerboot reads it; flags in TS_EXTRA_ARGS go to tailscale up untouched.
    const v6 = ipv6Routes(intent.routes, false)
    if (v6.length === 0) return
    const off = ipv6ForwardingOff(target, targets)
    if (!off) return
    report({
      at: atEntry(v6[0]!.entry),
      messageId: 'routes',
      data: { routes: v6.map(route => route.cidr).join(', '), current: off.current },
      ...(off.edits ? { edits: off.edits } : {}),
    })
  },
})
