/**
 * What the Talos ingress firewall lets through: whether its default action blocks, whether a
 * rule opens a port to (part of) a source range, and the edit that adds such a rule. The firewall
 * rules (TAL95x) ask whether the tailnet still reaches the Talos API and the tailscale port; the
 * rule matching lives here so that port ranges, `except` and address families are read one way.
 * @module
 */
import type { TextEdit } from '../../core/finding.ts'
import { type Cidr, cidrWithin, intervalOf } from '../../core/net.ts'
import { firewall, type Located } from '../../talos/accessors.ts'
import type { TalosDocument } from '../../talos/documents.ts'
import { parseSubnetOrAddress } from '../../talos/net.ts'
import type { LintTarget } from '../rule.ts'
import { appendDocument } from '../yaml-edits.ts'

/** The blocking default action of the ingress firewall, when it blocks. */
export function blockingFirewall(target: LintTarget): Located<string> | undefined {
  const action = firewall(target.documents).defaultAction
  return action?.value.trim().toLowerCase() === 'block' ? action : undefined
}

/** True when some rule among the documents opens `port`/`protocol` to part of `from` (any source when omitted). */
export function firewallAllows(
  documents: readonly TalosDocument[][],
  protocol: 'tcp' | 'udp',
  port: number,
  from?: Cidr,
): boolean {
  return documents.some(docs =>
    firewall(docs).rules.some(
      rule =>
        (rule.protocol ?? '').toLowerCase() === protocol &&
        rule.ports.some(([low, high]) => low <= port && port <= high) &&
        rule.ingress.some(({ subnet, except }) => {
          const cidr = parseSubnetOrAddress(subnet.value)
          if (!cidr) return false
          if (!from) return true
          const a = intervalOf(cidr)
          const b = intervalOf(from)
          if (a.family !== b.family || a.high < b.low || b.high < a.low) return false
          const excluded = except ? parseSubnetOrAddress(except.value) : undefined
          return !(excluded && cidrWithin(from, excluded))
        }),
    ),
  )
}

/**
 * Edits that open `port`/`protocol` from `subnets` with a new NetworkRuleConfig, appended to the
 * file of the blocking default action: the rule then travels with the firewall it answers.
 */
export function openPortEdits(
  block: Located<string>,
  rule: { name: string; port: number; protocol: 'tcp' | 'udp'; subnets: readonly string[] },
): TextEdit[] | undefined {
  return appendDocument(block.doc, {
    apiVersion: 'v1alpha1',
    kind: 'NetworkRuleConfig',
    name: rule.name,
    portSelector: { ports: [rule.port], protocol: rule.protocol },
    ingress: rule.subnets.map(subnet => ({ subnet })),
  })
}
