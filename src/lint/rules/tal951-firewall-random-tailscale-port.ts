import { judgedDocuments } from '../facts/clusters.ts'
import { blockingFirewall } from '../facts/firewall.ts'
import { tailscaleIntent } from '../facts/tailscale-intent.ts'
import { atValue } from '../locations.ts'
import { CONFIG_KINDS, defineRule } from '../rule.ts'

export default defineRule({
  code: 'TAL951',
  name: 'firewall-random-tailscale-port',
  topic: 'firewall',
  severity: 'warning',
  scope: 'target',
  kinds: CONFIG_KINDS,
  messages: {
    random:
      'the ingress firewall blocks by default, and tailscaled listens on a random UDP port (no --port in TS_TAILSCALED_EXTRA_ARGS, no PORT): no NetworkRuleConfig can open it, so peers cannot connect directly and traffic falls back to DERP relays',
  },
  fixTitle:
    'Pin the port (TS_TAILSCALED_EXTRA_ARGS=--port=41641) and open it with a NetworkRuleConfig for udp',
  fix: 'none',
  docs: {
    summary: 'Tailscale on a random UDP port behind a blocking ingress firewall.',
    why: 'Inside the extension tailscaled gets no --port, so it listens on a random UDP port (T8); with the ingress firewall blocking (T17) no rule can match it, and direct connections fail over to slower DERP relays. A pinned port can be opened.',
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
    const intents = judgedDocuments(target, targets).map(docs => tailscaleIntent(docs))
    if (!intents.some(intent => intent.services.length > 0)) return
    if (intents.some(intent => intent.port && intent.port.value.trim() !== '0')) return
    report({ at: atValue(block), messageId: 'random' })
  },
})
