import { isOpaqueValue } from '../../tailscale/keys.ts'
import { checkTag } from '../../tailscale/parse.ts'
import { defineRule } from '../rule.ts'
import { atValuePart, servicesOf } from './util/esc.ts'

export default defineRule({
  code: 'TAL407',
  name: 'invalid-tag',
  topic: 'flags',
  severity: 'error',
  scope: 'target',
  kinds: ['machine-config', 'patch', 'rendered', 'talhelper-node'],
  messages: {
    invalid: '--advertise-tags has "{{tag}}": tailscale up exits with "{{message}}"',
    bare: '--advertise-tags has "{{tag}}" without the "tag:" prefix: Tailscale before 1.98 (the extension for Talos {{talos}}) exits with "tags must start with \'tag:\'"',
  },
  fixTitle: 'Write each tag as tag:<letter>[letters, digits, dashes], comma-separated',
  fix: 'none',
  docs: {
    summary: 'Finds --advertise-tags values that tailscale up rejects.',
    why: 'tailscale up checks every tag (tag: prefix, a letter first, then letters, digits or dashes) and exits on the first bad one, so the service crash-loops; Talos does not look inside TS_EXTRA_ARGS (T7).',
    invalid: `apiVersion: v1alpha1
kind: ExtensionServiceConfig
name: tailscale
environment:
  - TS_EXTRA_ARGS=--advertise-tags=tag:talos_nodes
`,
    valid: `apiVersion: v1alpha1
kind: ExtensionServiceConfig
name: tailscale
environment:
  - TS_EXTRA_ARGS=--advertise-tags=tag:talos-nodes,tag:k8s
`,
  },
  check(context) {
    const version = context.target.talosVersion
    // The extension ships Tailscale >= 1.98 (bare names allowed) from Talos 1.14; 1.13 mixed.
    const oldTailscale = version.minor <= 13
    for (const service of servicesOf(context.target)) {
      const extra = service.extraArgs
      for (const flag of extra?.args.flags ?? []) {
        if (flag.canonical !== 'advertise-tags' || !flag.value) continue
        let cursor = flag.valueStart
        for (const tag of flag.value.split(',')) {
          const start = cursor
          cursor += tag.length + 1
          if (isOpaqueValue(tag)) continue
          const result = checkTag(tag)
          const at = atValuePart(extra!.entry, start, start + tag.length)
          if (result.message) {
            context.report({ at, messageId: 'invalid', data: { tag, message: result.message } })
          } else if (result.bare && oldTailscale) {
            context.report({
              at,
              messageId: 'bare',
              data: { tag, talos: `v${version.major}.${version.minor}` },
            })
          }
        }
      }
    }
  },
})
