import { isScalar } from 'yaml'
import { defineRule } from '../rule.ts'
import { intentFile } from './util/intent.ts'

export default defineRule({
  code: 'TAL093',
  name: 'intent-accept-dns',
  topic: 'dns',
  severity: 'warning',
  scope: 'target',
  kinds: ['intent'],
  messages: {
    on: 'tailscale.acceptDns is true: the nodes will resolve through the tailnet, so host DNS fails whenever Tailscale is down or not yet up',
  },
  fixTitle: 'Set acceptDns to false and reach MagicDNS names through the CoreDNS forward talscale generates',
  fix: 'unsafe',
  docs: {
    fixSafety:
      'nodes stop taking DNS from Tailscale, so tailnet names resolve only through the CoreDNS forward talscale generates; anything on the host that relied on MagicDNS directly stops resolving them.',
    summary: 'Finds intent files that turn on tailnet DNS for the Talos hosts.',
    why: 'Under containerboot --accept-dns defaults to false (T10), and that is what a Talos host wants: with it on, the host resolver depends on the tailnet at boot, image pulls and time sync included; Kubernetes workloads reach MagicDNS names through the CoreDNS forward instead.',
    invalid: `version: 1
cluster:
  name: home
  endpoint: https://192.168.1.10:6443
  lanSubnets: [192.168.1.0/24]
tailscale:
  auth:
    authKey: { env: TS_AUTHKEY }
  acceptDns: true
nodes:
  - { hostname: cp-1, role: controlplane, address: 192.168.1.11 }
`,
    valid: `version: 1
cluster:
  name: home
  endpoint: https://192.168.1.10:6443
  lanSubnets: [192.168.1.0/24]
tailscale:
  auth:
    authKey: { env: TS_AUTHKEY }
  acceptDns: false
nodes:
  - { hostname: cp-1, role: controlplane, address: 192.168.1.11 }
`,
    exampleKind: 'intent',
  },
  check(context) {
    const file = intentFile(context.target)
    if (!file?.intent.tailscale.acceptDns) return
    const at = file.at(['tailscale', 'acceptDns'])
    const node = at.node
    const edits =
      isScalar(node) && node.range
        ? [{ file: file.source.path, start: node.range[0], end: node.range[1], text: 'false' }]
        : []
    context.report({ at, messageId: 'on', edits })
  },
})
