import { canonicalCidr, cidrWithin } from '../../core/net.ts'
import { kubeSpan } from '../../talos/accessors.ts'
import { hasForm } from '../../talos/forms.ts'
import { parseSubnetOrAddress, TAILNET_RANGES } from '../../talos/net.ts'
import { tailscaleInPlay } from '../facts/tailscale-use.ts'
import { atKey } from '../locations.ts'
import { CONFIG_KINDS, defineRule } from '../rule.ts'
import { appendToSeq, insertPath } from '../yaml-edits.ts'

export default defineRule({
  code: 'TAL901',
  name: 'kubespan-routes-tailnet',
  topic: 'kubespan',
  severity: 'warning',
  scope: 'target',
  kinds: CONFIG_KINDS,
  messages: {
    missing:
      'KubeSpan is enabled without filters.excludeAdvertisedNetworks for {{ranges}}: peers’ tailnet addresses become KubeSpan routes, so traffic to them is pulled into the KubeSpan tunnel instead of Tailscale',
  },
  fixTitle: 'Add the tailnet ranges to KubeSpan filters.excludeAdvertisedNetworks',
  fix: 'safe',
  docs: {
    summary: 'KubeSpan on a Tailscale node (Talos v1.12.4+) routes peers’ tailnet addresses.',
    why: 'KubeSpan adds each peer’s routed node addresses, its 100.64.0.0/10 tailnet address included, to the peer’s AllowedIPs unless filters.excludeAdvertisedNetworks removes them (Talos v1.12.4+, T9); apply it symmetrically on all nodes.',
    invalid: `machine:
  network:
    kubespan:
      enabled: true
      filters:
        endpoints: [0.0.0.0/0, "!100.64.0.0/10"]
---
apiVersion: v1alpha1
kind: ExtensionServiceConfig
name: tailscale
environment:
  - TS_AUTHKEY=\${TS_AUTHKEY}
`,
    valid: `machine:
  network:
    kubespan:
      enabled: true
      filters:
        endpoints: [0.0.0.0/0, "!100.64.0.0/10"]
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
    // The field exists from v1.12.4 on; Talos rejects it before (strict decoder).
    if (!hasForm(target.talosVersion, 'excludeAdvertisedNetworks')) return
    const settings = kubeSpan(target.documents, target.talosVersion)
    if (settings.enabled?.value !== 'true' || !tailscaleInPlay(target, targets)) return
    const excluded = settings.excludeAdvertisedNetworks.entries
      .map(entry => parseSubnetOrAddress(entry.value))
      .filter(cidr => cidr !== undefined)
    const missing = TAILNET_RANGES.filter(range => !excluded.some(cidr => cidrWithin(range, cidr))).map(
      canonicalCidr,
    )
    if (missing.length === 0) return
    const last = settings.excludeAdvertisedNetworks.lists.at(-1)
    const block = settings.blocks.at(-1)!
    const edits = last
      ? appendToSeq(last.doc, last.node, missing)
      : insertPath(block.doc, [...block.path, 'filters', 'excludeAdvertisedNetworks'], missing)
    report({
      at: last ? { source: last.source, node: last.keyNode ?? last.node } : atKey(settings.enabled),
      messageId: 'missing',
      data: { ranges: missing.join(' and ') },
      ...(edits ? { edits } : {}),
    })
  },
})
