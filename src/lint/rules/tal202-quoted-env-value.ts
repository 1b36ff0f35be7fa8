import type { TextEdit } from '../../core/finding.ts'
import type { EnvEntry } from '../../tailscale/parse.ts'
import { CONFIG_KINDS, defineRule } from '../rule.ts'
import { atValue, atValuePart, replaceInValue, servicesOf } from './util/esc.ts'

const ARG_KEYS = new Set(['TS_EXTRA_ARGS', 'TS_TAILSCALED_EXTRA_ARGS'])

export default defineRule({
  code: 'TAL202',
  name: 'quoted-env-value',
  topic: 'extension-service',
  severity: 'error',
  scope: 'target',
  kinds: CONFIG_KINDS,
  messages: {
    wrapped:
      'the value of {{key}} is wrapped in {{quote}} quotes; Talos passes them on literally, so they become part of the value',
    inArgs:
      '{{key}} contains quotes in "{{word}}"; containerboot splits on spaces without shell parsing, so the quotes reach the flag literally',
  },
  fixTitle: 'Remove the quotes: write KEY=value inside the YAML string',
  fix: 'safe',
  docs: {
    summary: 'Finds environment values wrapped in quotes, or quotes inside TS_EXTRA_ARGS words.',
    why: 'Environment entries are not parsed by a shell or dotenv reader, so `TS_AUTHKEY="tskey-…"` hands Tailscale a key that starts with a quote and login fails (T7).',
    invalid: `apiVersion: v1alpha1
kind: ExtensionServiceConfig
name: tailscale
environment:
  - TS_EXTRA_ARGS="--ssh --advertise-tags=tag:talos"
`,
    valid: `apiVersion: v1alpha1
kind: ExtensionServiceConfig
name: tailscale
environment:
  - TS_EXTRA_ARGS=--ssh --advertise-tags=tag:talos
`,
  },
  check(context) {
    for (const service of servicesOf(context.target)) {
      for (const entry of service.entries) {
        if (entry.key === undefined || entry.value === undefined) continue
        const value = entry.value
        const quote = value[0]
        if (value.length >= 2 && (quote === '"' || quote === "'") && value.at(-1) === quote) {
          const edits: TextEdit[] = []
          if (entry.offsets && !value.slice(1, -1).includes(quote)) {
            edits.push(
              replaceInValue(entry, 0, 1, ''),
              replaceInValue(entry, value.length - 1, value.length, ''),
            )
          }
          context.report({
            at: atValue(entry),
            messageId: 'wrapped',
            data: { key: entry.key, quote: quote === '"' ? 'double' : 'single' },
            edits,
          })
          continue
        }
        if (ARG_KEYS.has(entry.key)) reportArgQuotes(entry, context.report)
      }
    }
  },
})

function reportArgQuotes(
  entry: EnvEntry,
  report: (d: {
    at: ReturnType<typeof atValue>
    messageId: 'inArgs'
    data: Record<string, string>
    edits: TextEdit[]
  }) => void,
): void {
  const value = entry.value ?? ''
  for (const match of value.matchAll(/\S+/g)) {
    const word = match[0]
    if (!/["']/.test(word)) continue
    const start = match.index
    const edits: TextEdit[] = []
    if (entry.offsets) {
      for (let i = 0; i < word.length; i++) {
        if (word[i] === '"' || word[i] === "'")
          edits.push(replaceInValue(entry, start + i, start + i + 1, ''))
      }
    }
    const name = /^-{1,2}[^=]*/.exec(word)?.[0] ?? word
    report({
      at: atValuePart(entry, start, start + word.length),
      messageId: 'inArgs',
      data: { key: entry.key!, word: /^-/.test(word) ? `${name}=…` : '…' },
      edits,
    })
  }
}
