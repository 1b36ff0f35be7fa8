import { canonicalCidr } from '../../core/net.ts'
import { kubeSpan } from '../../talos/accessors.ts'
import { parseFilter, selectedWithin, TAILNET_IPV4, TAILNET_IPV6, TAILNET_RANGES } from '../../talos/net.ts'
import { tailscaleInPlay } from '../facts/tailscale-use.ts'
import { atKey } from '../locations.ts'
import { CONFIG_KINDS, defineRule } from '../rule.ts'
import { appendToSeq, insertPath } from '../yaml-edits.ts'

export default defineRule({
  code: 'TAL900',
  name: 'kubespan-advertises-tailnet',
  topic: 'kubespan',
  severity: 'warning',
  scope: 'target',
  kinds: CONFIG_KINDS,
  messages: {
    unfiltered:
      'KubeSpan is enabled without filters.endpoints, so it announces the node’s tailnet address ({{ranges}}) as a WireGuard endpoint and peers may run KubeSpan through Tailscale',
    admits:
      'KubeSpan filters.endpoints admits the tailnet range {{ranges}}, so KubeSpan announces the node’s tailnet address as a WireGuard endpoint and peers may run KubeSpan through Tailscale',
  },
  fixTitle: 'Exclude the tailnet ranges from KubeSpan filters.endpoints',
  fix: 'safe',
  docs: {
    summary: 'KubeSpan on a Tailscale node announces the tailnet address as an endpoint.',
    why: 'KubeSpan publishes every node address, the 100.64.0.0/10 tailnet address included, as a WireGuard endpoint unless filters.endpoints excludes it (T9); there is no port clash (KubeSpan uses 51820/udp, Tailscale a random port), the problem is the tunnel inside the tunnel. Apply the filter on every node.',
    invalid: `apiVersion: v1alpha1
kind: KubeSpanConfig
enabled: true
---
apiVersion: v1alpha1
kind: ExtensionServiceConfig
name: tailscale
environment:
  - TS_AUTHKEY=\${TS_AUTHKEY}
`,
    valid: `apiVersion: v1alpha1
kind: KubeSpanConfig
enabled: true
filters:
  endpoints: [0.0.0.0/0, "!100.64.0.0/10", "::/0", "!fd7a:115c:a1e0::/48"]
  excludeAdvertisedNetworks: [100.64.0.0/10, "fd7a:115c:a1e0::/48"]
---
apiVersion: v1alpha1
kind: ExtensionServiceConfig
name: tailscale
environment:
  - TS_AUTHKEY=\${TS_AUTHKEY}
`,
  },
  check({ target, targets, report }) {
    const settings = kubeSpan(target.documents, target.talosVersion)
    if (settings.enabled?.value !== 'true' || !tailscaleInPlay(target, targets)) return
    const lists = settings.endpoints.lists
    if (lists.length === 0) {
      const block = settings.blocks.at(-1)!
      const edits = insertPath(
        block.doc,
        [...block.path, 'filters', 'endpoints'],
        ['0.0.0.0/0', `!${TAILNET_IPV4}`, '::/0', `!${TAILNET_IPV6}`],
      )
      report({
        at: atKey(settings.enabled),
        messageId: 'unfiltered',
        data: { ranges: `${TAILNET_IPV4}, ${TAILNET_IPV6}` },
        ...(edits ? { edits } : {}),
      })
      return
    }
    const entries = parseFilter(settings.endpoints.entries.map(entry => entry.value))
    const ranges = TAILNET_RANGES.filter(range => selectedWithin(entries, range).length > 0).map(
      canonicalCidr,
    )
    if (ranges.length === 0) return
    const last = lists.at(-1)!
    const edits = appendToSeq(
      last.doc,
      last.node,
      ranges.map(range => `!${range}`),
    )
    report({
      at: { source: last.source, node: last.keyNode ?? last.node },
      messageId: 'admits',
      data: { ranges: ranges.join(' and ') },
      ...(edits ? { edits } : {}),
    })
  },
})
