import { TAILNET_IPV4, TAILNET_IPV6, TAILNET_RANGES } from '../../talos/net.ts'
import { judgedDocuments } from '../facts/clusters.ts'
import { blockingFirewall, firewallAllows, openPortEdits } from '../facts/firewall.ts'
import { tailscaleInPlay } from '../facts/tailscale-use.ts'
import { atValue } from '../locations.ts'
import { CONFIG_KINDS, defineRule } from '../rule.ts'

export default defineRule({
  code: 'TAL950',
  name: 'firewall-blocks-talos-api-from-tailnet',
  topic: 'firewall',
  severity: 'warning',
  scope: 'target',
  kinds: CONFIG_KINDS,
  messages: {
    blocked: `the ingress firewall blocks by default and no NetworkRuleConfig opens 50000/tcp (Talos API) to ${TAILNET_IPV4}: tailscale0 is not a trusted interface, so talosctl over the tailnet is locked out`,
  },
  fixTitle: 'Add a NetworkRuleConfig that opens 50000/tcp to the tailnet ranges',
  fix: 'unsafe',
  docs: {
    fixSafety:
      'it opens the Talos API to every address of the tailnet ranges; who may reach it is then up to your tailnet policy.',
    summary: 'A blocking ingress firewall with no rule for the Talos API from the tailnet.',
    why: 'With NetworkDefaultActionConfig ingress: block Talos accepts traffic only on lo, siderolink and kubespan without rules; tailscale0 is not trusted, so reaching the Talos API (50000/tcp) over Tailscale needs a NetworkRuleConfig from 100.64.0.0/10 (T17), or the tailnet path to the node is locked out.',
    invalid: `apiVersion: v1alpha1
kind: NetworkDefaultActionConfig
ingress: block
---
apiVersion: v1alpha1
kind: ExtensionServiceConfig
name: tailscale
environment:
  - TS_AUTHKEY=\${TS_AUTHKEY}
`,
    valid: `apiVersion: v1alpha1
kind: NetworkDefaultActionConfig
ingress: block
---
apiVersion: v1alpha1
kind: NetworkRuleConfig
name: talos-api-tailnet
portSelector:
  ports: [50000]
  protocol: tcp
ingress:
  - subnet: 100.64.0.0/10
---
apiVersion: v1alpha1
kind: ExtensionServiceConfig
name: tailscale
environment:
  - TS_AUTHKEY=\${TS_AUTHKEY}
`,
  },
  check({ target, targets, report }) {
    const block = blockingFirewall(target)
    if (!block || !tailscaleInPlay(target, targets)) return
    if (firewallAllows(judgedDocuments(target, targets), 'tcp', 50000, TAILNET_RANGES[0])) return
    const edits = openPortEdits(block, {
      name: 'talos-api-tailnet',
      port: 50000,
      protocol: 'tcp',
      subnets: [TAILNET_IPV4, TAILNET_IPV6],
    })
    report({ at: atValue(block), messageId: 'blocked', ...(edits ? { edits } : {}) })
  },
})
