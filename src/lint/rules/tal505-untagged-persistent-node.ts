import { CONFIG_KINDS, defineRule } from '../rule.ts'
import { advertisesTags, effectiveCredential, oauthOf } from './util/auth.ts'
import { atKey, servicesOf } from './util/esc.ts'

export default defineRule({
  code: 'TAL505',
  name: 'untagged-persistent-node',
  topic: 'state',
  // Info, not warning: a key created with tags tags the device without --advertise-tags, and the key's
  // tags cannot be seen in the config. Real repositories mostly use such keys and pass no tag flag.
  severity: 'info',
  scope: 'target',
  kinds: CONFIG_KINDS,
  messages: {
    untagged:
      "the node logs in with {{label}} but TS_EXTRA_ARGS has no --advertise-tags: unless that key was created with tags (then the device takes the key's tags), the device is owned by a user and keeps node-key expiry (180 days by default), and when the key expires this Talos node, which nobody logs in to interactively, drops off the tailnet until it is re-authenticated",
  },
  fixTitle:
    'Add --advertise-tags=tag:<name> to TS_EXTRA_ARGS (with a key created for that tag), so the node key does not expire',
  fix: 'none',
  docs: {
    summary: 'Finds persistent Talos nodes that join the tailnet without a tag.',
    why: 'Devices owned by a user keep node-key expiry (180 days unless the tailnet changes it); when it runs out the device must be re-authenticated interactively, which a headless Talos node cannot do, so it silently leaves the tailnet. Tagged devices have key expiry disabled by default and are owned by the tag, which also lets autoApprovers approve their routes (T15, T16). An auth key created with tags tags the device by itself, and the config cannot show whether a key was, so this is a note, not a warning.',
    invalid: `version: v1alpha1
machine:
  type: worker
---
apiVersion: v1alpha1
kind: ExtensionServiceConfig
name: tailscale
environment:
  - TS_AUTHKEY=\${TS_AUTHKEY}
  - TS_HOSTNAME=cp-1
`,
    valid: `version: v1alpha1
machine:
  type: worker
---
apiVersion: v1alpha1
kind: ExtensionServiceConfig
name: tailscale
environment:
  - TS_AUTHKEY=\${TS_AUTHKEY}
  - TS_EXTRA_ARGS=--advertise-tags=tag:talos
`,
    exampleKind: 'machine-config',
  },
  check(context) {
    // Judged on whole nodes only: a lone patch may be merged with one that adds the tags.
    // Ephemeral devices are removed when offline anyway; expiry does not matter for them.
    if (!context.target.complete || context.target.hints.persistent === false) return
    for (const service of servicesOf(context.target)) {
      if (advertisesTags(service)) continue
      const credential = effectiveCredential(service)
      // Without a credential in view the login is configured elsewhere; OAuth without tags is TAL303.
      if (!credential || oauthOf(credential)) continue
      context.report({
        at: atKey(credential.entry),
        messageId: 'untagged',
        data: { label: credential.label },
      })
    }
  },
})
