import { judgedDocuments } from '../facts/clusters.ts'
import { blockingFirewall, firewallAllows, openPortEdits } from '../facts/firewall.ts'
import { tailscaleIntent } from '../facts/tailscale-intent.ts'
import { CONFIG_KINDS, defineRule } from '../rule.ts'
import { atEntry, atFlagValue } from './util/esc.ts'

export default defineRule({
  code: 'TAL952',
  name: 'firewall-blocks-tailscale-port',
  topic: 'firewall',
  severity: 'warning',
  scope: 'target',
  kinds: CONFIG_KINDS,
  messages: {
    blocked:
      'tailscaled listens on {{port}}/udp, but the ingress firewall blocks by default and no NetworkRuleConfig opens {{port}}/udp: peers cannot connect directly and traffic falls back to DERP relays',
  },
  fixTitle: 'Add a NetworkRuleConfig that opens the Tailscale UDP port',
  fix: 'unsafe',
  docs: {
    fixSafety: "it opens the Tailscale UDP port to every source address on the node's interfaces.",
    summary: 'A pinned Tailscale UDP port that the blocking ingress firewall does not open.',
    why: 'With the ingress firewall blocking, only rules open ports on tailscale0 and the LAN (T17); Tailscale needs its UDP port reachable for direct (peer-to-peer) connections, otherwise it relays through DERP.',
    invalid: `apiVersion: v1alpha1
kind: NetworkDefaultActionConfig
ingress: block
---
apiVersion: v1alpha1
kind: ExtensionServiceConfig
name: tailscale
environment:
  - TS_AUTHKEY=\${TS_AUTHKEY}
  - TS_TAILSCALED_EXTRA_ARGS=--port=41641
`,
    valid: `apiVersion: v1alpha1
kind: NetworkDefaultActionConfig
ingress: block
---
apiVersion: v1alpha1
kind: NetworkRuleConfig
name: tailscale-udp
portSelector:
  ports: [41641]
  protocol: udp
ingress:
  - subnet: 0.0.0.0/0
  - subnet: ::/0
---
apiVersion: v1alpha1
kind: ExtensionServiceConfig
name: tailscale
environment:
  - TS_AUTHKEY=\${TS_AUTHKEY}
  - TS_TAILSCALED_EXTRA_ARGS=--port=41641
`,
  },
  check({ target, targets, report }) {
    const block = blockingFirewall(target)
    if (!block) return
    const judged = judgedDocuments(target, targets)
    const port = judged.map(docs => tailscaleIntent(docs).port).find(found => found !== undefined)
    if (!port || !/^\d{1,5}$/.test(port.value.trim())) return
    const number = Number(port.value.trim())
    if (number === 0 || number > 65535 || firewallAllows(judged, 'udp', number)) return
    const edits = openPortEdits(block, {
      name: 'tailscale-udp',
      port: number,
      protocol: 'udp',
      subnets: ['0.0.0.0/0', '::/0'],
    })
    report({
      at: port.flag ? atFlagValue(port.entry, port.flag) : atEntry(port.entry),
      messageId: 'blocked',
      data: { port: number },
      ...(edits ? { edits } : {}),
    })
  },
})
