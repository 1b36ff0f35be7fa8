import { isOpaqueValue } from '../../tailscale/keys.ts'
import { checkTag, lastFlag } from '../../tailscale/parse.ts'
import { describeTailscaleFor, extensionHas, TAILSCALE_CHANGES } from '../../tailscale/versions.ts'
import { CONFIG_KINDS, defineRule } from '../rule.ts'
import { atValuePart, safeText, servicesOf } from './util/esc.ts'

export default defineRule({
  code: 'TAL407',
  name: 'invalid-tag',
  topic: 'flags',
  severity: 'error',
  scope: 'target',
  kinds: CONFIG_KINDS,
  messages: {
    invalid: '--advertise-tags has "{{tag}}": tailscale up exits with "{{message}}" ({{version}})',
    bare: '--advertise-tags has "{{tag}}" without the "tag:" prefix: {{version}} exits with "{{message}}"; Tailscale adds the prefix itself only from 1.98',
  },
  fixTitle: 'Write each tag as tag:<letter>[letters, digits, dashes], comma-separated',
  fix: 'none',
  docs: {
    summary: 'Finds --advertise-tags values that tailscale up rejects.',
    why: 'tailscale up checks every tag (tag: prefix, a letter first, then letters, digits or dashes) and exits on the first bad one, so the service crash-loops; Talos does not look inside TS_EXTRA_ARGS (T7). A bare name (no colon) is accepted only from Tailscale 1.98, which the extension ships from Talos v1.13.3; any other colon still needs tag:.',
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
    const talos = context.target.talosVersion
    const bareTags = extensionHas(talos, TAILSCALE_CHANGES.bareTags)
    const version = describeTailscaleFor(talos)
    for (const service of servicesOf(context.target)) {
      const extra = service.extraArgs
      // Go's flag package keeps the last value: only that one is checked.
      for (const flag of [lastFlag(extra?.args, 'advertise-tags')].filter(f => f !== undefined)) {
        if (flag.canonical !== 'advertise-tags' || !flag.value) continue
        let cursor = flag.valueStart
        for (const tag of flag.value.split(',')) {
          const start = cursor
          cursor += tag.length + 1
          if (isOpaqueValue(tag)) continue
          const result = checkTag(tag, bareTags)
          if (!result.message) continue
          const at = atValuePart(extra!.entry, start, start + tag.length)
          const bare = !bareTags && !tag.includes(':') && checkTag(tag, true).message === undefined
          context.report({
            at,
            messageId: bare ? 'bare' : 'invalid',
            data: { tag: safeText(tag, 60), message: safeText(result.message, 120), version },
          })
        }
      }
    }
  },
})
