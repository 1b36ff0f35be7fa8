import { onlyExclusions, parseFilter } from '../../talos/net.ts'
import { nodeIpPins } from '../facts/node-ip.ts'
import { CONFIG_KINDS, defineRule } from '../rule.ts'
import { prependToSeq } from '../yaml-edits.ts'

export default defineRule({
  code: 'TAL603',
  name: 'node-ip-only-exclusions',
  topic: 'node-ip',
  severity: 'error',
  scope: 'target',
  kinds: CONFIG_KINDS,
  messages: {
    kubelet:
      '{{setting}} holds only exclusions ({{list}}): exclusions remove only what an earlier entry added, so it selects nothing and kubelet gets no node IP',
    etcd: '{{setting}} holds only exclusions ({{list}}): exclusions remove only what an earlier entry added, so it selects no address and etcd does not start',
  },
  fixTitle: 'Start the list with 0.0.0.0/0 (or ::/0) so the exclusions have something to remove from',
  fix: 'safe',
  docs: {
    summary: 'A kubelet or etcd subnet list made only of "!" exclusions.',
    why: 'Talos applies subnet lists in order with FilterIPs: a positive entry adds addresses and a "!" entry removes only addresses already added, so a list of only exclusions selects nothing (T12); kubelet then has no node IP and etcd gets no spec.',
    invalid: `cluster:
  etcd:
    advertisedSubnets:
      - "!100.64.0.0/10"
`,
    valid: `cluster:
  etcd:
    advertisedSubnets:
      - 0.0.0.0/0
      - "!100.64.0.0/10"
`,
  },
  check({ target, report }) {
    for (const pin of nodeIpPins(target)) {
      const entries = parseFilter(pin.list.entries.map(entry => entry.value))
      if (!onlyExclusions(entries)) continue
      const positives: string[] = []
      if (entries.some(entry => entry.cidr?.family === 4)) positives.push('0.0.0.0/0')
      if (entries.some(entry => entry.cidr?.family === 6)) positives.push('::/0')
      const first = pin.list.lists[0]!
      const edits = positives.length > 0 ? prependToSeq(first.doc, first.node, positives) : undefined
      report({
        at: { source: pin.list.entries[0]!.source, node: pin.list.entries[0]!.node },
        messageId: pin.who,
        data: { setting: pin.label, list: pin.list.entries.map(entry => entry.value).join(', ') },
        ...(edits ? { edits } : {}),
      })
    }
  },
})
