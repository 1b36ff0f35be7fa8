import { canonicalCidr, cidrWithin } from '../../core/net.ts'
import { type FilterEntry, parseFilter, selectedWithin, TAILNET_RANGES } from '../../talos/net.ts'
import { nodeIpPins } from '../facts/node-ip.ts'
import { tailscaleInPlay } from '../facts/tailscale-use.ts'
import { CONFIG_KINDS, defineRule } from '../rule.ts'
import { appendToSeq } from '../yaml-edits.ts'

export default defineRule({
  code: 'TAL602',
  name: 'node-ip-pin-includes-tailnet',
  topic: 'node-ip',
  severity: 'error',
  scope: 'target',
  kinds: CONFIG_KINDS,
  messages: {
    includes:
      '{{setting}} entry "{{entry}}" also selects the tailnet range {{ranges}}, so {{who}} can pick the tailscale0 address',
  },
  fixTitle: 'Exclude the tailnet range with a trailing "!" entry',
  fix: 'safe',
  docs: {
    summary:
      'A kubelet or etcd subnet pin whose broad entry (such as 0.0.0.0/0) also admits the tailnet range.',
    why: 'Pins are read with FilterIPs: a broad positive entry admits the 100.64.0.0/10 tailnet address too, and it sorts before 172.16/12 and 192.168/16 LAN addresses, so the pin does not stop the flip to the tailnet; a trailing exclusion does (T12).',
    invalid: `machine:
  kubelet:
    nodeIP:
      validSubnets:
        - 0.0.0.0/0
---
apiVersion: v1alpha1
kind: ExtensionServiceConfig
name: tailscale
environment:
  - TS_AUTHKEY=\${TS_AUTHKEY}
`,
    valid: `machine:
  kubelet:
    nodeIP:
      validSubnets:
        - 0.0.0.0/0
        - "!100.64.0.0/10"
---
apiVersion: v1alpha1
kind: ExtensionServiceConfig
name: tailscale
environment:
  - TS_AUTHKEY=\${TS_AUTHKEY}
`,
  },
  check({ target, targets, report }) {
    if (!tailscaleInPlay(target, targets)) return
    for (const pin of nodeIpPins(target)) {
      const entries = parseFilter(pin.list.entries.map(entry => entry.value))
      const offending: FilterEntry[] = []
      const ranges: string[] = []
      for (const range of TAILNET_RANGES) {
        // An entry inside the tailnet range is deliberate (Tailscale as the cluster network).
        const broad = selectedWithin(entries, range).filter(
          part => part.entry.cidr && !cidrWithin(part.entry.cidr, range),
        )
        if (broad.length === 0) continue
        offending.push(broad[0]!.entry)
        ranges.push(canonicalCidr(range))
      }
      if (offending.length === 0) continue
      const first = offending.sort((a, b) => entries.indexOf(a) - entries.indexOf(b))[0]!
      const located = pin.list.entries[entries.indexOf(first)]!
      const last = pin.list.lists.at(-1)!
      const edits = appendToSeq(
        last.doc,
        last.node,
        ranges.map(range => `!${range}`),
      )
      report({
        at: { source: located.source, node: located.node },
        messageId: 'includes',
        data: { setting: pin.label, entry: located.value, ranges: ranges.join(' and '), who: pin.who },
        ...(edits ? { edits } : {}),
      })
    }
  },
})
