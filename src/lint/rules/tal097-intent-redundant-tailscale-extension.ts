import { isScalar, isSeq } from 'yaml'
import { TAILSCALE_EXTENSION } from '../../factory/schematic.ts'
import { defineRule } from '../rule.ts'
import { intentFile } from './util/intent.ts'

export default defineRule({
  code: 'TAL097',
  name: 'intent-redundant-tailscale-extension',
  topic: 'image',
  severity: 'info',
  scope: 'target',
  kinds: ['intent'],
  messages: {
    redundant: 'image.extensions lists siderolabs/tailscale, which talscale always adds to the schematic',
  },
  fixTitle: 'Remove siderolabs/tailscale from image.extensions',
  fix: 'none',
  docs: {
    summary: 'Notes siderolabs/tailscale listed among the further extensions of an intent file.',
    why: 'talscale adds siderolabs/tailscale to every schematic it generates; listing it again is noise, and since extension order is part of the schematic ID (T1) the entry suggests a control over the ID that it does not give.',
    invalid: `version: 1
cluster:
  name: home
  endpoint: https://192.168.1.10:6443
  lanSubnets: [192.168.1.0/24]
image:
  extensions: [siderolabs/iscsi-tools, siderolabs/tailscale]
tailscale:
  auth:
    authKey: { env: TS_AUTHKEY }
nodes:
  - { hostname: cp-1, role: controlplane, address: 192.168.1.11 }
`,
    valid: `version: 1
cluster:
  name: home
  endpoint: https://192.168.1.10:6443
  lanSubnets: [192.168.1.0/24]
image:
  extensions: [siderolabs/iscsi-tools]
tailscale:
  auth:
    authKey: { env: TS_AUTHKEY }
nodes:
  - { hostname: cp-1, role: controlplane, address: 192.168.1.11 }
`,
    exampleKind: 'intent',
  },
  check(context) {
    const file = intentFile(context.target)
    if (!file?.intent.image.extensions.includes(TAILSCALE_EXTENSION)) return
    const list = file.doc.getIn(['image', 'extensions'], true)
    if (!isSeq(list)) return
    for (const item of list.items) {
      if (isScalar(item) && item.value === TAILSCALE_EXTENSION)
        context.report({ at: { source: file.source, node: item }, messageId: 'redundant' })
    }
  },
})
