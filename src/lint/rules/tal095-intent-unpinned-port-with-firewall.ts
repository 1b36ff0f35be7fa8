import { defineRule } from '../rule.ts'
import { intentFile } from './util/intent.ts'

export default defineRule({
  code: 'TAL095',
  name: 'intent-unpinned-port-with-firewall',
  topic: 'firewall',
  severity: 'warning',
  scope: 'target',
  kinds: ['intent'],
  messages: {
    random:
      'tailscale.port is random while cluster.firewall is block: no ingress rule can name the Tailscale port, so peers cannot connect directly and traffic falls back to DERP relays',
  },
  fixTitle: 'Pin the port (tailscale.port: 41641) so talscale can open it in the firewall',
  fix: 'none',
  docs: {
    summary: 'Finds an unpinned Tailscale UDP port on nodes whose ingress firewall blocks by default.',
    why: 'Inside the extension tailscaled picks a random UDP port unless --port pins it (T8), and with the ingress firewall in block mode only ports named in a NetworkRuleConfig are reachable (T17), so direct connections cannot be accepted.',
    invalid: `version: 1
cluster:
  name: home
  endpoint: https://192.168.1.10:6443
  lanSubnets: [192.168.1.0/24]
  firewall: block
tailscale:
  auth:
    authKey: { env: TS_AUTHKEY }
  port: random
nodes:
  - { hostname: cp-1, role: controlplane, address: 192.168.1.11 }
`,
    valid: `version: 1
cluster:
  name: home
  endpoint: https://192.168.1.10:6443
  lanSubnets: [192.168.1.0/24]
  firewall: block
tailscale:
  auth:
    authKey: { env: TS_AUTHKEY }
  port: 41641
nodes:
  - { hostname: cp-1, role: controlplane, address: 192.168.1.11 }
`,
    exampleKind: 'intent',
  },
  check(context) {
    const file = intentFile(context.target)
    if (file?.intent.tailscale.port !== 'random' || file.intent.cluster.firewall !== 'block') return
    context.report({ at: file.at(['tailscale', 'port']), messageId: 'random' })
  },
})
