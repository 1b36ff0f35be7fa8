import { loadIntentCached, locateNode } from '../../intent/load.ts'
import { defineRule } from '../rule.ts'

export default defineRule({
  code: 'TAL099',
  name: 'intent-routes-without-tags',
  topic: 'routing',
  severity: 'warning',
  scope: 'target',
  kinds: ['intent'],
  messages: {
    untagged:
      'nodes[{{index}}] ({{node}}) advertises {{what}}, but tailscale.tags is empty: the generated autoApprovers name tags, so these routes wait for manual approval in the admin console',
  },
  fixTitle:
    'Add a tag (tailscale.tags: [tag:talos]) and create the auth key with it, so the routes are approved automatically',
  fix: 'none',
  docs: {
    summary: 'Finds subnet routers and exit nodes in an intent file without tags for route auto-approval.',
    why: 'A route is usable only once it is advertised and approved; talscale writes autoApprovers for the nodes tags, and an untagged node (owned by the user who made the auth key) matches none of them, so its routes stay pending.',
    invalid: `version: 1
cluster:
  name: home
  endpoint: https://192.168.1.10:6443
  lanSubnets: [192.168.1.0/24]
tailscale:
  auth:
    authKey: { env: TS_AUTHKEY }
nodes:
  - hostname: cp-1
    role: controlplane
    address: 192.168.1.11
    subnetRouter:
      routes: [lan]
`,
    valid: `version: 1
cluster:
  name: home
  endpoint: https://192.168.1.10:6443
  lanSubnets: [192.168.1.0/24]
tailscale:
  auth:
    authKey: { env: TS_AUTHKEY }
  tags: [tag:talos]
nodes:
  - hostname: cp-1
    role: controlplane
    address: 192.168.1.11
    subnetRouter:
      routes: [lan]
`,
    exampleKind: 'intent',
  },
  check(context) {
    const loaded = loadIntentCached(context.target.source)
    if (!loaded || loaded.intent.tailscale.tags.length > 0) return
    loaded.intent.nodes.forEach((node, index) => {
      if (!node.tailscale) return
      const what = [node.subnetRouter ? 'subnet routes' : '', node.exitNode ? 'an exit node' : '']
        .filter(Boolean)
        .join(' and ')
      if (what === '') return
      context.report({
        at: {
          source: context.target.source,
          node: locateNode(loaded.document.doc, [
            'nodes',
            index,
            node.subnetRouter ? 'subnetRouter' : 'exitNode',
          ]),
        },
        messageId: 'untagged',
        data: { index, node: node.hostname, what },
      })
    })
  },
})
