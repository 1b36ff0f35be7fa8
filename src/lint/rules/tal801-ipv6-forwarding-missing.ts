import { sysctls } from '../../talos/accessors.ts'
import { parseSubnetOrAddress } from '../../talos/net.ts'
import { addSetting, CONFIG_KINDS, judgedDocuments, tailscaleIntent } from '../node-facts.ts'
import { defineRule, type Location } from '../rule.ts'
import { replaceScalar } from '../yaml-edits.ts'
import { atEntry, atFlag } from './util/esc.ts'

const KEY = 'net.ipv6.conf.all.forwarding'

export default defineRule({
  code: 'TAL801',
  name: 'ipv6-forwarding-missing',
  topic: 'routing',
  severity: 'error',
  scope: 'target',
  kinds: CONFIG_KINDS,
  messages: {
    routes: `tailscale advertises the IPv6 route(s) {{routes}}, but ${KEY} is {{current}}: Talos enables only net.ipv6.conf.default.forwarding, so IPv6 traffic for those routes is not forwarded`,
    exitNode: `tailscale advertises an exit node, but ${KEY} is {{current}}: Talos enables only net.ipv6.conf.default.forwarding, so IPv6 traffic through the exit node is not forwarded`,
  },
  fixTitle: `Set the sysctl ${KEY} to "1"`,
  fix: 'unsafe',
  docs: {
    summary: 'An IPv6 subnet router or exit node without net.ipv6.conf.all.forwarding.',
    why: 'Talos turns on net.ipv4.ip_forward and only net.ipv6.conf.default.forwarding, not conf.all (T11); IPv6 routes and exit nodes need all.forwarding = 1. Enabling it makes Linux ignore router advertisements on interfaces without accept_ra=2, so check SLAAC-configured links first.',
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
    const v6 = intent.routes.filter(route => parseSubnetOrAddress(route.cidr)?.family === 6)
    if (v6.length === 0 && !intent.exitNode) return
    let current: ReturnType<ReturnType<typeof sysctls>['get']>
    for (const docs of judgedDocuments(target, targets)) {
      const found = sysctls(docs, target.talosVersion).get(KEY)
      if (found?.value.trim() === '1') return
      current ??= found
    }
    let at: Location
    if (v6.length > 0) at = v6[0]!.flag ? atFlag(v6[0]!.entry, v6[0]!.flag) : atEntry(v6[0]!.entry)
    else at = atFlag(intent.exitNode!.entry, intent.exitNode!.flag)
    const edits = current
      ? replaceScalar(current.doc, current.node, '"1"')
      : addSetting(target, ['machine', 'sysctls', KEY], '1', {
          kind: 'SysctlConfig',
          path: ['params', KEY],
          since: 14,
        })
    report({
      at,
      messageId: v6.length > 0 ? 'routes' : 'exitNode',
      data: {
        routes: v6.map(route => route.cidr).join(', '),
        current: current ? `"${current.value}"` : 'not set',
      },
      ...(edits ? { edits } : {}),
    })
  },
})
