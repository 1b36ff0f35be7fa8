import { tailscaleIntent } from '../facts/tailscale-intent.ts'
import { CONFIG_KINDS, defineRule } from '../rule.ts'
import { atFlag } from './util/esc.ts'

export default defineRule({
  code: 'TAL802',
  name: 'exit-node-without-snat',
  topic: 'routing',
  severity: 'warning',
  scope: 'target',
  kinds: CONFIG_KINDS,
  messages: {
    snatOff:
      '--snat-subnet-routes=false with --advertise-exit-node: traffic through the exit node leaves with tailnet source addresses (100.64.0.0/10), which the upstream network does not route back',
  },
  fixTitle: 'Remove --snat-subnet-routes=false, or route the tailnet range back to this node upstream',
  fix: 'none',
  docs: {
    summary: 'An exit node with source NAT turned off.',
    why: 'With SNAT off Tailscale forwards client traffic with its tailnet source address; for subnet routes that can be deliberate (the LAN routes 100.64.0.0/10 back), but internet traffic through an exit node has no way back, so clients lose connectivity (T11, routing).',
    invalid: `apiVersion: v1alpha1
kind: ExtensionServiceConfig
name: tailscale
environment:
  - TS_AUTHKEY=\${TS_AUTHKEY}
  - TS_EXTRA_ARGS=--advertise-exit-node --snat-subnet-routes=false
`,
    valid: `apiVersion: v1alpha1
kind: ExtensionServiceConfig
name: tailscale
environment:
  - TS_AUTHKEY=\${TS_AUTHKEY}
  - TS_EXTRA_ARGS=--advertise-routes=192.168.1.0/24 --snat-subnet-routes=false
`,
  },
  check({ target, report }) {
    const intent = tailscaleIntent(target.documents)
    if (!intent.exitNode || !intent.snatOff) return
    report({ at: atFlag(intent.snatOff.entry, intent.snatOff.flag), messageId: 'snatOff' })
  },
})
