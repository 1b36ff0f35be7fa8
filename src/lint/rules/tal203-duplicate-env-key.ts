import { positionAt } from '../../core/source.ts'
import type { EnvEntry } from '../../tailscale/parse.ts'
import { CONFIG_KINDS, defineRule } from '../rule.ts'
import { atKey, removeEntry, servicesOf } from './util/esc.ts'

export default defineRule({
  code: 'TAL203',
  name: 'duplicate-env-key',
  topic: 'extension-service',
  severity: 'warning',
  scope: 'target',
  kinds: CONFIG_KINDS,
  messages: {
    duplicate:
      '{{key}} is set again here, but the first occurrence wins: the value from {{first}} is the one in effect and this one is ignored',
  },
  fixTitle: 'Remove the ignored later entry (or move its value into the first one)',
  fix: 'safe',
  docs: {
    summary: 'Finds environment keys set more than once in the tailscale ExtensionServiceConfig.',
    why: 'containerboot keeps the first occurrence of a key, and strategic-merge patches append to environment lists, so a patch that "changes" TS_AUTHKEY leaves the old value in effect (T5, T6).',
    invalid: `apiVersion: v1alpha1
kind: ExtensionServiceConfig
name: tailscale
environment:
  - TS_HOSTNAME=old-name
  - TS_HOSTNAME=new-name
`,
    valid: `apiVersion: v1alpha1
kind: ExtensionServiceConfig
name: tailscale
environment:
  - TS_HOSTNAME=new-name
`,
  },
  check(context) {
    for (const service of servicesOf(context.target)) {
      const firsts = new Map<string, EnvEntry>()
      for (const entry of service.entries) {
        if (entry.key === undefined) continue
        const first = firsts.get(entry.key)
        if (!first) {
          firsts.set(entry.key, entry)
          continue
        }
        const where = positionAt(first.source, first.node.range?.[0] ?? 0)
        const firstLabel =
          first.source === entry.source ? `line ${where.line}` : `${first.source.path}:${where.line}`
        const edit = removeEntry(entry)
        context.report({
          at: atKey(entry),
          messageId: 'duplicate',
          data: { key: entry.key, first: firstLabel },
          related: [{ at: atKey(first), message: `the first ${entry.key}, the one in effect` }],
          ...(edit ? { edits: [edit] } : {}),
        })
      }
    }
  },
})
